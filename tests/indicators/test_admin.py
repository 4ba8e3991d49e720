"""The admin cannot bypass the approval workflow: values can be read there, never added,
changed, reverted to an old version or deleted; status changes only through the services."""

from decimal import Decimal

import pytest
from django.test import Client

from indicators.entry.services import Entry, values_save_year
from indicators.models import Breakdown, IndicatorValue

pytestmark = pytest.mark.django_db


@pytest.fixture
def value(kfu, kfu_staff):
    breakdown = Breakdown.objects.filter(indicator__objective__plan__committee=kfu).first()
    values_save_year(
        committee=kfu,
        year=2012,
        user=kfu_staff,
        entries=[Entry(breakdown=breakdown, value=Decimal("12.5"))],
        version=0,
    )
    return IndicatorValue.objects.get(breakdown=breakdown, year=2012)


@pytest.fixture(params=["analyst", "admin_user"])
def maintainer(request):
    client = Client()
    client.force_login(request.getfixturevalue(request.param))
    return client


def test_a_value_can_be_read_in_the_admin(maintainer, value):
    page = maintainer.get(f"/admin/indicators/indicatorvalue/{value.pk}/change/")
    assert page.status_code == 200
    assert 'name="status"' not in page.content.decode()  # shown, not editable
    assert maintainer.get("/admin/indicators/indicatorvalue/").status_code == 200


def test_setting_a_value_to_approved_in_the_admin_is_refused(maintainer, value):
    response = maintainer.post(
        f"/admin/indicators/indicatorvalue/{value.pk}/change/",
        {"status": "approved", "value": "99", "year": "2012", "origin": "entered"},
    )
    assert response.status_code == 403
    value.refresh_from_db()
    assert (value.status, value.value, value.approved_by) == ("draft", Decimal("12.5"), None)


def test_values_cannot_be_added_deleted_or_reverted_in_the_admin(maintainer, value):
    assert maintainer.get("/admin/indicators/indicatorvalue/add/").status_code == 403
    delete = f"/admin/indicators/indicatorvalue/{value.pk}/delete/"
    assert maintainer.post(delete, {"post": "yes"}).status_code == 403
    history = value.history.earliest()
    revert = f"/admin/indicators/indicatorvalue/{value.pk}/history/{history.history_id}/"
    maintainer.post(revert, {"status": "approved", "value": "1"})
    value.refresh_from_db()
    assert (value.status, value.value) == ("draft", Decimal("12.5"))
    assert IndicatorValue.objects.filter(pk=value.pk).exists()
