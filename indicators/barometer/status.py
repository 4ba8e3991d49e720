"""The status roll-up of the integration barometer, as plain functions.

The rules, one by one, are `RULES` below; the analysts' page "Sådan beregnes status"
shows them row by row and tests/indicators/barometer/test_status.py checks each row.

For an indicator with a direction, and its latest approved value v in year y (y ≤ the
year asked about):

- a target with a target year: *achieved* when v meets the target in the indicator's
  direction, *on track* when v is at or beyond the straight line from the baseline to
  the target at year y (before the target year), *behind* otherwise;
- a per-year target ("2 procentpoint om året"): the year's own target is the start plus
  the years since times the step; with a final year the final target decides
  *achieved*, the year's own target *on track*;
- a target without a target year (the plan gives none): *achieved* when v meets it,
  otherwise judged by its direction as below; no year is invented;
- a direction and no figure ("skal stige", "må ikke stige"): *better*, *unchanged* or
  *worse* than the baseline (or the first approved value), both rounded to the
  indicator's published precision, as the national integration barometer does;
- *no data* when there is no approved value (or, judged by direction without a
  baseline, only the first one), *not measurable* when the plan gives no direction.

A gap is the disadvantaged group's shortfall: positive while that group is behind,
negative once the gap has passed parity (it has reversed). It is judged signed, so a
reversed gap meets a target of 0.
"""

from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from kkintegration.common.formatting import danish_number


class Status(models.TextChoices):
    ACHIEVED = "achieved", _("achieved")
    ON_TRACK = "on_track", _("on track")
    BEHIND = "behind", _("behind")
    BETTER = "better", _("in the right direction")
    UNCHANGED = "unchanged", _("unchanged")
    WORSE = "worse", _("in the wrong direction")
    NO_DATA = "no_data", _("no data")
    NOT_MEASURABLE = "not_measurable", _("not measurable")


STATUS_ORDER = list(Status)
# judged against a figure the plan gives
AGAINST_TARGET = (Status.ACHIEVED, Status.ON_TRACK, Status.BEHIND)
# judged by direction only, against the baseline or the first value
BY_DIRECTION = (Status.BETTER, Status.UNCHANGED, Status.WORSE)

UP = {"increase", "at_least"}
DOWN = {"decrease", "at_most"}
GAP = "close_gap"
MAINTAIN = "maintain"
DIRECTED = UP | DOWN | {GAP, MAINTAIN}

# How an assessment was reached (Assessment.rule), one per row of RULES
PATH, PER_YEAR, LEVEL, DIRECTION = "path", "per_year", "level", "direction"


# The rules page, row by row: (id, status, rule in words). The page renders these rows
# and the tests hold one case (or more) per id.
RULES = [
    (
        "target-met",
        Status.ACHIEVED,
        _(
            "The latest approved value meets the target in the indicator's direction: at or "
            "above it for “increase”, “keep at least” and “maintain”, at or below it for "
            "“decrease”, “keep at most” and a gap. Targets are compared exactly, as written."
        ),
    ),
    (
        "on-path",
        Status.ON_TRACK,
        _(
            "Only for a target with a target year: not yet at the target, but at or beyond "
            "the straight line from the baseline (year and value; without a baseline, the "
            "first approved value) to the target in the year of the latest value."
        ),
    ),
    (
        "per-year",
        Status.ON_TRACK,
        _(
            "A per-year target (“2 procentpoint om året”): the year's own target is the start "
            "plus the years since the start times the step. With a final year, meeting the "
            "final year's target is “achieved” and meeting the year's own target before the "
            "final year is “on track”; without one, meeting the year's own target is "
            "“achieved”."
        ),
    ),
    (
        "behind",
        Status.BEHIND,
        _(
            "A target with a target year (or a per-year target) that is neither met nor on "
            "its line — including a target year that has passed without the target being met."
        ),
    ),
    (
        "no-target-year",
        Status.ACHIEVED,
        _(
            "A target the plan gives no year for has no target year and no line: it is "
            "“achieved” when met, and otherwise judged by its direction as in the next three "
            "rows. A floor or ceiling (“mindst 95 pct.”, “må ikke stige”) is read the same way."
        ),
    ),
    (
        "better",
        Status.BETTER,
        _(
            "A direction without a figure (“skal stige”, “en stigende andel”), or a target "
            "without a year not yet met: the latest value, rounded to the indicator's "
            "published precision, is better than the baseline (or the first approved value) "
            "rounded the same way — higher for an increase, lower for a decrease or a gap."
        ),
    ),
    (
        "unchanged",
        Status.UNCHANGED,
        _("As above, and the two rounded figures are equal."),
    ),
    (
        "worse",
        Status.WORSE,
        _("As above, and the latest rounded figure is worse than the start."),
    ),
    (
        "gap",
        Status.ACHIEVED,
        _(
            "A gap between groups is the disadvantaged group's shortfall: positive while that "
            "group is behind, negative once it has passed the other group (the gap has "
            "reversed). It is compared signed, so a reversed gap meets a target of 0 "
            "(“lige så meget som”), and the page says in words that the gap has reversed."
        ),
    ),
    (
        "relative",
        Status.ACHIEVED,
        _(
            "A relative target (“øges med 50 %”) is a change relative to the baseline (or the "
            "first approved value): the target is the start × 1,5. A change in "
            "“procentpoint” is absolute: the start + the points."
        ),
    ),
    (
        "no-data",
        Status.NO_DATA,
        _(
            "No approved value yet, up to the year shown — or, for an indicator judged by its "
            "direction without a baseline, only its first value, with nothing to compare it "
            "with."
        ),
    ),
    (
        "not-measurable",
        Status.NOT_MEASURABLE,
        _(
            "The plan gives neither a figure nor a direction to judge the indicator by (e.g. "
            "“Ingen”, “??????”). That is a finding about the plan, not an error; the plan's "
            "own words are shown."
        ),
    ),
]


