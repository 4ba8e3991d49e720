"""The status rules (indicators/barometer/status.py) as a table that mirrors the rules page
"Sådan beregnes status" row by row: every row of the page has its cases here, and the
last test checks that the page and this table list the same rules in the same order."""

import re
from decimal import Decimal as D

import pytest
from django.urls import reverse

from indicators.barometer.status import (
    RULES,
    Goal,
    Status,
    assess,
    count_statuses,
    explain,
    gap_series,
    trend,
)

A, ON, BEHIND = Status.ACHIEVED, Status.ON_TRACK, Status.BEHIND
UP, SAME, DOWN = Status.BETTER, Status.UNCHANGED, Status.WORSE
NO, NM = Status.NO_DATA, Status.NOT_MEASURABLE


def goal(direction, baseline=None, baseline_year=None, target=None, target_year=None, **kw):
    return Goal(
        direction,
        None if baseline is None else D(str(baseline)),
        baseline_year,
        None if target is None else D(str(target)),
        target_year,
        **{k: D(str(v)) if k == "annual_change" else v for k, v in kw.items()},
    )


# rule id (as on the page) → [(case, goal, series {year: value}, as_of, status)]
RULE_CASES = {
    "target-met": [
        ("increase met", goal("increase", 40, 2010, 60, 2014), {2012: 61}, None, A),
        ("decrease met exactly", goal("decrease", 20, 2010, 10, 2014), {2013: 10}, None, A),
        (
            "at most 5,8 in 2014 met",
            goal("at_most", "7.2", 2010, "5.8", 2014),
            {2012: "5.5"},
            None,
            A,
        ),
        ("maintain kept", goal("maintain", 6, 2010, 6, None), {2013: 6}, None, A),
        ("maintain with only a baseline", goal("maintain", 6, 2010), {2013: 7}, None, A),
    ],
    "on-path": [
        ("increase on the line", goal("increase", 40, 2010, 60, 2014), {2012: 50}, None, ON),
        ("decrease on the line", goal("decrease", 20, 2010, 10, 2014), {2012: 15}, None, ON),
        ("at most on the line", goal("at_most", "7.2", 2010, "5.8", 2014), {2012: "6.5"}, None, ON),
        ("gap closing fast enough", goal("close_gap", 9, 2009, 0, 2014), {2012: "3.6"}, None, ON),
        (
            "no baseline: the first value is the start",
            goal("increase", None, None, 60, 2014),
            {2010: 40, 2012: 50},
            None,
            ON,
        ),
    ],
    "per-year": [
        (
            "per-year, no final year, met",
            goal("increase", 30, 2010, annual_change=2),
            {2012: 34},
            None,
            A,
        ),
        (
            "ØU: 2 points a year 2010–2013 from the 2010 value, on track",
            goal("increase", None, 2010, None, 2013, annual_change=2),
            {2010: "6.7", 2012: "10.7"},
            None,
            ON,
        ),
        (
            "ØU: final target 6,7 + 3 × 2 = 12,7 met",
            goal("increase", None, 2010, None, 2013, annual_change=2),
            {2010: "6.7", 2013: "12.7"},
            None,
            A,
        ),
        (
            "per-year decrease",
            goal("decrease", 20, 2010, None, 2014, annual_change=1),
            {2012: 18},
            None,
            ON,
        ),
    ],
    "behind": [
        ("below the line", goal("increase", 40, 2010, 60, 2014), {2012: "49.9"}, None, BEHIND),
        ("target year passed", goal("increase", 40, 2010, 60, 2014), {2014: 59}, None, BEHIND),
        ("decrease behind", goal("decrease", 20, 2010, 10, 2014), {2012: 16}, None, BEHIND),
        (
            "gap closing too slowly",
            goal("close_gap", 9, 2009, 0, 2014),
            {2012: "4.1"},
            None,
            BEHIND,
        ),
        ("gap widening", goal("close_gap", 9, 2009, 0, 2014), {2011: 10}, None, BEHIND),
        ("per-year missed", goal("increase", 30, 2010, annual_change=2), {2012: 33}, None, BEHIND),
        (
            "ØU: 12,1 in 2013 against 12,7",
            goal("increase", None, 2010, None, 2013, annual_change=2),
            {2010: "6.7", 2013: "12.1"},
            None,
            BEHIND,
        ),
    ],
    "no-target-year": [
        ("minimum 60 % met", goal("at_least", None, None, 60), {2011: 50, 2012: 61}, None, A),
        (
            "minimum 95 % missed, rising",
            goal("at_least", None, None, 95),
            {2011: 90, 2012: 93},
            None,
            UP,
        ),
        (
            "minimum 95 % missed, falling",
            goal("at_least", None, None, 95),
            {2011: 90, 2012: 88},
            None,
            DOWN,
        ),
        (
            "no more vulnerable areas than 6: 7 is worse than 6",
            goal("at_most", 6, 2010, 6, decimals=0),
            {2010: 6, 2013: 7},
            None,
            DOWN,
        ),
        (
            "KFU: the gap 9 → 4,1, no target year: right direction, never behind",
            goal("close_gap", 9, 2009, 0),
            {2012: "4.1"},
            None,
            UP,
        ),
    ],
    "better": [
        ("“skal stige”", goal("increase"), {2010: 40, 2013: "41.3"}, None, UP),
        ("“skal falde”", goal("decrease"), {2010: 40, 2013: "38.2"}, None, UP),
        (
            "“højere … end i 2010”: the 2010 value is the start",
            goal("increase", None, 2010, None, 2014),
            {2009: 50, 2010: 30, 2014: 31},
            None,
            UP,
        ),
    ],
    "unchanged": [
        ("equal at one decimal", goal("decrease"), {2010: "20.04", 2013: "19.96"}, None, SAME),
        (
            "equal as whole counts",
            goal("at_most", 21, 2008, decimals=0),
            {2012: "21.4"},
            None,
            SAME,
        ),
    ],
    "worse": [
        ("“må ikke stige”: 21 → 24", goal("at_most", 21, 2008, decimals=0), {2014: 24}, None, DOWN),
        ("“skal stige” but fell", goal("increase"), {2010: 40, 2013: "39.9"}, None, DOWN),
        (
            "half up: 39,95 is 40,0, 39,94 is 39,9",
            goal("increase"),
            {2010: "39.95", 2013: "39.94"},
            None,
            DOWN,
        ),
    ],
    "gap": [
        ("KFU 5th grade: reversed to −2,3", goal("close_gap", 9, 2009, 0), {2014: "-2.3"}, None, A),
        ("reversed with a target year", goal("close_gap", 9, 2009, 0, 2014), {2012: "-3"}, None, A),
        ("closed exactly", goal("close_gap", 9, 2009, 0, 2014), {2014: 0}, None, A),
        (
            "SUD: minority's excess at most 0",
            goal("at_most", None, None, 0),
            {2011: 3, 2013: "-0.5"},
            None,
            A,
        ),
    ],
    "relative": [
        (
            "“øges med 50 %”: 1.000 → 1.520",
            goal("increase", None, None, 50, relative=True, decimals=0),
            {2010: 1000, 2013: 1520},
            None,
            A,
        ),
        (
            "“øges med 50 %”: 1.000 → 1.400",
            goal("increase", None, None, 50, relative=True, decimals=0),
            {2010: 1000, 2013: 1400},
            None,
            UP,
        ),
        (
            "“falde med 2 %” by 2013: 10 → 9,8",
            goal("decrease", None, None, 2, 2013, relative=True),
            {2010: 10, 2013: "9.8"},
            None,
            A,
        ),
        (
            "“falde med 2 %” by 2013: 10 → 9,9",
            goal("decrease", None, None, 2, 2013, relative=True),
            {2010: 10, 2013: "9.9"},
            None,
            BEHIND,
        ),
    ],
    "no-data": [
        ("no approved value", goal("increase", 40, 2010, 60, 2014), {}, None, NO),
        (
            "only later values than asked",
            goal("increase", 40, 2010, 60, 2014),
            {2013: 70},
            2012,
            NO,
        ),
        ("direction only, one value", goal("increase"), {2010: 40}, None, NO),
        (
            "as of an earlier year",
            goal("increase", 40, 2010, 60, 2014),
            {2011: 41, 2013: 70},
            2012,
            BEHIND,
        ),
    ],
    "not-measurable": [
        ("no direction", goal("unspecified", 40, 2010, 60, 2014), {2012: 50}, None, NM),
        ("no measure (text)", goal("close_gap", has_measure=False), {}, None, NM),
    ],
}

