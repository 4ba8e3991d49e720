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
