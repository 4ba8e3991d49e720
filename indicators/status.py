"""The status roll-up of the integration barometer, as plain functions.

For an indicator with a baseline (year₀, v₀), a target (year₁, v₁) and a direction,
and its latest approved value v in year y (y ≤ the year asked about):

- *achieved* when v meets the target in the indicator's direction;
- *on track* when v is at or beyond the straight-line path from baseline to target
  at year y;
- *behind* otherwise;
- *no data* when there is no approved value;
- *not measurable* when the indicator has no target it can be judged against.

Details, each documented on the analysts' page "Sådan beregnes status":
- A per-year target ("2 procentpoint om året") gives the expected value
  v₀ + change × (y − year₀); with a target year it also gives the final target.
- Without a target year the plan period's last year is used.
- Without a baseline the first approved value serves as baseline.
- "close the gap" judges the size of the gap (its absolute value): the gap must
  shrink towards the target (usually 0).
- "maintain" is met when the value is no worse than the target (or the baseline).
- Gap indicators with group values derive the gap per year as
  value(first group) − value(second group), for the whole population ("all").
"""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    ACHIEVED = "achieved", _("achieved")
    ON_TRACK = "on_track", _("on track")
    BEHIND = "behind", _("behind")
    NO_DATA = "no_data", _("no data")
    NOT_MEASURABLE = "not_measurable", _("not measurable")


STATUS_ORDER = list(Status)

UP = {"increase", "at_least"}
DOWN = {"decrease", "at_most"}
GAP = "close_gap"
MAINTAIN = "maintain"


@dataclass(frozen=True)
class Goal:
    """What an indicator aims at (the fields of Indicator the rules need)."""

    direction: str
    baseline_value: Decimal | None = None
    baseline_year: int | None = None
    target_value: Decimal | None = None
    target_year: int | None = None
    annual_change: Decimal | None = None
    period_end: int | None = None

    @classmethod
    def of(cls, indicator, period_end=None):
        return cls(
            direction=indicator.direction,
            baseline_value=indicator.baseline_value,
            baseline_year=indicator.baseline_year,
            target_value=indicator.target_value,
            target_year=indicator.target_year,
            annual_change=indicator.annual_change,
            period_end=period_end,
        )

    @property
    def measurable(self):
        if self.direction in UP | DOWN | {GAP}:
            return self.target_value is not None or self.annual_change is not None
        if self.direction == MAINTAIN:
            return self.target_value is not None or self.baseline_value is not None
        return False


@dataclass(frozen=True)
class Assessment:
    """The status of one indicator at one point in time, with the figures behind it."""

    status: Status
    year: int | None = None
    value: Decimal | None = None
    expected: Decimal | None = None
    target: Decimal | None = None
    target_year: int | None = None
    baseline: Decimal | None = None
    baseline_year: int | None = None


def _meets(direction, value, reference):
    """True when `value` is at or beyond `reference` in the indicator's direction."""
    if direction in UP:
        return value >= reference
    if direction in DOWN:
        return value <= reference
    if direction == GAP:
        return abs(value) <= abs(reference)
    if direction == MAINTAIN:
        return value >= reference
    return False


def _path(baseline, baseline_year, target, target_year, year):
    """The straight line from (baseline_year, baseline) to (target_year, target) at `year`."""
    if year <= baseline_year or target_year <= baseline_year:
        return baseline
    if year >= target_year:
        return target
    share = Decimal(year - baseline_year) / Decimal(target_year - baseline_year)
    return baseline + (target - baseline) * share


def assess(goal, series, as_of=None):
    """Judge an indicator from its yearly values {year: value} (approved values only).

    `as_of` limits the values to that year and earlier (default: all of them).
    """
    if not goal.measurable:
        return Assessment(Status.NOT_MEASURABLE)
    years = sorted(y for y, v in series.items() if v is not None and (as_of is None or y <= as_of))
    if not years:
        return Assessment(Status.NO_DATA)
    year = years[-1]
    value = series[year]

    baseline, baseline_year = goal.baseline_value, goal.baseline_year
    if baseline is None or baseline_year is None:
        baseline, baseline_year = series[years[0]], years[0]
    direction = goal.direction
    if direction == GAP:
        baseline = abs(baseline)

    target_year = goal.target_year or goal.period_end or year
    target = goal.target_value
    if goal.annual_change is not None:
        step = abs(goal.annual_change)
        if direction in DOWN or direction == GAP:
            step = -step
        per_year = lambda y: baseline + step * (y - baseline_year)  # noqa: E731
        if target is None:
            if goal.target_year is None:
                # only a per-year target: each year's own target is what must be met
                target, target_year = per_year(year), year
            else:
                target = per_year(target_year)
        expected = per_year(min(year, target_year))
    else:
        if direction == MAINTAIN and target is None:
            target = baseline
        expected = _path(baseline, baseline_year, target, target_year, year)

    common = {
        "year": year,
        "value": value,
        "expected": expected,
        "target": target,
        "target_year": target_year,
        "baseline": baseline,
        "baseline_year": baseline_year,
    }
    if _meets(direction, value, target):
        return Assessment(Status.ACHIEVED, **common)
    if direction != MAINTAIN and year < target_year and _meets(direction, value, expected):
        return Assessment(Status.ON_TRACK, **common)
    return Assessment(Status.BEHIND, **common)


def gap_series(group_values, minuend, subtrahend):
    """Yearly gaps value(minuend) − value(subtrahend) from {(group, year): value}."""
    years = {y for (g, y) in group_values if g == minuend} & {
        y for (g, y) in group_values if g == subtrahend
    }
    return {y: group_values[(minuend, y)] - group_values[(subtrahend, y)] for y in years}


def count_statuses(assessments):
    """How many assessments are in each status, every status present (0 if none)."""
    counts = Counter(a.status for a in assessments)
    return {status: counts.get(status, 0) for status in STATUS_ORDER}
