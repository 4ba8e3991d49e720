"""Indicators' and values' absolute rules hold twice: model validation (a Danish message)
and the database."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from budgets.models import FundingLine
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
