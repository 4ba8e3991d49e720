"""Plausible demo values for the years the plans give no figures, marked as demo.

Deterministic: the same seed gives the same values on any database, because each
series is drawn from a generator seeded by the seed and the indicator's place in its
plan (committee, objective, order, breakdown), never by database ids. Values the plans
print, and anything entered by staff, are never touched.
"""

import hashlib
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from committees import versions
from committees.models import Committee

from .models import Breakdown, CommitteeYear, Indicator, IndicatorValue

DEMO_SOURCE = "Demodata (genereret)"
YEARS = range(2010, 2015)
WAITING = YEARS[-1] - 1  # in a living round: submitted, waiting for BIF
DEFAULT_LEVEL = {"percent": 40, "percentage_points": 8, "count": 120, "score": 60, "dkk": 1_000_000}


def _rng(seed, *parts):
    key = "|".join(str(p) for p in (seed, *parts)).encode()
    return random.Random(int(hashlib.sha256(key).hexdigest()[:16], 16))


def _clamp(value, unit):
    if unit == "percent":
        value = min(max(value, 0.5), 99.5)
    if unit in ("count", "dkk"):
        return Decimal(max(round(value), 0))
    return Decimal(str(round(value, 1)))


def _trajectory(rng, indicator, start, start_year, years):
    """Values drifting from `start` towards the target at a random pace (some lag behind)."""
    pace = rng.choice([0.3, 0.6, 0.9, 1.1, 1.3])
    end = indicator.target_value
    end_year = indicator.target_year or indicator.objective.plan.period_end
    if end is None and indicator.annual_change is not None:
        sign = -1 if indicator.direction in ("decrease", "at_most", "close_gap") else 1
        end = Decimal(start) + sign * abs(indicator.annual_change) * (end_year - start_year)
    if end is None:
        step = {"increase": 0.03, "decrease": -0.03}.get(indicator.direction, 0.0)
        end = Decimal(start) * Decimal(1 + step * (end_year - start_year))
    start, end = float(start), float(end)
    span = max(end_year - start_year, 1)
    noise = abs(start - end) * 0.08 + abs(start) * 0.02 + 0.2
    return {
        y: start + (end - start) * pace * (y - start_year) / span + rng.uniform(-noise, noise)
        for y in years
    }


def _groups_of(seed, indicator, breakdowns, existing):
    """{breakdown: {year: float}} for one indicator."""
    key = (
        seed,
        indicator.objective.plan.committee.code,
        indicator.objective.order,
        indicator.order,
    )
    series = {}
    if indicator.is_gap:
        first = {b.sex: b for b in breakdowns if b.group == indicator.gap_minuend_group}
        second = {b.sex: b for b in breakdowns if b.group == indicator.gap_subtrahend_group}
        gap0 = float(indicator.baseline_value or DEFAULT_LEVEL["percentage_points"])
        year0 = indicator.baseline_year or 2009
        gaps = _trajectory(_rng(*key, "gap"), indicator, gap0, year0, YEARS)
        for sex, b_first in first.items():
            level = existing.get((b_first.pk, year0)) or DEFAULT_LEVEL["percent"] + 15
            rng = _rng(*key, "level", sex)
            series[b_first] = {y: float(level) + rng.uniform(-1.5, 1.5) for y in YEARS}
            if sex in second:
                offset = 0.0
                base_second = existing.get((second[sex].pk, year0))
                if base_second is not None:
                    offset = float(level) - float(base_second) - gap0
                series[second[sex]] = {
                    y: series[b_first][y] - gaps[y] - offset * 0.5 for y in YEARS
                }
        return series
    for b in breakdowns:
        start = indicator.baseline_value
        if start is None:
            known = sorted((y, v) for (pk, y), v in existing.items() if pk == b.pk)
            start = (
                known[-1][1]
                if known
                else (
                    indicator.target_value
                    if indicator.target_value is not None
                    else DEFAULT_LEVEL.get(indicator.unit, 50)
                )
            )
            start = float(start) * (0.9 if indicator.direction in ("increase", "at_least") else 1.1)
        year0 = indicator.baseline_year or 2009
        series[b] = _trajectory(_rng(*key, b.group, b.sex), indicator, start, year0, YEARS)
    return series


