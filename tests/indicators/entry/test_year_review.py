"""Reviewing a submitted year: approving it, or returning it with a reason staff see."""

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.entry.services import Entry, values_save_year, values_submit_year
from indicators.models import Breakdown, CommitteeYear, IndicatorValue

pytestmark = pytest.mark.django_db


YEAR = 2012


@pytest.fixture
def submitted_kfu(kfu, kfu_staff):
    entries = [
        Entry(breakdown=b, value=Decimal("10"))
        for b in Breakdown.objects.filter(indicator__objective__plan__committee=kfu)
    ]
    values_save_year(committee=kfu, year=YEAR, user=kfu_staff, entries=entries, version=0)
    return values_submit_year(committee=kfu, year=YEAR, user=kfu_staff)


def test_approving_makes_the_values_public(client, analyst, submitted_kfu):
    client.force_login(analyst)
    url = reverse("indicators:year-review", args=["kfu", YEAR])
    assert client.post(url, {"approve": "1"}).status_code == 302
    assert CommitteeYear.objects.get(committee__code="KFU", year=YEAR).status == "approved"
    expected = Breakdown.objects.filter(indicator__objective__plan__committee__code="KFU").count()
    assert IndicatorValue.objects.approved().filter(year=YEAR).count() == expected


def test_returning_needs_a_reason_which_staff_then_see(client, analyst, kfu_staff, submitted_kfu):
    client.force_login(analyst)
    url = reverse("indicators:year-review", args=["kfu", YEAR])
    response = client.post(url, {"return": "1", "comment": ""})
    assert "Skriv hvorfor året sendes retur." in response.content.decode()
    assert CommitteeYear.objects.get(committee__code="KFU", year=YEAR).status == "submitted"
    client.post(url, {"return": "1", "comment": "Kilden til 9. klasse mangler"})
    client.force_login(kfu_staff)
    start = client.get(reverse("indicators:entry-start")).content.decode()
    assert "Kilden til 9. klasse mangler" in start
    entry = client.get(reverse("indicators:year-entry", args=["kfu", YEAR])).content.decode()
    assert "Kilden til 9. klasse mangler" in entry


def test_a_year_that_is_not_submitted_cannot_be_approved(client, analyst):
    client.force_login(analyst)
    response = client.post(
        reverse("indicators:year-review", args=["sud", YEAR]), {"approve": "1"}, follow=True
    )
    assert "Kun et indsendt år kan godkendes." in response.content.decode()


def test_staff_cannot_approve_or_see_the_overview(client, kfu_staff, submitted_kfu):
    client.force_login(kfu_staff)
    assert client.get(reverse("indicators:approval-overview")).status_code == 403
    url = reverse("indicators:year-review", args=["kfu", YEAR])
    assert client.post(url, {"approve": "1"}).status_code == 403
    assert CommitteeYear.objects.get(committee__code="KFU", year=YEAR).status == "submitted"
