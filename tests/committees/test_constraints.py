"""Every absolute rule holds twice: model validation (a Danish message) and the database."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from activities.models import Activity
from budgets.models import FundingLine, FundingSource, FundingYear
from committees.models import ActionPlan, Committee
from goals.models import Objective, Target
from indicators.models import Breakdown, Indicator, IndicatorValue


@pytest.fixture
def plan(db):
    committee = Committee.objects.create(
        code="TST", name="Testudvalget", administration_code="TF", administration_name="Test"
    )
    return ActionPlan.objects.create(
        committee=committee, title="Testplan", period_start=2011, period_end=2014
    )


@pytest.fixture
def objective(plan):
    return Objective.objects.create(plan=plan, text="Et mål", order=1)


@pytest.fixture
def target(objective):
    return Target.objects.create(objective=objective, number=1, text="Resultatmål")


@pytest.fixture
def indicator(target):
    return Indicator.objects.create(target=target, text="Andel", unit="percent", order=1)


@pytest.fixture
def breakdown(indicator):
    return Breakdown.objects.create(indicator=indicator)


@pytest.fixture
def funding_line(plan):
    return FundingLine.objects.create(plan=plan, name="Linje", order=1)


def assert_rejected(obj, message_part):
    """full_clean gives the Danish message, and the database refuses the row too.

    Field validators speak first (their message stands next to the field); the named
    database constraint is what stops a row that skipped validation.
    """
    with translation.override("da"), pytest.raises(ValidationError) as exc:
        obj.full_clean()
    assert message_part in str(exc.value.messages)
    with pytest.raises(IntegrityError), transaction.atomic():
        obj.save()


def test_it_rejects_a_plan_ending_before_it_starts(plan):
    bad = ActionPlan(committee=plan.committee, title="x", period_start=2014, period_end=2012)
    assert_rejected(bad, "Det første år må ikke ligge efter det sidste år.")


def test_it_rejects_a_plan_year_outside_the_sane_range(plan):
    bad = ActionPlan(committee=plan.committee, title="x", period_start=1890, period_end=2014)
    assert_rejected(bad, "Denne værdi skal være større end eller lig 2000.")


def test_it_rejects_a_second_plan_for_the_same_committee_and_period(plan):
    bad = ActionPlan(committee=plan.committee, title="y", period_start=2011, period_end=2014)
    assert_rejected(bad, "Udvalget har allerede en handleplan for den periode.")


def test_it_rejects_a_duplicate_target_number_within_an_objective(target):
    bad = Target(objective=target.objective, number=1, text="Igen")
    assert_rejected(bad, "Målsætningen har allerede et resultatmål med det nummer.")


def test_the_same_target_number_is_fine_under_another_objective(target, plan):
    other = Objective.objects.create(plan=plan, text="Andet mål", order=2)
    Target(objective=other, number=1, text="Også nummer 1").full_clean()


def test_it_rejects_target_number_zero(objective):
    assert_rejected(Target(objective=objective, number=0, text="x"), "1 eller mere")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("unit", "furlongs", "Værdien 'furlongs' er ikke et gyldigt valg."),
        ("direction", "sideways", "Værdien 'sideways' er ikke et gyldigt valg."),
        ("baseline_value", Decimal("120"), "Procentsatser skal ligge mellem 0 og 100."),
        ("target_value", Decimal("-1"), "Procentsatser skal ligge mellem 0 og 100."),
        ("baseline_year", 1999, "større end eller lig 2000"),
        ("target_year", 2051, "mindre end eller lig 2050"),
        ("gap_minuend_group", "Tosprogede", "Et gab kræver begge grupper eller ingen."),
    ],
)
def test_it_rejects_a_bad_indicator(target, field, value, message):
    bad = Indicator(target=target, text="Andel", order=2, **{"unit": "percent", field: value})
    assert_rejected(bad, message)


def test_it_rejects_a_baseline_after_the_target_year(target):
    bad = Indicator(target=target, text="x", order=2, baseline_year=2014, target_year=2011)
    assert_rejected(bad, "Basisåret må ikke ligge efter målåret.")


def test_it_rejects_a_duplicate_breakdown(breakdown):
    bad = Breakdown(indicator=breakdown.indicator, group="", sex="all")
    assert_rejected(bad, "Indikatoren har allerede den opdeling.")


def test_it_rejects_a_second_value_for_the_same_breakdown_and_year(breakdown):
    IndicatorValue.objects.create(breakdown=breakdown, year=2011, value=Decimal("5"))
    bad = IndicatorValue(breakdown=breakdown, year=2011, value=Decimal("6"))
    assert_rejected(bad, "Indikatoren har allerede en værdi for det år og den opdeling.")


def test_it_rejects_a_submitted_value_without_number_or_reason(breakdown):
    bad = IndicatorValue(breakdown=breakdown, year=2012, value=None, status="submitted")
    assert_rejected(bad, "Indtast en værdi, eller begrund hvorfor der ingen er.")


def test_an_emptied_draft_is_kept_rather_than_deleted(breakdown):
    IndicatorValue(breakdown=breakdown, year=2012, value=None, status="draft").full_clean()


def test_a_missing_value_with_a_reason_is_accepted(breakdown):
    value = IndicatorValue(breakdown=breakdown, year=2012, no_data_reason="Ikke opgjort endnu")
    value.full_clean()


def test_it_rejects_a_value_with_an_unknown_status(breakdown):
    bad = IndicatorValue(breakdown=breakdown, year=2012, value=1, status="maybe")
    assert_rejected(bad, "Værdien 'maybe' er ikke et gyldigt valg.")


def test_it_rejects_a_percentage_above_100(breakdown):
    bad = IndicatorValue(breakdown=breakdown, year=2012, value=Decimal("100.5"))
    with translation.override("da"), pytest.raises(ValidationError) as exc:
        bad.full_clean()
    assert exc.value.message_dict["value"] == ["En procentsats skal ligge mellem 0 og 100."]


def test_it_rejects_a_fractional_count(target):
    indicator = Indicator.objects.create(target=target, text="Antal", unit="count", order=3)
    bad = IndicatorValue(
        breakdown=Breakdown.objects.create(indicator=indicator), year=2012, value=Decimal("2.5")
    )
    with translation.override("da"), pytest.raises(ValidationError) as exc:
        bad.full_clean()
    assert exc.value.message_dict["value"] == ["Et antal skal være et helt tal, 0 eller mere."]


def test_it_rejects_a_negative_total(plan):
    bad = FundingLine(plan=plan, name="Negativ", order=2, total=Decimal("-1"))
    assert_rejected(bad, "Et beløb kan ikke være negativt.")


def test_it_rejects_an_unknown_financing_status(plan):
    bad = FundingLine(plan=plan, name="x", order=2, status="begged")
    assert_rejected(bad, "Værdien 'begged' er ikke et gyldigt valg.")


def test_it_rejects_a_negative_yearly_amount(funding_line):
    bad = FundingYear(funding_line=funding_line, year=2012, amount=Decimal("-100"))
    assert_rejected(bad, "Et beløb kan ikke være negativt.")


def test_it_rejects_two_amounts_for_the_same_year(funding_line):
    FundingYear.objects.create(funding_line=funding_line, year=2012, amount=Decimal("100"))
    bad = FundingYear(funding_line=funding_line, year=2012, amount=Decimal("200"))
    assert_rejected(bad, "Finansieringslinjen har allerede et beløb for det år.")


def test_it_rejects_a_funding_year_outside_the_range(funding_line):
    bad = FundingYear(funding_line=funding_line, year=3012, amount=Decimal("1"))
    assert_rejected(bad, "mindre end eller lig 2050")


def test_it_rejects_a_negative_source_amount(funding_line):
    bad = FundingSource(funding_line=funding_line, name="Fond", amount=Decimal("-5"))
    assert_rejected(bad, "Et beløb kan ikke være negativt.")


def test_it_rejects_an_activity_ending_before_it_starts(plan):
    bad = Activity(plan=plan, name="x", order=1, start_year=2014, end_year=2011)
    assert_rejected(bad, "Det første år må ikke ligge efter det sidste år.")


def test_it_rejects_an_unknown_activity_status(plan):
    assert_rejected(
        Activity(plan=plan, name="x", order=1, status="dreaming"), "er ikke et gyldigt valg"
    )


def test_money_is_kept_exactly(funding_line):
    funding_line.total = Decimal("49200000.10")
    funding_line.save()
    funding_line.refresh_from_db()
    assert funding_line.total == Decimal("49200000.10")
    assert isinstance(funding_line.total, Decimal)
