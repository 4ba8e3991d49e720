"""Figures recounted straight from the database, row by row, for tests that check what a
page shows against the data rather than against the function the page calls."""

from indicators.barometer.status import Goal, Status, assess, gap_series
from indicators.models import Indicator, IndicatorValue


def series_from_rows(indicator):
    """The approved yearly series of an indicator, read value by value (the gap of the
    whole groups for gap indicators)."""
    values = IndicatorValue.objects.filter(
        breakdown__indicator=indicator, status="approved", value__isnull=False
    ).select_related("breakdown")
    if indicator.is_gap:
        groups = {(v.breakdown.group, v.year): v.value for v in values if v.breakdown.sex == "all"}
        return gap_series(groups, indicator.gap_minuend_group, indicator.gap_subtrahend_group)
    return {v.year: v.value for v in values if v.breakdown.group == "" and v.breakdown.sex == "all"}


def barometer_counts(year=None, committee_code=None):
    """Status counts of the barometer indicators as of `year` (None: the latest values)."""
    counts = dict.fromkeys(Status, 0)
    indicators = Indicator.objects.filter(in_barometer=True).select_related("objective__plan")
    if committee_code:
        indicators = indicators.filter(objective__plan__committee__code=committee_code)
    for indicator in indicators:
        goal = Goal.of(indicator, period_end=indicator.objective.plan.period_end)
        counts[assess(goal, series_from_rows(indicator), as_of=year).status] += 1
    return counts