CASES = [(rule, *case) for rule, cases in RULE_CASES.items() for case in cases]


@pytest.mark.parametrize(
    ("rule", "goal_", "series", "as_of", "expected"),
    [(c[0], *c[2:]) for c in CASES],
    ids=[f"{c[0]}: {c[1]}" for c in CASES],
)
def test_status_rules(rule, goal_, series, as_of, expected):
    series = {y: D(str(v)) for y, v in series.items()}
    assert assess(goal_, series, as_of=as_of).status == expected


def test_every_rule_of_the_page_has_cases_and_a_status():
    assert [rule for rule, _s, _t in RULES] == list(RULE_CASES)
    for rule, status, _text in RULES:
        statuses = {c[-1] for c in RULE_CASES[rule]}
        assert status in statuses, rule


@pytest.mark.django_db
def test_the_rules_page_lists_the_rules_of_this_table_in_order(client):
    html = client.get(reverse("indicators:status-rules")).content.decode()
    assert re.findall(r'data-rule="([\w-]+)"', html) == list(RULE_CASES)


def test_the_assessment_carries_the_figures_behind_it():
    a = assess(goal("close_gap", 9, 2009, 0, 2014), {2012: D("4.1")})
    assert (a.year, a.value, a.target, a.target_year) == (2012, D("4.1"), 0, 2014)
    assert a.expected == D("3.6")
    assert (a.baseline, a.baseline_year, a.rule) == (9, 2009, "path")


