"""BIF's overview: every committee-year's status, completeness and due date, a page at a time."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.entry.services import Entry, values_save_year, values_submit_year
from indicators.models import Breakdown, ReportingRound

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


def test_the_overview_shows_every_committee_year_with_status_and_completeness(
    client, analyst, submitted_kfu
):
    client.force_login(analyst)
    response = client.get(reverse("indicators:approval-overview"))
    assert response.status_code == 200
    rows = response.context["table"].data.data
    assert len(rows) == 7 * 4  # seven plans × 2011–2014
    kfu = next(r for r in rows if r["committee"].code == "KFU" and r["year"] == YEAR)
    assert (kfu["status"], kfu["complete"]) == ("submitted", 100)
    sud = next(r for r in rows if r["committee"].code == "SUD" and r["year"] == YEAR)
    assert (sud["status"], sud["complete"]) == ("", 0)
    assert "ikke påbegyndt" in response.content.decode()


def test_analysts_set_a_due_date_that_staff_see(client, analyst, kfu_staff):
    client.force_login(analyst)
    response = client.post(
        reverse("indicators:approval-overview"), {"year": YEAR, "due_date": "2013-03-01"}
    )
    assert response.status_code == 302
    assert ReportingRound.objects.get(year=YEAR).due_date == datetime.date(2013, 3, 1)
    client.post(reverse("indicators:approval-overview"), {"year": YEAR, "due_date": "2013-04-01"})
    assert ReportingRound.objects.get(year=YEAR).due_date == datetime.date(2013, 4, 1)
    client.force_login(kfu_staff)
    assert "1. april 2013" in client.get(reverse("indicators:entry-start")).content.decode()


def test_a_bad_due_date_is_explained_at_the_field(client, analyst):
    client.force_login(analyst)
    response = client.post(
        reverse("indicators:approval-overview"), {"year": "1800", "due_date": "i morgen"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Indtast en gyldig dato." in html
    assert not ReportingRound.objects.exists()


def test_the_overview_costs_a_fixed_number_of_queries(
    client, analyst, django_assert_max_num_queries
):
    client.force_login(analyst)
    with django_assert_max_num_queries(12):
        client.get(reverse("indicators:approval-overview"))


def test_with_many_committees_the_overview_shows_a_page_of_them(client, analyst):
    from committees.models import ActionPlan, Committee

    for n in range(30):
        c = Committee.objects.create(
            code=f"X{n}",
            name=f"Udvalg {n}",
            administration_code="X",
            administration_name="X",
            order=100 + n,
        )
        ActionPlan.objects.create(committee=c, title="Plan", period_start=2011, period_end=2014)
    client.force_login(analyst)
    first = client.get(reverse("indicators:approval-overview"))
    codes = {r["committee"].code for r in first.context["table"].data.data}
    assert len(codes) == 25 and "SUD" in codes
    last = client.get(reverse("indicators:approval-overview"), {"page": 2})
    assert {r["committee"].code for r in last.context["table"].data.data} == {
        f"X{n}" for n in range(18, 30)
    }
    assert 'rel="prev"' in last.content.decode()
