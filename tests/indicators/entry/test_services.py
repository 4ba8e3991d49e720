"""The entry workflow's writes: save, submit, approve, return, conflicts, history."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from committees.models import Committee
from committees.site.loader import load_plans
from indicators.barometer.status import Goal, assess
from indicators.entry.services import (
    ConflictError,
    Entry,
    missing_indicators,
    values_approve_year,
    values_return_year,
    values_save_year,
    values_submit_year,
)
from indicators.models import Breakdown, CommitteeYear, Indicator, IndicatorValue
from tests.recount import series_from_rows

pytestmark = pytest.mark.django_db


YEAR = 2012


def breakdowns(committee):
    return list(
        Breakdown.objects.filter(indicator__objective__plan__committee=committee)
        .select_related("indicator")
        .order_by("indicator__objective__order", "indicator__order", "order")
    )


def fill_all(committee, user, version=0, value="10"):
    entries = [Entry(breakdown=b, value=Decimal(value)) for b in breakdowns(committee)]
    return values_save_year(
        committee=committee, year=YEAR, user=user, entries=entries, version=version
    )


YEAR = 2014


def test_a_draft_can_be_partial_and_is_not_public(kfu, kfu_staff):
    first = breakdowns(kfu)[0]
    cy = values_save_year(
        committee=kfu,
        year=YEAR,
        user=kfu_staff,
        entries=[Entry(breakdown=first, value=Decimal("12.5"))],
        version=0,
    )
    value = IndicatorValue.objects.get(breakdown=first, year=YEAR)
    assert (value.value, value.status, value.created_by) == (Decimal("12.5"), "draft", kfu_staff)
    assert cy.status == "draft" and cy.version == 1
    assert not IndicatorValue.objects.approved().filter(year=YEAR).exists()


def test_submitting_an_incomplete_year_says_what_is_missing(kfu, kfu_staff):
    with pytest.raises(ValidationError) as exc:
        values_submit_year(committee=kfu, year=YEAR, user=kfu_staff)
    assert "4 indikatorer" in exc.value.messages[0]
    assert not CommitteeYear.objects.filter(committee=kfu, year=YEAR, status="submitted")


def test_no_data_with_a_reason_completes_an_indicator(kfu, kfu_staff):
    entries = [
        Entry(breakdown=b, no_data_reason="Tallet udkommer først i 2014") for b in breakdowns(kfu)
    ]
    values_save_year(committee=kfu, year=YEAR, user=kfu_staff, entries=entries, version=0)
    assert missing_indicators(kfu, YEAR) == []
    cy = values_submit_year(committee=kfu, year=YEAR, user=kfu_staff)
    assert cy.status == "submitted"


def test_approval_makes_values_public_and_changes_the_status(kfu, kfu_staff, analyst):
    fill_all(kfu, kfu_staff)
    values_submit_year(committee=kfu, year=YEAR, user=kfu_staff)
    values_approve_year(committee=kfu, year=YEAR, user=analyst)
    approved = IndicatorValue.objects.approved().filter(
        year=YEAR, breakdown__indicator__objective__plan__committee=kfu
    )
    assert approved.count() == len(breakdowns(kfu))
    assert {v.approved_by for v in approved} == {analyst}
    grade5 = Indicator.objects.get(objective__plan__committee=kfu, text__contains="5. klasse")
    series = series_from_rows(grade5)  # recounted from the approved rows
    assert series[max(series)] == Decimal("0") and max(series) == YEAR  # both 10 %: no gap
    goal = Goal.of(grade5)
    assert assess(goal, series).status == "achieved"


def test_a_returned_year_carries_the_reason_and_can_be_resubmitted(kfu, kfu_staff, analyst):
    fill_all(kfu, kfu_staff)
    values_submit_year(committee=kfu, year=YEAR, user=kfu_staff)
    with pytest.raises(ValidationError):
        values_return_year(committee=kfu, year=YEAR, user=analyst, comment="  ")
    cy = values_return_year(committee=kfu, year=YEAR, user=analyst, comment="Tjek 9. klasse")
    assert (cy.status, cy.return_comment) == ("returned", "Tjek 9. klasse")
    assert set(IndicatorValue.objects.filter(year=YEAR).values_list("status", flat=True)) == {
        "returned"
    }
    cy = values_submit_year(committee=kfu, year=YEAR, user=kfu_staff)
    assert cy.status == "submitted"
    reasons = CommitteeYear.history.filter(committee=kfu, year=YEAR, status="returned")
    assert reasons.filter(return_comment="Tjek 9. klasse").exists()


def test_a_correction_after_approval_keeps_the_approved_figure_public_until_approved(
    kfu, kfu_staff, analyst
):
    cy = fill_all(kfu, kfu_staff)
    values_submit_year(committee=kfu, year=YEAR, user=kfu_staff)
    cy = values_approve_year(committee=kfu, year=YEAR, user=analyst)
    first = breakdowns(kfu)[0]
    cy = values_save_year(
        committee=kfu,
        year=YEAR,
        user=kfu_staff,
        version=cy.version,
        entries=[Entry(breakdown=first, value=Decimal("11"))],
    )
    value = IndicatorValue.objects.get(breakdown=first, year=YEAR)
    assert (value.status, value.changed_since_approval) == ("approved", True)
    assert (cy.status, cy.changed_since_approval) == ("submitted", True)
    # the public figure is still the approved 10, the correction waits beside it
    assert IndicatorValue.objects.approved().get(pk=value.pk).value == 10
    assert value.proposed()["value"] == 11
    values_approve_year(committee=kfu, year=YEAR, user=analyst)
    value.refresh_from_db()
    assert (value.status, value.changed_since_approval) == ("approved", False)
    assert (value.value, value.correction) == (11, None)


def test_a_stale_version_is_a_conflict_that_shows_the_newer_value(kfu, kfu_staff, analyst):
    first = breakdowns(kfu)[0]
    values_save_year(
        committee=kfu,
        year=YEAR,
        user=analyst,
        version=0,
        entries=[Entry(breakdown=first, value=Decimal("40"))],
    )
    with pytest.raises(ConflictError) as exc:
        values_save_year(
            committee=kfu,
            year=YEAR,
            user=kfu_staff,
            version=0,
            entries=[Entry(breakdown=first, value=Decimal("41"))],
        )
    assert exc.value.newer[first.pk].value == Decimal("40")
    assert "analyst" in exc.value.messages[0]
    assert IndicatorValue.objects.get(breakdown=first, year=YEAR).value == Decimal("40")


def test_clearing_a_value_keeps_the_row_and_its_history(kfu, kfu_staff):
    first = breakdowns(kfu)[0]
    cy = values_save_year(
        committee=kfu,
        year=YEAR,
        user=kfu_staff,
        version=0,
        entries=[Entry(breakdown=first, value=Decimal("40"))],
    )
    values_save_year(
        committee=kfu,
        year=YEAR,
        user=kfu_staff,
        version=cy.version,
        entries=[Entry(breakdown=first, value=None)],
    )
    value = IndicatorValue.objects.get(breakdown=first, year=YEAR)
    assert value.value is None
    history = list(value.history.order_by("history_date").values_list("value", flat=True))
    assert history == [Decimal("40"), None]


def test_another_committees_breakdown_is_refused(kfu, sud, kfu_staff):
    foreign = breakdowns(sud)[0]
    with pytest.raises(ValidationError):
        values_save_year(
            committee=kfu,
            year=YEAR,
            user=kfu_staff,
            version=0,
            entries=[Entry(breakdown=foreign, value=Decimal("1"))],
        )
    assert not IndicatorValue.objects.filter(breakdown=foreign, year=YEAR).exists()


def test_only_a_submitted_year_can_be_approved(kfu, analyst):
    with pytest.raises(ValidationError):
        values_approve_year(committee=kfu, year=YEAR, user=analyst)


def test_correcting_an_approved_value_in_a_draft_year_keeps_it_public_until_approved(
    kfu, kfu_staff, analyst
):
    first = breakdowns(kfu)[0]
    IndicatorValue.objects.create(
        breakdown=first, year=YEAR, value=Decimal("33"), status="approved", origin="demo"
    )
    values_save_year(
        committee=kfu,
        year=YEAR,
        user=kfu_staff,
        version=0,
        entries=[Entry(breakdown=first, value=Decimal("44"))],
    )
    value = IndicatorValue.objects.get(breakdown=first, year=YEAR)
    assert (value.status, value.origin, value.changed_since_approval) == (
        "approved",
        "demo",
        True,
    )
    assert IndicatorValue.objects.approved().get(pk=value.pk).value == 33
    cy = CommitteeYear.objects.get(committee=kfu, year=YEAR)
    cy.status = "submitted"
    cy.save()
    values_approve_year(committee=kfu, year=YEAR, user=analyst)
    value.refresh_from_db()
    assert (value.value, value.origin, value.status) == (44, "entered", "approved")


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks need PostgreSQL; .ci/run runs this file there (SQLite serialises writers)",
)
@pytest.mark.django_db(transaction=True)
def test_simultaneous_saves_lose_no_update_on_postgresql(django_user_model):
    load_plans()
    kfu = Committee.objects.get(code="KFU")
    users = [django_user_model.objects.create_user(f"writer{i}") for i in range(2)]
    breakdown = Breakdown.objects.filter(indicator__objective__plan__committee=kfu).first()
    start = threading.Barrier(2)
    outcomes = {}

    def save(i):
        try:
            start.wait()
            values_save_year(
                committee=kfu,
                year=YEAR,
                user=users[i],
                version=0,
                entries=[Entry(breakdown=breakdown, value=Decimal(10 + i))],
            )
            outcomes[i] = "saved"
        except ConflictError as exc:
            outcomes[i] = exc.newer[breakdown.pk].value
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            outcomes[i] = repr(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(map(str, outcomes.values())).count("saved") == 1, outcomes
    winner = next(i for i, outcome in outcomes.items() if outcome == "saved")
    loser = 1 - winner
    assert outcomes[loser] == Decimal(10 + winner)  # the loser is shown the winner's value
    value = IndicatorValue.objects.get(breakdown=breakdown, year=YEAR)
    assert value.value == Decimal(10 + winner)
    assert value.history.count() == 1  # exactly one accepted change, nothing silently lost


def test_saving_a_committee_year_costs_at_most_three_queries_per_value(
    sud, sud_staff, django_assert_max_num_queries
):
    entries = [Entry(breakdown=b, value=Decimal("5")) for b in breakdowns(sud)]
    with django_assert_max_num_queries(3 * len(entries)):
        values_save_year(committee=sud, year=YEAR, user=sud_staff, entries=entries, version=0)
    changed = [Entry(breakdown=e.breakdown, value=Decimal("6")) for e in entries]
    with django_assert_max_num_queries(3 * len(entries)):
        values_save_year(committee=sud, year=YEAR, user=sud_staff, entries=changed, version=1)
    assert IndicatorValue.objects.filter(
        breakdown__in=[e.breakdown for e in entries], year=YEAR, value=6
    ).count() == len(entries)


def test_clearing_a_submitted_value_is_refused_in_words_not_by_the_database(kfu, kfu_staff):
    fill_all(kfu, kfu_staff)
    values_submit_year(committee=kfu, year=YEAR, user=kfu_staff)
    first = breakdowns(kfu)[0]
    with pytest.raises(ValidationError) as refused:
        values_save_year(
            committee=kfu,
            year=YEAR,
            user=kfu_staff,
            entries=[Entry(breakdown=first, value=None)],
            version=CommitteeYear.objects.get(committee=kfu, year=YEAR).version,
        )
    assert "Indtast en værdi, eller begrund" in " ".join(refused.value.messages)
    assert IndicatorValue.objects.get(breakdown=first, year=YEAR).value == Decimal("10")
