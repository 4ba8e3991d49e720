"""Indicators judged from their approved values: the barometer's reads.

`assess_indicators` costs two queries whatever the number of indicators: one for
the indicators with their plan, one for all their approved values.
"""

import uuid
from collections import defaultdict
from contextvars import ContextVar
from dataclasses import dataclass, field

from ..models import Breakdown, Indicator, IndicatorValue
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


# The rows of RollupState: the data token, and a stamp of users and their roles.
DATA, PEOPLE = 1, 2
# Both read in one query, once per request (RollupTokenMiddleware forgets them between).
_stamps = ContextVar("rollup_stamps", default=None)


def _read_stamps():
    """{row: UUID} for the data token and the people stamp (1 query per request; the
    token's row is created the first time it is missing).

    Read with plain SQL: every signed-in request and every cached page asks, and the
    ORM's own overhead would cost several times the query itself.
    """
    from django.db import connection

    from ..models import RollupState

    stamps = _stamps.get()
    if stamps is None:
        table = connection.ops.quote_name(RollupState._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id, token FROM {table} WHERE id IN (%s, %s)", [DATA, PEOPLE])  # noqa: S608 - no input
            stamps = dict(cursor.fetchall())
        if DATA not in stamps:
            stamps[DATA] = RollupState.objects.get_or_create(pk=DATA)[0].token
        # no people stamp yet: nobody has changed since the database was made; the first
        # change creates the row (the same for every process)
        stamps.setdefault(PEOPLE, uuid.UUID(int=0))
        # a UUID on PostgreSQL, 32 hex digits on SQLite
        stamps = {row: uuid.UUID(str(token)) for row, token in stamps.items()}
        _stamps.set(stamps)
    return stamps


def _version():
    """The current roll-up token."""
    return _read_stamps()[DATA]


def rollup_token():
    """The current token, e.g. as a template fragment cache key."""
    return str(_version())


def people_stamp():
    """The stamp that changes whenever a user, their groups or permissions change (read in
    the same query as the roll-up token)."""
    return _read_stamps()[PEOPLE]


def forget_token():
    _stamps.set(None)


def _renew(row):
    from ..models import RollupState

    if not RollupState.objects.filter(pk=row).update(token=uuid.uuid4()):
        RollupState.objects.get_or_create(pk=row)
    forget_token()


def invalidate():
    """Forget every cached roll-up: called when values, indicators or funding change."""
    _renew(DATA)


def renew_people_stamp():
    """Forget every user kept by a process: called when users or their roles change."""
    _renew(PEOPLE)


class RollupTokenMiddleware:
    """Reads the roll-up token and the people stamp afresh in every request."""

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