@dataclass(frozen=True)
class Goal:
    """What an indicator aims at (the fields of Indicator the rules need)."""

    direction: str
    baseline_value: Decimal | None = None
    baseline_year: int | None = None
    target_value: Decimal | None = None
    target_year: int | None = None
    annual_change: Decimal | None = None
    relative: bool = False  # target_value is a change in % of the start, not a level
    decimals: int = 1  # the published precision the direction is judged at
    has_measure: bool = True  # False for an indicator with no numeric unit ("text")

    @classmethod
    def of(cls, indicator):
        return cls(
            direction=indicator.direction,
            baseline_value=indicator.baseline_value,
            baseline_year=indicator.baseline_year,
            target_value=indicator.target_value,
            target_year=indicator.target_year,
            annual_change=indicator.annual_change,
            relative=indicator.target_is_relative,
            decimals=indicator.decimals,
            has_measure=indicator.unit != "text",
        )

    @property
    def measurable(self):
        """Whether the plan gives anything to judge by: a direction and a measure."""
        return self.direction in DIRECTED and self.has_measure

    @property
    def has_figure(self):
        if self.direction == MAINTAIN:
            return self.target_value is not None or self.baseline_value is not None
        return self.target_value is not None or self.annual_change is not None


@dataclass(frozen=True)
class Assessment:
    """The status of one indicator at one point in time, with the figures behind it."""

    status: Status
    year: int | None = None
    value: Decimal | None = None
    expected: Decimal | None = None  # the line's value in `year` (path and per-year rules)
    target: Decimal | None = None
    target_year: int | None = None
    baseline: Decimal | None = None
    baseline_year: int | None = None
    rule: str = ""  # PATH, PER_YEAR, LEVEL or DIRECTION
    baseline_is_first_value: bool = False
    step: Decimal | None = None  # the signed per-year step
    relative: Decimal | None = None  # the relative change in %, for relative targets
    decimals: int = 1

    @property
    def reversed_gap(self):
        """True when a gap's shortfall has passed parity (only meaningful for gaps)."""
        return self.value is not None and self.value < 0

    @property
    def uses_path(self):
        """Whether the status was judged against a line from the start to the target."""
        return self.rule in (PATH, PER_YEAR) and self.expected is not None


def _meets(direction, value, reference):
    """True when `value` is at or beyond `reference` in the indicator's direction."""
    if direction in UP or direction == MAINTAIN:
        return value >= reference
    return value <= reference  # DOWN and GAP (a shortfall, signed)


