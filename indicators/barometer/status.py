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
- "keep at least / at most" without a target year is a floor or ceiling that holds every
  year: achieved or behind, never on track.
- Gap indicators with group values derive the gap per year as
  value(first group) − value(second group), for the whole population ("all").
"""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kkintegration.common.formatting import danish_number


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
    # a floor or ceiling without a target year holds every year: there is no path to be on
    has_path = direction != MAINTAIN and not (
        direction in {"at_least", "at_most"} and goal.target_year is None
    )
    if has_path and year < target_year and _meets(direction, value, expected):
        return Assessment(Status.ON_TRACK, **common)
    return Assessment(Status.BEHIND, **common)


def gap_series(group_values, minuend, subtrahend):
    """Yearly gaps value(minuend) − value(subtrahend) from {(group, year): value}."""
    years = {y for (g, y) in group_values if g == minuend} & {
        y for (g, y) in group_values if g == subtrahend
    }
    return {y: group_values[(minuend, y)] - group_values[(subtrahend, y)] for y in years}


def count_statuses(statuses):
    """How many of `statuses` are each status: every status present, in STATUS_ORDER, 0
    where none. The one counter: tiles, tables, summaries and the Bilag all use it."""
    counts = Counter(statuses)
    return {status: counts.get(status, 0) for status in STATUS_ORDER}


def explain(assessment, *, unit_label, is_gap, as_of=None):
    """Why an indicator has its status, in words (translated), e.g. for the drill-down.

    "A gap of 4,1 percentage points in 2012 against an expected 3,6 on the way from 9 in
    2009 to 0 in 2014: behind."
    """

    def n(value, _decimals):
        """At most one decimal, none when whole: 9, 3,6, 4,1."""
        return danish_number(Decimal(value).quantize(Decimal("0.1")).normalize())

    a = assessment
    if a.status == Status.NOT_MEASURABLE:
        return gettext("The plan gives no target this indicator can be judged against.")
    if a.status == Status.NO_DATA:
        return gettext("There is no approved value yet%(when)s.") % {
            "when": gettext(" up to %(year)s") % {"year": as_of} if as_of else ""
        }
    what = (
        gettext("A gap of %(value)s %(unit)s")
        if is_gap
        else gettext("A value of %(value)s %(unit)s")
    )
    text = (what + gettext(" in %(year)s")) % {
        "value": n(a.value, 1),
        "unit": unit_label,
        "year": a.year,
    }
    if a.expected is not None and a.baseline_year is not None and a.year < a.target_year:
        text += gettext(
            " against an expected %(expected)s on the way from %(baseline)s in "
            "%(baseline_year)s to %(target)s in %(target_year)s"
        ) % {
            "expected": n(a.expected, 1),
            "baseline": n(a.baseline, 1),
            "baseline_year": a.baseline_year,
            "target": n(a.target, 1),
            "target_year": a.target_year,
        }
    else:
        text += gettext(" against the target %(target)s") % {"target": n(a.target, 1)}
    return f"{text}: {a.status.label}."
