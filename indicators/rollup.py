"""Indicators judged from their approved values: the barometer's reads.

`assess_indicators` costs two queries whatever the number of indicators: one for
the indicators with their plan, one for all their approved values.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from .models import Breakdown, Indicator, IndicatorValue
from .status import Assessment, Goal, Status, assess, count_statuses, gap_series


@dataclass
class IndicatorRow:
    indicator: Indicator
    assessment: Assessment
    series: dict = field(default_factory=dict)  # {year: value} the status is judged on
    groups: dict = field(default_factory=dict)  # {(group, sex, year): value}
    notes: dict = field(default_factory=dict)  # {year: {"provisional": bool, "sources": set}}

    @property
    def status(self):
        return self.assessment.status

    def is_provisional(self, year):
        return self.notes.get(year, {}).get("provisional", False)

    @property
    def latest_is_provisional(self):
        return bool(self.latest) and self.is_provisional(self.latest[0])

    @property
    def latest(self):
        """(year, value) of the latest approved value of the series, or None."""
        if not self.series:
            return None
        year = max(self.series)
        return year, self.series[year]


def series_for(indicator, groups):
    """The yearly series an indicator is judged on, from {(group, sex, year): value}."""
    if indicator.is_gap:
        whole = {(g, y): v for (g, s, y), v in groups.items() if s == Breakdown.Sex.ALL}
        return gap_series(whole, indicator.gap_minuend_group, indicator.gap_subtrahend_group)
    return {y: v for (g, s, y), v in groups.items() if g == "" and s == Breakdown.Sex.ALL}


def approved_groups(indicators):
    """({indicator_id: {(group, sex, year): value}}, {indicator_id: {year: notes}}) (1 query).

    The notes of a year say whether any of its values is provisional, and their sources.
    """
    rows = (
        IndicatorValue.objects.approved()
        .filter(breakdown__indicator__in=indicators)
        .values_list(
            "breakdown__indicator_id",
            "breakdown__group",
            "breakdown__sex",
            "year",
            "value",
            "is_provisional",
            "source",
        )
    )
    values = defaultdict(dict)
    notes = defaultdict(dict)
    for indicator_id, group, sex, year, value, provisional, source in rows:
        values[indicator_id][(group, sex, year)] = value
        note = notes[indicator_id].setdefault(year, {"provisional": False, "sources": set()})
        note["provisional"] |= provisional
        if source:
            note["sources"].add(source)
    return values, notes


def assess_indicators(indicators=None, *, as_of=None):
    """Every indicator of the queryset with its status as of `as_of` (2 queries)."""
    if indicators is None:
        indicators = Indicator.objects.all()
    indicators = indicators.with_plan()
    values, notes = approved_groups(indicators.values("pk"))
    rows = []
    for indicator in indicators:
        groups = values.get(indicator.pk, {})
        series = series_for(indicator, groups)
        goal = Goal.of(indicator, period_end=indicator.objective.plan.period_end)
        assessment = assess(goal, series, as_of=as_of)
        rows.append(
            IndicatorRow(indicator, assessment, series, groups, notes.get(indicator.pk, {}))
        )
    return rows


def summary(rows):
    """Counts per status for rows of `assess_indicators`."""
    return count_statuses(row.assessment for row in rows)


def barometer_summary(as_of=None):
    """Counts per status of the barometer indicators of all plans (2 queries)."""
    return summary(assess_indicators(Indicator.objects.in_barometer(), as_of=as_of))


__all__ = ["IndicatorRow", "Status", "assess_indicators", "barometer_summary", "summary"]


def invalidate():
    """Forget cached roll-ups after approved values changed (no cache yet: nothing to do)."""
