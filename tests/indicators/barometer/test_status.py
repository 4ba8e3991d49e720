"""The status roll-up, rule by rule (indicators/barometer/status.py)."""

from decimal import Decimal as D

import pytest

from indicators.barometer.status import Goal, Status, assess, count_statuses, gap_series

A, ON, BEHIND, NO, NM = (
    Status.ACHIEVED,
    Status.ON_TRACK,
    Status.BEHIND,
    Status.NO_DATA,
    Status.NOT_MEASURABLE,
)


def goal(
    direction,
    baseline=None,
    baseline_year=None,
    target=None,
    target_year=None,
    change=None,
    period_end=2014,
):
    return Goal(
        direction,
        None if baseline is None else D(baseline),
        baseline_year,
        None if target is None else D(target),
        target_year,
        None if change is None else D(change),
        period_end,
    )


CASES = [
    # id, goal, series {year: value}, as_of, expected status
    ("increase met", goal("increase", 40, 2010, 60, 2014), {2012: 61}, None, A),
    ("increase on the path", goal("increase", 40, 2010, 60, 2014), {2012: 50}, None, ON),
    (
        "increase just below the path",
        goal("increase", 40, 2010, 60, 2014),
        {2012: D("49.9")},
        None,
        BEHIND,
    ),
    (
        "increase missed at the target year",
        goal("increase", 40, 2010, 60, 2014),
        {2014: 59},
        None,
        BEHIND,
    ),
    ("decrease met", goal("decrease", 20, 2010, 10, 2014), {2013: 10}, None, A),
    ("decrease on the path", goal("decrease", 20, 2010, 10, 2014), {2012: 15}, None, ON),
    ("decrease behind", goal("decrease", 20, 2010, 10, 2014), {2012: 16}, None, BEHIND),
    ("at least met", goal("at_least", 20, 2010, 20, None), {2012: D("20.0")}, None, A),
    ("at least missed", goal("at_least", None, None, 60, None), {2012: 59}, None, BEHIND),
    (
        "at most met (5,8 points in 2014)",
        goal("at_most", D("7.2"), 2010, D("5.8"), 2014),
        {2012: D("5.5")},
        None,
        A,
    ),
    (
        "at most on the path",
        goal("at_most", D("7.2"), 2010, D("5.8"), 2014),
        {2012: D("6.5")},
        None,
        ON,
    ),
    (
        "at most behind",
        goal("at_most", D("7.2"), 2010, D("5.8"), 2014),
        {2012: D("7.0")},
        None,
        BEHIND,
    ),
    ("gap closed", goal("close_gap", 9, 2009, 0, 2014), {2014: 0}, None, A),
    ("gap closing fast enough", goal("close_gap", 9, 2009, 0, 2014), {2012: D("3.6")}, None, ON),
    ("gap closing too slowly", goal("close_gap", 9, 2009, 0, 2014), {2012: D("4.1")}, None, BEHIND),
    ("gap reversed counts by size", goal("close_gap", 9, 2009, 0, 2014), {2012: D("-3")}, None, ON),
    ("gap widening", goal("close_gap", 9, 2009, 0, 2014), {2011: 10}, None, BEHIND),
    ("per-year target met", goal("increase", 30, 2010, None, None, change=2), {2012: 34}, None, A),
    (
        "per-year target missed",
        goal("increase", 30, 2010, None, None, change=2),
        {2012: 33},
        None,
        BEHIND,
    ),
    (
        "per-year with a final year: on track",
        goal("increase", 30, 2010, None, 2013, change=2),
        {2011: 32},
        None,
        ON,
    ),
    (
        "per-year with a final year: achieved",
        goal("increase", 30, 2010, None, 2013, change=2),
        {2012: 36},
        None,
        A,
    ),
    ("maintain kept", goal("maintain", 6, 2010, 6, None), {2013: 6}, None, A),
    ("maintain not kept", goal("maintain", 6, 2010, 6, None), {2013: 5}, None, BEHIND),
    ("no approved value", goal("increase", 40, 2010, 60, 2014), {}, None, NO),
    ("only later values than asked", goal("increase", 40, 2010, 60, 2014), {2013: 70}, 2012, NO),
    (
        "as of an earlier year",
        goal("increase", 40, 2010, 60, 2014),
        {2011: 41, 2013: 70},
        2012,
        BEHIND,
    ),
    ("no target", goal("increase", 40, 2010), {2012: 50}, None, NM),
    ("no direction", goal("unspecified", 40, 2010, 60, 2014), {2012: 50}, None, NM),
    (
        "no baseline: the first value is the start",
        goal("increase", None, None, 60, 2014),
        {2010: 40, 2012: 50},
        None,
        ON,
    ),
    (
        "no target year: the plan period's end",
        goal("increase", 40, 2010, 60, None),
        {2012: 50},
        None,
        ON,
    ),
]


@pytest.mark.parametrize(
    ("goal_", "series", "as_of", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_status_rules(goal_, series, as_of, expected):
    series = {y: D(v) for y, v in series.items()}
    assert assess(goal_, series, as_of=as_of).status == expected


def test_the_assessment_carries_the_figures_behind_it():
    a = assess(goal("close_gap", 9, 2009, 0, 2014), {2012: D("4.1")})
    assert (a.year, a.value, a.target, a.target_year) == (2012, D("4.1"), 0, 2014)
    assert a.expected == D("3.6")
    assert (a.baseline, a.baseline_year) == (9, 2009)


def test_gaps_are_derived_from_group_values_for_years_with_both():
    values = {("Et", 2009): D(61), ("To", 2009): D(52), ("Et", 2010): D(60)}
    assert gap_series(values, "Et", "To") == {2009: D(9)}


def test_counts_list_every_status_even_when_zero():
    counts = count_statuses([assess(goal("increase", 1, 2010, 2, 2014), {2014: D(2)}).status])
    assert counts == {A: 1, ON: 0, BEHIND: 0, NO: 0, NM: 0}
    assert list(counts) == [A, ON, BEHIND, NO, NM]
