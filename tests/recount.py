"""Figures recounted straight from the database, row by row, from the rules page
("Sådan beregnes status") alone: nothing here calls indicators/barometer/status.py, so a
test that compares a page with these numbers checks the page against the rules, not
against the function the page calls."""

from decimal import ROUND_HALF_UP, Decimal

from indicators.models import Indicator, IndicatorValue

ACHIEVED, ON_TRACK, BEHIND = "achieved", "on_track", "behind"
BETTER, UNCHANGED, WORSE = "better", "unchanged", "worse"
NO_DATA, NOT_MEASURABLE = "no_data", "not_measurable"
ALL_STATUSES = [ACHIEVED, ON_TRACK, BEHIND, BETTER, UNCHANGED, WORSE, NO_DATA, NOT_MEASURABLE]

HIGHER_IS_BETTER = ("increase", "at_least", "maintain")
LOWER_IS_BETTER = ("decrease", "at_most", "close_gap")


def series_from_rows(indicator):
    """The approved yearly series of an indicator, read value by value: for a gap with
    group values, the first group's share minus the second's (whole groups), which the
    plans' fixtures orient as the disadvantaged group's shortfall."""
    values = IndicatorValue.objects.filter(
        breakdown__indicator=indicator, status="approved", value__isnull=False
    ).select_related("breakdown")
    if indicator.gap_minuend_group:
        first, second = {}, {}
        for v in values:
            if v.breakdown.sex != "all":
                continue
            if v.breakdown.group == indicator.gap_minuend_group:
                first[v.year] = v.value
            elif v.breakdown.group == indicator.gap_subtrahend_group:
                second[v.year] = v.value
        return {y: first[y] - second[y] for y in first if y in second}
    return {v.year: v.value for v in values if v.breakdown.group == "" and v.breakdown.sex == "all"}


def _better_or_equal(direction, a, b):
    """a is at least as good as b."""
    return a >= b if direction in HIGHER_IS_BETTER else a <= b


def recount_status(ind, series, year=None):
    """The status of `ind` as of `year` (None: its latest value), from the rules page."""
    if ind.direction == "unspecified" or ind.unit == "text":
        return NOT_MEASURABLE  # rule: neither a figure nor a direction (or no measure)
    seen = {y: v for y, v in series.items() if year is None or y <= year}
    if not seen:
        return NO_DATA
    last = max(seen)
    v = seen[last]
    direction = ind.direction
    # the start: the baseline, else the value of the baseline year, else the first value
    if ind.baseline_value is not None:
        start, start_year, own_start = ind.baseline_value, ind.baseline_year, False
    elif ind.baseline_year in seen:
        start, start_year, own_start = seen[ind.baseline_year], ind.baseline_year, True
    else:
        start_year = min(seen)
        start, own_start = seen[start_year], True

    def judged_by_direction():
        if own_start and start_year == last:
            return NO_DATA  # only the first value: nothing to compare with
        q = Decimal(10) ** -ind.decimals
        a = start.quantize(q, rounding=ROUND_HALF_UP)
        b = v.quantize(q, rounding=ROUND_HALF_UP)
        if a == b:
            return UNCHANGED
        return BETTER if _better_or_equal(direction, b, a) else WORSE

    if ind.annual_change is not None:  # rule: per-year target
        step = abs(ind.annual_change) * (1 if direction in HIGHER_IS_BETTER else -1)
        if ind.target_year is None:
            own = start + step * (last - start_year)
            return ACHIEVED if _better_or_equal(direction, v, own) else BEHIND
        final = start + step * (ind.target_year - start_year)
        if _better_or_equal(direction, v, final):
            return ACHIEVED
        own = start + step * (min(last, ind.target_year) - start_year)
        if last < ind.target_year and _better_or_equal(direction, v, own):
            return ON_TRACK
        return BEHIND

    target = ind.target_value
    if target is None and direction == "maintain":
        target = start
    if target is None:  # rule: a direction without a figure
        return judged_by_direction()
    if ind.target_is_relative:  # rule: relative target, a change in % of the start
        change = target / 100
        target = start * (1 + change) if direction in HIGHER_IS_BETTER else start * (1 - change)
    if _better_or_equal(direction, v, target):
        return ACHIEVED  # rule: target met (a gap compared signed)
    if ind.target_year is None:
        return judged_by_direction()  # rule: no target year
    if last < ind.target_year:  # rule: on the straight line
        if last <= start_year or ind.target_year <= start_year:
            line = start
        else:
            line = start + (target - start) * Decimal(last - start_year) / Decimal(
                ind.target_year - start_year
            )
        if _better_or_equal(direction, v, line):
            return ON_TRACK
    return BEHIND


def barometer_counts(year=None, committee_code=None):
    """Status counts {status value: n} of the barometer indicators as of `year` (None: the
    latest values)."""
    counts = dict.fromkeys(ALL_STATUSES, 0)
    indicators = Indicator.objects.filter(in_barometer=True)
    if committee_code:
        indicators = indicators.filter(objective__plan__committee__code=committee_code)
    for indicator in indicators:
        counts[recount_status(indicator, series_from_rows(indicator), year)] += 1
    return counts
