"""Indicators judged from their approved values: the barometer's reads.

`assess_indicators` costs two queries whatever the number of indicators: one for
the indicators with their plan, one for all their approved values.
"""

import uuid
from collections import defaultdict
from contextvars import ContextVar
from dataclasses import dataclass, field

from .models import Breakdown, Indicator, IndicatorValue
from .status import Assessment, Goal, Status, assess, count_statuses, gap_series


class YearNote:
    """What the approved values of an indicator's year say besides their numbers."""

    __slots__ = ("provisional", "demo", "sources")

    def __init__(self):
        self.provisional = False  # any value of the year is provisional
        self.demo = False  # any value of the year is demo data
        self.sources = ()  # their sources, in order of first appearance


@dataclass
class IndicatorRow:
    indicator: Indicator
    assessment: Assessment
    series: dict = field(default_factory=dict)  # {year: value} the status is judged on
    groups: dict = field(default_factory=dict)  # {(group, sex, year): value}
    notes: dict = field(default_factory=dict)  # {year: YearNote}

    @property
    def status(self):
        return self.assessment.status

    def is_provisional(self, year):
        note = self.notes.get(year)
        return note is not None and note.provisional

    def is_demo(self, year):
        note = self.notes.get(year)
        return note is not None and note.demo

    @property
    def latest_is_demo(self):
        return bool(self.latest) and self.is_demo(self.latest[0])

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
            "origin",
        )
    )
    values = defaultdict(dict)
    notes = defaultdict(dict)
    same = {}  # one string object per distinct group, sex and source: memory stays small
    demo = IndicatorValue.Origin.DEMO
    for indicator_id, group, sex, year, value, provisional, source, origin in rows.iterator(
        chunk_size=5000
    ):
        group, sex = same.setdefault(group, group), same.setdefault(sex, sex)
        values[indicator_id][(group, sex, year)] = value
        note = notes[indicator_id].get(year)
        if note is None:
            note = notes[indicator_id][year] = YearNote()
        note.provisional |= provisional
        note.demo |= origin == demo
        if source and source not in note.sources:
            note.sources += (same.setdefault(source, source),)
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
    """Counts per status of the barometer indicators of all plans (cached; 2 queries cold)."""
    rows = all_rows() if as_of is None else rows_as_of(as_of)
    return summary(r for r in rows if r.indicator.in_barometer)


__all__ = ["IndicatorRow", "Status", "assess_indicators", "barometer_summary", "summary"]


# The token read once per request (RollupTokenMiddleware forgets it between requests).
_token = ContextVar("rollup_token", default=None)


def _version():
    """The current roll-up token (1 query per request; created the first time).

    Read with plain SQL: every cached page and roll-up asks for it, and the ORM's own
    overhead would cost several times the query itself.
    """
    from django.db import connection

    from .models import RollupState

    token = _token.get()
    if token is None:
        table = connection.ops.quote_name(RollupState._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT token FROM {table} WHERE id = 1")  # noqa: S608 - no input
            row = cursor.fetchone()
        token = RollupState.objects.get_or_create(pk=1)[0].token if row is None else row[0]
        token = uuid.UUID(str(token))  # a UUID on PostgreSQL, 32 hex digits on SQLite
        _token.set(token)
    return token


def rollup_token():
    """The current token, e.g. as a template fragment cache key."""
    return str(_version())


def forget_token():
    _token.set(None)


def invalidate():
    """Forget every cached roll-up: called when values, indicators or funding change."""
    from .models import RollupState

    if not RollupState.objects.filter(pk=1).update(token=uuid.uuid4()):
        RollupState.objects.get_or_create(pk=1)
    forget_token()


class RollupTokenMiddleware:
    """Reads the roll-up token afresh in every request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        forget_token()
        try:
            return self.get_response(request)
        finally:
            forget_token()


# Built results of the current token, kept in this process: no pickling on the way in or
# out (a roll-up of thousands of indicators would cost more to unpickle than to read).
_memo = {"token": None, "values": {}}


def cached(name, build):
    """`build()` kept until the roll-up token changes (1 query per request for the token)."""
    token = _version()
    if _memo["token"] != token:
        _memo["token"] = token
        _memo["values"] = {}
    values = _memo["values"]
    if name not in values:
        values[name] = build()
    return values[name]


def all_rows():
    """Every indicator with its series, assessed as of its latest value (cached; 2 queries cold)."""
    return cached("rows", lambda: assess_indicators())


def rows_as_of(year):
    """Every indicator re-assessed as of `year`, from the cached series (no query when warm)."""

    def build():
        result = []
        for row in all_rows():
            ind = row.indicator
            goal = Goal.of(ind, period_end=ind.objective.plan.period_end)
            result.append(
                IndicatorRow(
                    ind, assess(goal, row.series, as_of=year), row.series, row.groups, row.notes
                )
            )
        return result

    return cached(f"rows:{year}", build)


def latest_year():
    """The latest year with an approved value in any indicator's series, or None (cached)."""
    years = [max(r.series) for r in all_rows() if r.series]
    return max(years) if years else None


def demo_present():
    """Whether any approved value on show is demo data (cached; 1 query cold)."""
    return cached(
        "demo",
        lambda: (
            IndicatorValue.objects.approved().filter(origin=IndicatorValue.Origin.DEMO).exists()
        ),
    )
