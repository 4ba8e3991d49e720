"""Staff's start page: their committees' years, what is due and what was sent back."""

import pytest
from django.urls import reverse

from committees.models import ActionPlan, Committee

pytestmark = pytest.mark.django_db
URL = reverse("indicators:entry-start")


def test_staff_see_only_their_own_committees_years(client, kfu_staff):
    client.force_login(kfu_staff)
    rows = client.get(URL).context["rows"]
    assert {r["committee"].code for r in rows} == {"KFU"}
    assert [r["year"] for r in rows] == [2011, 2012, 2013, 2014]


def test_an_analyst_sees_every_committee_a_page_at_a_time(client, analyst):
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
    first = client.get(URL)
    assert len({r["committee"].code for r in first.context["rows"]}) == 25
    assert first.context["page"].paginator.count == 37


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_past_due_date_is_marked_overdue_until_the_year_is_submitted(client, kfu_staff, clock):
    from datetime import date

    from indicators.models import ReportingRound

    ReportingRound.objects.create(year=2012, due_date=date(2026, 11, 30))
    ReportingRound.objects.create(year=2013, due_date=date(2026, 12, 2))
    client.force_login(kfu_staff)
    page = client.get(URL).content.decode()
    rows = page.split("<tr>")
    overdue = [r for r in rows if "overdue" in r or "forsinket" in r]
    assert len(overdue) == 1 and "2012" in overdue[0]
