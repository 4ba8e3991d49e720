"""Every entry URL × every role: staff reach their own committee only, BIF reaches all."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from indicators.models import Indicator, ValueImport

pytestmark = pytest.mark.django_db
YEAR = 2012

ROLES = ["anonymous", "kfu_staff", "sud_staff", "analyst", "admin_user"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def kfu_import(kfu):
    record = ValueImport(committee=kfu, year=YEAR, original_name="x.xlsx", state="rejected")
    record.file.save("x.xlsx", ContentFile(b"x"), save=True)
    return record


def urls(kfu_import):
    kfu_indicator = Indicator.objects.filter(objective__plan__committee__code="KFU").first()
    return {
        "start": ("get", reverse("indicators:entry-start")),
        "entry": ("get", reverse("indicators:year-entry", args=["kfu", YEAR])),
        "entry-post": ("post", reverse("indicators:year-entry", args=["kfu", YEAR])),
        "template": ("get", reverse("indicators:entry-template", args=["kfu", YEAR])),
        "upload": ("post", reverse("indicators:entry-upload", args=["kfu", YEAR])),
        "import": ("get", reverse("indicators:import-detail", args=["kfu", YEAR, kfu_import.pk])),
        "year-history": ("get", reverse("indicators:year-history", args=["kfu", YEAR])),
        "indicator-history": (
            "get",
            reverse("indicators:indicator-history", args=[kfu_indicator.pk]),
        ),
        "overview": ("get", reverse("indicators:approval-overview")),
        "review": ("get", reverse("indicators:year-review", args=["kfu", YEAR])),
        "review-post": ("post", reverse("indicators:year-review", args=["kfu", YEAR])),
    }


# expected status per URL for: anonymous, KFU staff, SUD staff, analyst, administrator
EXPECTED = {
    "start": (302, 200, 200, 200, 200),
    "entry": (302, 200, 404, 200, 200),
    "entry-post": (302, 200, 404, 200, 200),  # 200: the form comes back with its errors
    "template": (302, 200, 404, 200, 200),
    "upload": (302, 302, 404, 302, 302),  # 302: back to the entry page with the message
    "import": (302, 200, 404, 200, 200),
    "year-history": (302, 200, 404, 200, 200),
    "indicator-history": (302, 200, 404, 200, 200),
    "overview": (302, 403, 403, 200, 200),
    "review": (302, 403, 403, 200, 200),
    "review-post": (302, 403, 403, 200, 200),
}


@pytest.mark.parametrize("name", EXPECTED)
@pytest.mark.parametrize("role", ROLES)
def test_entry_urls_by_role(client, request, kfu_import, name, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    method, url = urls(kfu_import)[name]
    response = getattr(client, method)(url)
    assert response.status_code == EXPECTED[name][ROLES.index(role)], (name, role)
    if response.status_code == 302 and role == "anonymous":
        assert response["Location"].startswith(reverse("login"))


def test_a_hand_made_post_for_another_committee_writes_nothing(client, sud_staff):
    from indicators.models import IndicatorValue

    client.force_login(sud_staff)
    response = client.post(
        reverse("indicators:year-entry", args=["kfu", YEAR]),
        {
            "version": 0,
            "ind-TOTAL_FORMS": 1,
            "ind-INITIAL_FORMS": 0,
            "ind-0-indicator_id": 1,
            "ind-0-b1": "50",
        },
    )
    assert response.status_code == 404
    assert not IndicatorValue.objects.filter(year=YEAR).exists()


@pytest.mark.parametrize("name", ["entry", "template", "year-history", "import"])
def test_wrong_methods_are_refused(client, kfu_staff, kfu_import, name):
    client.force_login(kfu_staff)
    _method, url = urls(kfu_import)[name]
    assert client.delete(url).status_code == 405