def test_without_a_target_year_there_is_no_line_and_no_target_year():
    a = assess(goal("close_gap", 9, 2009, 0), {2012: D("4.1")})
    assert a.target_year is None and a.expected is None and not a.uses_path


def test_a_reversed_gap_is_said_in_words():
    a = assess(goal("close_gap", 9, 2009, 0), {2014: D("-2.3")})
    text = explain(a, unit_label="procentpoint", is_gap=True, group="tosprogede elever")
    assert text.startswith("Forskellen er vendt: −2,3 procentpoint i 2014")
    assert "tosprogede elever ligger foran" in text
    assert text.endswith(": opfyldt.")


def test_the_per_year_arithmetic_is_written_out():
    g = goal("increase", None, 2010, None, 2013, annual_change=2)
    a = assess(g, {2010: D("6.7"), 2013: D("12.1")})
    text = explain(a, unit_label="%", is_gap=False)
    assert "12,7 = 6,7 (den godkendte værdi, 2010) + 3 × 2 procentpoint, målet for 2013" in text


def test_the_trend_compares_rounded_figures():
    assert trend("increase", D("40.04"), D("40.049"), 1) == Status.UNCHANGED
    assert trend("increase", D("40.04"), D("40.05"), 1) == Status.BETTER
    assert trend("at_most", D(21), D(24), 0) == Status.WORSE


def test_gaps_are_derived_from_group_values_for_years_with_both():
    values = {("Et", 2009): D(61), ("To", 2009): D(52), ("Et", 2010): D(60)}
    assert gap_series(values, "Et", "To") == {2009: D(9)}


def test_counts_list_every_status_even_when_zero():
    counts = count_statuses([assess(goal("increase", 1, 2010, 2, 2014), {2014: D(2)}).status])
    assert counts == {s: (1 if s == A else 0) for s in Status}
    assert list(counts) == [A, ON, BEHIND, UP, SAME, DOWN, NO, NM]
