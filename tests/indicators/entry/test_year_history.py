"""A committee-year's history: every value and status change, who, when, old → new."""

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.entry.services import (
    Entry,
    values_approve_year,
    values_return_year,
    values_save_year,
    values_submit_year,
)
from indicators.models import Breakdown, IndicatorValue

pytestmark = pytest.mark.django_db


YEAR = 2013


def test_the_committee_year_history_shows_each_change_with_who_and_old_to_new(
    client, kfu, kfu_staff, analyst
):
    breakdowns = list(Breakdown.objects.filter(indicator__objective__plan__committee=kfu))
    cy = values_save_year(
        committee=kfu,
        year=YEAR,
        user=kfu_staff,
        version=0,
        entries=[Entry(breakdown=b, value=Decimal("40")) for b in breakdowns],
    )
    cy = values_save_year(
        committee=kfu,
        year=YEAR,
        user=kfu_staff,
        version=cy.version,
        entries=[Entry(breakdown=breakdowns[0], value=Decimal("42.5"))],
    )
    values_submit_year(committee=kfu, year=YEAR, user=kfu_staff)
    values_return_year(committee=kfu, year=YEAR, user=analyst, comment="Forkert kilde")
    values_submit_year(committee=kfu, year=YEAR, user=kfu_staff)
    values_approve_year(committee=kfu, year=YEAR, user=analyst)

    client.force_login(kfu_staff)
    response = client.get(reverse("indicators:year-history", args=["kfu", YEAR]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "værdi: 40 → 42,5" in html
    assert "status: kladde → indsendt" in html
    assert "status: indsendt → sendt retur" in html
    assert "Forkert kilde" in html  # the return reason stays in the history
    assert "kfu_staff" in html and "analyst" in html
    assert IndicatorValue.history.filter(year=YEAR).count() >= len(breakdowns) * 4


def test_each_status_change_is_credited_to_who_made_it_and_saves_are_not_status_changes(
    client, kfu, kfu_staff, analyst
):
    breakdowns = list(Breakdown.objects.filter(indicator__objective__plan__committee=kfu))
    entries = [Entry(breakdown=b, value=Decimal("40")) for b in breakdowns]
    cy = values_save_year(committee=kfu, year=YEAR, user=kfu_staff, version=0, entries=entries)
    cy = values_submit_year(committee=kfu, year=YEAR, user=kfu_staff)
    cy = values_return_year(committee=kfu, year=YEAR, user=analyst, comment="Forkert kilde")
    for n in range(5):  # five saves of a returned year, two of them changing nothing
        cy = values_save_year(
            committee=kfu,
            year=YEAR,
            user=kfu_staff,
            version=cy.version,
            entries=[Entry(breakdown=breakdowns[0], value=Decimal(41 + min(n, 2)))],
        )
    values_submit_year(committee=kfu, year=YEAR, user=kfu_staff)

    client.force_login(kfu_staff)
    response = client.get(reverse("indicators:year-history", args=["kfu", YEAR]))
    changes = [
        (h.history_user.username, h.previous_status, h.get_status_display())
        for h in response.context["status_changes"]
    ]
    assert changes == [
        ("kfu_staff", "sendt retur", "indsendt"),
        ("analyst", "indsendt", "sendt retur"),
        ("kfu_staff", "kladde", "indsendt"),
    ]
    html = response.content.decode()
    assert "analyst: indsendt → sendt retur – “Forkert kilde”" in html
    # the saves are value changes: 40 → 41 → 42 → 43, and nothing for the unchanged ones
    assert html.count("værdi: 4") == 3
    assert "værdi: 40 → 41" in html and "værdi: 42 → 43" in html
