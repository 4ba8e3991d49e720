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


def seen(client, url):
    """The review page as the analyst opened it: the version its buttons carry."""
    return client.get(url).context["version"]


def test_approving_makes_the_values_public(client, analyst, submitted_kfu):
    client.force_login(analyst)
    url = reverse("indicators:year-review", args=["kfu", YEAR])
    assert client.post(url, {"approve": "1", "version": seen(client, url)}).status_code == 302
    assert CommitteeYear.objects.get(committee__code="KFU", year=YEAR).status == "approved"
    expected = Breakdown.objects.filter(indicator__objective__plan__committee__code="KFU").count()
    assert IndicatorValue.objects.approved().filter(year=YEAR).count() == expected


def test_returning_needs_a_reason_which_staff_then_see(client, analyst, kfu_staff, submitted_kfu):
    client.force_login(analyst)
    url = reverse("indicators:year-review", args=["kfu", YEAR])
    version = seen(client, url)
    response = client.post(url, {"return": "1", "comment": "", "version": version})
    assert "Skriv hvorfor året sendes retur." in response.content.decode()
    assert CommitteeYear.objects.get(committee__code="KFU", year=YEAR).status == "submitted"
    client.post(url, {"return": "1", "comment": "Kilden til 9. klasse mangler", "version": version})
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


def test_an_approval_from_a_page_opened_before_a_change_approves_nothing(
    client, analyst, kfu_staff, kfu, submitted_kfu
):
    client.force_login(analyst)
    url = reverse("indicators:year-review", args=["kfu", YEAR])
    version = seen(client, url)
    first = Breakdown.objects.filter(indicator__objective__plan__committee=kfu).first()
    values_save_year(
        committee=kfu,
        year=YEAR,
        user=kfu_staff,
        entries=[Entry(breakdown=first, value=Decimal("12"))],
        version=submitted_kfu.version,
    )
    response = client.post(url, {"approve": "1", "version": version})
    assert response.status_code == 200
    assert CommitteeYear.objects.get(committee=kfu, year=YEAR).status == "submitted"
    assert not IndicatorValue.objects.approved().filter(year=YEAR).exists()
    html = response.content.decode()
    assert "Ikke godkendt" in html and "kfu_staff" in html
    assert "1 værdi er ændret, siden du åbnede siden." in html
    assert "Ændret, siden du åbnede siden (var 10" in html
    # the page now carries the new version: approving it approves what is shown
    assert (
        client.post(url, {"approve": "1", "version": response.context["version"]}).status_code
        == 302
    )
    assert IndicatorValue.objects.approved().get(breakdown=first, year=YEAR).value == 12


def test_a_return_from_an_old_page_sends_nothing_back_and_keeps_the_reason(
    client, analyst, kfu_staff, kfu, submitted_kfu
):
    client.force_login(analyst)
    url = reverse("indicators:year-review", args=["kfu", YEAR])
    version = seen(client, url)
    first = Breakdown.objects.filter(indicator__objective__plan__committee=kfu).first()
    values_save_year(
        committee=kfu,
        year=YEAR,
        user=kfu_staff,
        entries=[Entry(breakdown=first, value=Decimal("12"))],
        version=submitted_kfu.version,
    )
    response = client.post(url, {"return": "1", "comment": "Tjek kilden", "version": version})
    assert CommitteeYear.objects.get(committee=kfu, year=YEAR).status == "submitted"
    assert "Tjek kilden" in response.content.decode()  # what the analyst typed is kept


def test_a_form_without_a_version_approves_nothing(client, analyst, submitted_kfu):
    client.force_login(analyst)
    url = reverse("indicators:year-review", args=["kfu", YEAR])
    assert client.post(url, {"approve": "1"}).status_code == 200
    assert CommitteeYear.objects.get(committee__code="KFU", year=YEAR).status == "submitted"


def test_the_review_shows_the_approved_figure_a_correction_replaces(
    client, analyst, kfu_staff, kfu, submitted_kfu
):
    client.force_login(analyst)
    url = reverse("indicators:year-review", args=["kfu", YEAR])
    client.post(url, {"approve": "1", "version": seen(client, url)})
    first = Breakdown.objects.filter(indicator__objective__plan__committee=kfu).first()
    cy = CommitteeYear.objects.get(committee=kfu, year=YEAR)
    values_save_year(
        committee=kfu,
        year=YEAR,
        user=kfu_staff,
        entries=[Entry(breakdown=first, value=Decimal("12"))],
        version=cy.version,
    )
    html = client.get(url).content.decode()
    unit = first.indicator.value_unit
    from kkintegration.common.formatting import danish_measure

    assert f"{danish_measure(10, unit)} →" in html
    assert danish_measure(12, unit) in html
    assert "rettelse, der venter på godkendelse" in html
    # and the public figure is still the approved one
    assert IndicatorValue.objects.approved().get(breakdown=first, year=YEAR).value == 10


def test_a_correction_does_not_unpublish_the_approved_figure(
    client, analyst, kfu_staff, kfu, submitted_kfu
):
    from io import BytesIO

    from openpyxl import load_workbook

    client.force_login(analyst)
    url = reverse("indicators:year-review", args=["kfu", YEAR])
    client.post(url, {"approve": "1", "version": seen(client, url)})
    concert = Breakdown.objects.get(
        indicator__objective__plan__committee=kfu, indicator__text__contains="koncert"
    )
    cy = CommitteeYear.objects.get(committee=kfu, year=YEAR)
    values_save_year(
        committee=kfu,
        year=YEAR,
        user=kfu_staff,
        entries=[Entry(breakdown=concert, value=Decimal("17.5"))],
        version=cy.version,
    )
    client.logout()
    public = client.get(reverse("indicators:detail", args=[concert.indicator_id]))
    html = public.content.decode()
    assert "10 pct.-point" in html and "17,5" not in html
    bilag = client.get(reverse("committees:bilag", args=["kfu"]))
    sheet = load_workbook(BytesIO(bilag.content))["Indikatorværdier"]
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert 17.5 not in cells
    assert any(
        row[0] and "koncert" in str(row) and 10 in row for row in sheet.iter_rows(values_only=True)
    )