def _path(baseline, baseline_year, target, target_year, year):
    """The straight line from (baseline_year, baseline) to (target_year, target) at `year`."""
    if year <= baseline_year or target_year <= baseline_year:
        return baseline
    if year >= target_year:
        return target
    share = Decimal(year - baseline_year) / Decimal(target_year - baseline_year)
    return baseline + (target - baseline) * share


def rounded(value, decimals):
    """`value` at the published precision (half up), as the barometer compares it."""
    return Decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def trend(direction, start, value, decimals):
    """BETTER, UNCHANGED or WORSE: `value` against `start`, both rounded to `decimals`."""
    a, b = rounded(start, decimals), rounded(value, decimals)
    if a == b:
        return Status.UNCHANGED
    return Status.BETTER if _meets(direction, b, a) else Status.WORSE


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
    first = baseline is None
    if first and baseline_year in years:  # "højere … end i 2010": that year's value
        baseline = series[baseline_year]
    elif first:
        baseline, baseline_year = series[years[0]], years[0]
    direction = goal.direction
    common = {
        "year": year,
        "value": value,
        "baseline": baseline,
        "baseline_year": baseline_year,
        "baseline_is_first_value": first,
        "decimals": goal.decimals,
    }

    def by_direction(**extra):
        if first and year == baseline_year:
            return Assessment(Status.NO_DATA, rule=DIRECTION, **common, **extra)
        status = trend(direction, baseline, value, goal.decimals)
        return Assessment(status, rule=DIRECTION, **common, **extra)

    if not goal.has_figure:
        return by_direction()

    if goal.annual_change is not None:
        step = abs(goal.annual_change)
        if direction in DOWN or direction == GAP:
            step = -step
        own = baseline + step * (year - baseline_year)  # this year's own target
        extra = {"rule": PER_YEAR, "step": step}
        if goal.target_year is None:
            status = Status.ACHIEVED if _meets(direction, value, own) else Status.BEHIND
            return Assessment(status, expected=own, target=own, target_year=year, **common, **extra)
        final = baseline + step * (goal.target_year - baseline_year)
        expected = baseline + step * (min(year, goal.target_year) - baseline_year)
        figures = {"expected": expected, "target": final, "target_year": goal.target_year}
        if _meets(direction, value, final):
            return Assessment(Status.ACHIEVED, **figures, **common, **extra)
        if year < goal.target_year and _meets(direction, value, expected):
            return Assessment(Status.ON_TRACK, **figures, **common, **extra)
        return Assessment(Status.BEHIND, **figures, **common, **extra)

    target = goal.target_value
    relative = None
    if goal.relative and target is not None:
        relative = target
        sign = -1 if direction in DOWN or direction == GAP else 1
        target = baseline * (1 + sign * target / 100)
    if target is None:  # maintain without a figure: the baseline
        target = baseline

    if goal.target_year is None:
        extra = {"target": target, "relative": relative}
        if _meets(direction, value, target):
            return Assessment(Status.ACHIEVED, rule=LEVEL, **common, **extra)
        return by_direction(**extra)

    expected = _path(baseline, baseline_year, target, goal.target_year, year)
    figures = {
        "expected": expected,
        "target": target,
        "target_year": goal.target_year,
        "relative": relative,
        "rule": PATH,
    }
    if _meets(direction, value, target):
        return Assessment(Status.ACHIEVED, **figures, **common)
    if year < goal.target_year and _meets(direction, value, expected):
        return Assessment(Status.ON_TRACK, **figures, **common)
    return Assessment(Status.BEHIND, **figures, **common)


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


def _n(value, decimals=2):
    """A figure as the explanations write it: at most `decimals` (2), none when whole."""
    return danish_number(rounded(value, max(decimals, 2)).normalize())


