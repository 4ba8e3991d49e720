"""Money's absolute rules hold twice: model validation (a Danish message) and the database."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from budgets.models import FundingLine, FundingSource, FundingYear
from committees.models import ActionPlan, Committee
from goals.models import Objective, Target
from indicators.models import Breakdown, Indicator


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


def test_money_is_kept_exactly(funding_line):
    funding_line.total = Decimal("49200000.10")
    funding_line.save()
    funding_line.refresh_from_db()
    assert funding_line.total == Decimal("49200000.10")
    assert isinstance(funding_line.total, Decimal)
