"""Targets' absolute rules hold twice: model validation (a Danish message) and the database."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from budgets.models import FundingLine
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


def test_it_rejects_a_duplicate_target_number_within_an_objective(target):
    bad = Target(objective=target.objective, number=1, text="Igen")
    assert_rejected(bad, "Målsætningen har allerede et resultatmål med det nummer.")


def test_the_same_target_number_is_fine_under_another_objective(target, plan):
    other = Objective.objects.create(plan=plan, text="Andet mål", order=2)
    Target(objective=other, number=1, text="Også nummer 1").full_clean()


def test_it_rejects_target_number_zero(objective):
    assert_rejected(Target(objective=objective, number=0, text="x"), "1 eller mere")