def explain(assessment, *, unit_label, is_gap, group="", as_of=None, not_measurable_note=""):
    """Why an indicator has its status, in words (translated), e.g. for the drill-down.

    "A shortfall of 4,1 percentage points for Tosprogede elever in 2012 against an expected
    3,6 on the straight line from 9 in 2009 to 0 in 2014: behind."
    """
    a = assessment
    if a.status == Status.NOT_MEASURABLE:
        text = gettext("The plan gives neither a figure nor a direction to judge it by")
        if not_measurable_note:
            text += gettext(" (the plan: “%(words)s”)") % {"words": not_measurable_note}
        return text + "."
    if a.status == Status.NO_DATA and a.value is None:
        return gettext("There is no approved value yet%(when)s.") % {
            "when": gettext(" up to %(year)s") % {"year": as_of} if as_of else ""
        }
    if a.status == Status.NO_DATA:
        return gettext(
            "Only one approved value (%(value)s in %(year)s): there is nothing yet to "
            "compare it with."
        ) % {"value": f"{_n(a.value, a.decimals)} {unit_label}".rstrip(), "year": a.year}
    shown = _n(a.value).replace("-", "−", 1)  # a typographic minus: "−2,3"
    fmt = {"value": f"{shown} {unit_label}".rstrip(), "year": a.year, "group": group}
    if is_gap and a.reversed_gap and group:
        text = gettext("The gap has reversed: %(value)s in %(year)s (%(group)s are ahead)") % fmt
    elif is_gap and a.reversed_gap:
        text = gettext("The gap has reversed: %(value)s in %(year)s") % fmt
    elif is_gap and group:
        text = gettext("A shortfall of %(value)s for %(group)s in %(year)s") % fmt
    elif is_gap:
        text = gettext("A gap of %(value)s in %(year)s") % fmt
    else:
        text = gettext("A value of %(value)s in %(year)s") % fmt
    start = gettext("the approved value") if a.baseline_is_first_value else gettext("the baseline")
    start_fmt = {"start": start, "baseline": _n(a.baseline), "baseline_year": a.baseline_year}
    if a.rule == DIRECTION:
        if a.target is not None:
            text += gettext(" has not met the target %(target)s (no target year)") % {
                "target": _n(a.target)
            }
        text += ngettext(
            "; judged by its direction against %(start)s %(baseline)s in %(baseline_year)s, "
            "both rounded to %(decimals)s decimal: %(a)s against %(b)s",
            "; judged by its direction against %(start)s %(baseline)s in %(baseline_year)s, "
            "both rounded to %(decimals)s decimals: %(a)s against %(b)s",
            a.decimals,
        ) % {
            **start_fmt,
            "decimals": a.decimals,
            "a": danish_number(rounded(a.value, a.decimals)),
            "b": danish_number(rounded(a.baseline, a.decimals)),
        }
    elif a.rule == PER_YEAR:
        step_unit = gettext("percentage points") if unit_label == "%" else unit_label
        steps = a.year - a.baseline_year if a.target_year == a.year else None
        text += gettext(
            " against %(expected)s = %(baseline)s (%(start)s, %(baseline_year)s) + %(steps)s × "
            "%(step)s, the target for %(year)s"
        ) % {
            **start_fmt,
            "expected": _n(a.expected),
            "steps": steps if steps is not None else min(a.year, a.target_year) - a.baseline_year,
            # a rate's step is in points: "2 procentpoint om året"
            "step": f"{_n(abs(a.step))} {step_unit}".rstrip(),
            "year": a.year if steps is not None else min(a.year, a.target_year),
        }
        if steps is None:
            text += gettext(" (final target %(target)s in %(target_year)s)") % {
                "target": _n(a.target),
                "target_year": a.target_year,
            }
    elif a.rule == PATH and a.year < a.target_year:
        text += gettext(
            " against an expected %(expected)s on the straight line from %(baseline)s in "
            "%(baseline_year)s to %(target)s in %(target_year)s"
        ) % {
            **start_fmt,
            "expected": _n(a.expected),
            "target": _n(a.target),
            "target_year": a.target_year,
        }
    elif a.rule == PATH:
        text += gettext(" against the target %(target)s in %(target_year)s") % {
            "target": _n(a.target),
            "target_year": a.target_year,
        }
    else:
        text += gettext(" against the target %(target)s (no target year)") % {
            "target": _n(a.target)
        }
    if a.relative is not None:
        text += gettext(
            " (a relative target: %(start)s %(baseline)s changed by %(relative)s %%)"
        ) % {**start_fmt, "relative": _n(a.relative)}
    return f"{text}: {a.status.label}."


def change_since_last_year(goal, series, year):
    """BETTER, UNCHANGED or WORSE: the value of `year` against the year before, in the
    indicator's direction and at its published precision; None when either value is
    missing or the plan gives no direction."""
    now, before = series.get(year), series.get(year - 1)
    if now is None or before is None or goal.direction not in DIRECTED:
        return None
    return trend(goal.direction, before, now, goal.decimals)
