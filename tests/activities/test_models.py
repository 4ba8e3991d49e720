"""Activities' absolute rules hold twice: model validation (a Danish message) and the database."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from activities.models import Activity
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


def test_it_rejects_an_activity_ending_before_it_starts(plan):
    bad = Activity(plan=plan, name="x", order=1, start_year=2014, end_year=2011)
    assert_rejected(bad, "Det første år må ikke ligge efter det sidste år.")


def test_it_rejects_an_unknown_activity_status(plan):
    assert_rejected(
        Activity(plan=plan, name="x", order=1, status="dreaming"), "er ikke et gyldigt valg"
    )