@transaction.atomic
def generate_demo_values(seed=2014, living_round=False):
    """Create approved demo values for 2010–2014 where none exist; return how many.

    With `living_round`, the years are left as a newcomer can try a real round (see
    `demo_round`): the latest year gets no demo values, and the year before it waits for
    BIF's approval.
    """
    indicators = list(
        Indicator.objects.exclude(unit=Indicator.Unit.TEXT)
        .select_related("objective__plan__committee")
        .order_by("objective__plan__committee__order", "objective__order", "order")
    )
    breakdowns = {}
    for b in Breakdown.objects.filter(indicator__in=indicators).order_by("order"):
        breakdowns.setdefault(b.indicator_id, []).append(b)
    # the values there are, by indicator: one pass, so the cost is linear in the values
    existing = {}
    for indicator_id, breakdown_id, year, value in IndicatorValue.objects.filter(
        breakdown__indicator__in=indicators
    ).values_list("breakdown__indicator_id", "breakdown_id", "year", "value"):
        existing.setdefault(indicator_id, {})[(breakdown_id, year)] = value
    new = []
    # in a living round, the year before the latest waits for BIF where no one touched it
    waiting = (
        {c for c, y in CommitteeYear.objects.values_list("committee_id", "year") if y == WAITING}
        if living_round
        else set()
    )
    for indicator in indicators:
        own = existing.get(indicator.pk, {})
        for b, years in _groups_of(seed, indicator, breakdowns.get(indicator.pk, []), own).items():
            for year, value in years.items():
                if (b.pk, year) in own or year < (indicator.objective.plan.period_start - 1):
                    continue
                if living_round and year >= YEARS[-1]:
                    continue  # the latest year is open for staff: nothing entered yet
                submitted = (
                    living_round
                    and year == WAITING
                    and indicator.objective.plan.committee_id not in waiting
                )
                new.append(
                    IndicatorValue(
                        breakdown=b,
                        year=year,
                        value=_clamp(value, indicator.value_unit),
                        status=IndicatorValue.Status.SUBMITTED
                        if submitted
                        else IndicatorValue.Status.APPROVED,
                        origin=IndicatorValue.Origin.DEMO,
                        source=DEMO_SOURCE,
                    )
                )
    if living_round:
        # with history, so the year's history and a review tell what the demo values were
        bulk_create_with_history(new, IndicatorValue, batch_size=2000)
        demo_round()
    else:
        IndicatorValue.objects.bulk_create(new, batch_size=2000)
    _invalidate()
    return len(new)


def demo_round(latest=YEARS[-1]):
    """The demo as a living round: each committee's plan years before `latest - 1` are
    approved, `latest - 1` is submitted and waits for BIF, `latest` is open for staff.

    Only years no one has touched are set (a committee-year that exists is left as it
    is), and the demo values of the submitted year wait with it; nobody is recorded as
    having submitted or approved anything, so no demo value counts as reported by staff.
    """
    now = timezone.now()
    waiting = latest - 1
    existing = set(CommitteeYear.objects.values_list("committee_id", "year"))
    created, submitted = [], []
    for committee in Committee.objects.prefetch_related("plans"):
        for plan in committee.plans.all():
            for year in plan.years:
                if year >= latest or (committee.pk, year) in existing:
                    continue
                if year == waiting:
                    status, extra = CommitteeYear.Status.SUBMITTED, {"submitted_at": now}
                    submitted.append(committee.pk)
                else:
                    status, extra = CommitteeYear.Status.APPROVED, {"approved_at": now}
                created.append(
                    CommitteeYear(committee=committee, year=year, status=status, **extra)
                )
    bulk_create_with_history(created, CommitteeYear)
    IndicatorValue.objects.filter(
        origin=IndicatorValue.Origin.DEMO,
        year=waiting,
        breakdown__indicator__objective__plan__committee__in=submitted,
    ).update(status=IndicatorValue.Status.SUBMITTED)
    return len(created)


def remove_demo_values():
    """Delete every demo value (never a real one); return how many."""
    deleted, _ = IndicatorValue.objects.filter(origin=IndicatorValue.Origin.DEMO).delete()
    _invalidate()
    return deleted


def _invalidate():
    # bulk writes send no signals: every committee's cached figures are renewed here
    versions.changed_everywhere()
