"""Indicators judged from their approved values: the barometer's reads.

Two ways in:
- `assess_indicators(queryset)`: model instances with their status, for the pages of one
  plan or one indicator (2 queries, not cached: they cost one committee's indicators).
- `rows_as_of(year)`: every indicator of the policy as plain records with their status,
  for the barometer's figures and the Bilag. Built per committee and cached under that
  committee's data version (committees.versions), so a change in one committee rebuilds
  one committee's part and no other.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Sum

from budgets.models import FundingLine, FundingYear
from committees import versions
from committees.models import Committee
from kkintegration.common.cache import cached, cached_many

from ..models import Breakdown, Indicator, IndicatorValue, Unit
from .status import STATUS_ORDER, Assessment, Goal, Status, assess, count_statuses, gap_series

# The first year the barometer shows: the plans' baselines are from 2009.
FIRST_YEAR = 2009


class YearNote:
    """What the approved values of an indicator's year say besides their numbers."""

    __slots__ = ("provisional", "demo", "sources")

    def __init__(self):
        self.provisional = False  # any value of the year is provisional
        self.demo = False  # any value of the year is demo data
        self.sources = ()  # their sources, in order of first appearance

    def __getstate__(self):
        return (self.provisional, self.demo, self.sources)

    def __setstate__(self, state):
        self.provisional, self.demo, self.sources = state


@dataclass
class IndicatorRow:
    indicator: object  # an Indicator, or an IndicatorRecord in the barometer's figures
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
    def status_is_demo(self):
        """Whether the status was computed with a demo value (the value judged, or the
        first value serving as the start)."""
        return uses_demo(self, self.assessment)

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


def uses_demo(row, assessment):
    """Whether `assessment` of `row` rests on a demo value."""
    a = assessment
    if not a.year:
        return False
    return row.is_demo(a.year) or (a.baseline_is_first_value and row.is_demo(a.baseline_year))


def series_for(indicator, groups):
    """The yearly series an indicator is judged on, from {(group, sex, year): value}."""
    if indicator.is_gap:
        whole = {(g, y): v for (g, s, y), v in groups.items() if s == Breakdown.Sex.ALL}
        return gap_series(whole, indicator.gap_minuend_group, indicator.gap_subtrahend_group)
    return {y: v for (g, s, y), v in groups.items() if g == "" and s == Breakdown.Sex.ALL}


def approved_groups(**where):
    """({indicator_id: {(group, sex, year): value}}, {indicator_id: {year: notes}}) of the
    approved values `where` selects, e.g. breakdown__indicator__in=[…] (1 query).

    The notes of a year say whether any of its values is provisional, and their sources.
    """
    rows = (
        IndicatorValue.objects.approved()
        .filter(**where)
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
    for indicator_id, group, sex, year, value, provisional, source, origin in rows:
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
    indicators = list(indicators.with_plan())
    values, notes = approved_groups(breakdown__indicator__in=[i.pk for i in indicators])
    rows = []
    for indicator in indicators:
        groups = values.get(indicator.pk, {})
        series = series_for(indicator, groups)
        goal = Goal.of(indicator)
        assessment = assess(goal, series, as_of=as_of)
        rows.append(
            IndicatorRow(indicator, assessment, series, groups, notes.get(indicator.pk, {}))
        )
    return rows


# --- The policy's indicators as plain records, cached per committee ----------------------

# IndicatorRecord field → the Indicator lookup it is read from
RECORD_FIELDS = {
    "pk": "pk",
    "committee_id": "objective__plan__committee_id",
    "committee_code": "objective__plan__committee__code",
    "committee_slug": "objective__plan__committee__slug",
    "theme": "objective__theme__name",
    "target_id": "target_id",
    "target_number": "target__number",
    "target_text": "target__text",
    "text": "text",
    "unit": "unit",
    "direction": "direction",
    "baseline_value": "baseline_value",
    "baseline_year": "baseline_year",
    "target_value": "target_value",
    "target_year": "target_year",
    "annual_change": "annual_change",
    "in_barometer": "in_barometer",
    "gap_minuend_group": "gap_minuend_group",
    "gap_subtrahend_group": "gap_subtrahend_group",
    "disadvantaged_group": "disadvantaged_group",
    "decimals": "decimals",
    "target_is_relative": "target_is_relative",
    "period_end": "objective__plan__period_end",
}


class IndicatorRecord(NamedTuple):
    """An indicator as the barometer's figures read it: plain data, cheap to cache (a
    tuple: no field names are stored with each one)."""

    pk: int
    committee_id: int
    committee_code: str
    committee_slug: str
    theme: str | None
    target_id: int | None
    target_number: int | None
    target_text: str | None
    text: str
    unit: str
    direction: str
    baseline_value: Decimal | None
    baseline_year: int | None
    target_value: Decimal | None
    target_year: int | None
    annual_change: Decimal | None
    in_barometer: bool
    gap_minuend_group: str
    gap_subtrahend_group: str
    disadvantaged_group: str
    decimals: int
    target_is_relative: bool
    period_end: int

    is_gap = Indicator.is_gap
    judges_a_gap = Indicator.judges_a_gap
    value_unit = Indicator.value_unit

    @property
    def goal(self):
        return Goal.of(self)

    def get_unit_display(self):
        return Unit(self.unit).label


def _build_parts(committee_ids):
    """{committee id: [IndicatorRow]} read from the database (2 queries for any number of
    committees): each committee's indicators in plan order, assessed as of their latest
    value, with their approved series."""
    indicators = Indicator.objects.filter(objective__plan__committee__in=committee_ids).order_by(
        "objective__plan__period_start", "objective__order", "order"
    )
    # joined to the committees directly: with a subquery of the indicators PostgreSQL may
    # read every value of the policy to find one committee's
    values, notes = approved_groups(
        breakdown__indicator__objective__plan__committee__in=committee_ids
    )
    parts = {pk: [] for pk in committee_ids}
    for fields in indicators.values_list(*RECORD_FIELDS.values()):
        record = IndicatorRecord(*fields)
        groups = values.get(record.pk, {})
        series = series_for(record, groups)
        parts[record.committee_id].append(
            IndicatorRow(
                record, assess(record.goal, series), series, groups, notes.get(record.pk, {})
            )
        )
    return parts


def snapshot(committee_ids=None):
    """{committee id: data version} in plan order, for the committees (default: all):
    what every cached part below is keyed by (1 query; 2 for all)."""
    if committee_ids is None:
        committee_ids = Committee.objects.order_by("order", "code").values_list("pk", flat=True)
    ids = list(committee_ids)
    current = versions.read(ids)
    return {pk: current.get(pk, 0) for pk in ids}


def per_committee(name, build, snap, *, translated=False):
    """{committee id: value} for every committee of `snap`, each cached under its own
    committee's version; `build(ids)` returns {id: value} for the ones not cached. One
    cache round trip; a change in one committee rebuilds one committee's value."""

    def build_missing(names):
        ids = [int(n.rsplit(":", 1)[1]) for n in names]
        return {f"{name}:{pk}": value for pk, value in build(ids).items()}

    found = cached_many(
        {f"{name}:{pk}": version for pk, version in snap.items()},
        build_missing,
        translated=translated,
    )
    return {pk: found[f"{name}:{pk}"] for pk in snap}


def parts(snap):
    """{committee id: [IndicatorRow]} with their series: the heavy part, read only to
    build the lighter ones below and the Bilag's values."""
    return per_committee("barometer-part", _build_parts, snap)


def rows_as_of(year, snap):
    """Every indicator of the snapshot's committees as an IndicatorRow of its record,
    assessed as of `year` (None: as of its latest value), in plan order."""
    rows = []
    for part in parts(snap).values():
        for r in part:
            if year is None or (r.series and year >= max(r.series)):
                rows.append(r)  # nothing changes after an indicator's last value
            else:
                assessment = assess(r.indicator.goal, r.series, as_of=year)
                rows.append(IndicatorRow(r.indicator, assessment, r.series, r.groups, r.notes))
    return rows


def _money(ids):
    """{committee id: ({status: planned total}, {(year, status): amount})} in øre (whole
    ints: exact, and cheap to read back), 2 grouped queries."""
    money = {pk: ({}, {}) for pk in ids}
    totals = (
        FundingLine.objects.filter(plan__committee__in=ids, total__isnull=False)
        .order_by()
        .values_list("plan__committee_id", "status")
        .annotate(sum=Sum("total"))
    )
    for committee_id, status, total in totals:
        money[committee_id][0][status] = int(total * 100)
    by_year = (
        FundingYear.objects.filter(funding_line__plan__committee__in=ids)
        .order_by()
        .values_list("funding_line__plan__committee_id", "year", "funding_line__status")
        .annotate(sum=Sum("amount"))
    )
    for committee_id, year, status, amount in by_year:
        money[committee_id][1][(year, status)] = int(amount * 100)
    return money


def _summarise(code, rows, money):
    """A committee's light summary: its code; per year from FIRST_YEAR to its last value the counts
    of its barometer indicators by status (a tuple in STATUS_ORDER), its last year with a
    value, and whether any of its values on show is demo data (plain ints: cheap to read)."""
    last = max((max(r.series) for r in rows if r.series), default=None)
    measured = [r for r in rows if r.indicator.in_barometer]

    def tally(statuses):
        return tuple(count_statuses(statuses).values())

    by_year, demo_years = {}, {}
    for year in range(FIRST_YEAR, max(last or FIRST_YEAR, FIRST_YEAR) + 1):
        judged = [(r, assess(r.indicator.goal, r.series, as_of=year)) for r in measured]
        by_year[year] = tally(a.status for _r, a in judged)
        demo_years[year] = any(uses_demo(r, a) for r, a in judged)
    latest = tally(r.status for r in measured)
    return {
        "code": code,
        "measured": len(measured),
        "latest": latest,
        "by_year": by_year,
        # the share achieved or on track, in tenths of a per cent (None: nothing measured)
        "shares": {year: share_tenths(n) for year, n in by_year.items()},
        "share_latest": share_tenths(latest),
        "last_year": last,
        # whether any status counted rests on a demo value: by year, and as of the latest
        "demo": any(r.status_is_demo for r in measured),
        "demo_years": demo_years,
        # planned funding in øre: by financing status, and by year and status
        "money": money[0],
        "money_years": money[1],
    }


def summaries(snap):
    """{committee id: summary} (see `_summarise`), cached per committee."""

    def build(ids):
        codes = dict(Committee.objects.filter(pk__in=ids).values_list("pk", "code"))
        built = parts({pk: snap[pk] for pk in ids})
        money = _money(ids)
        return {pk: _summarise(codes.get(pk), rows, money[pk]) for pk, rows in built.items()}

    return per_committee("barometer-summary", build, snap)


NOTHING = (0,) * len(STATUS_ORDER)
_GOOD = [STATUS_ORDER.index(Status.ACHIEVED), STATUS_ORDER.index(Status.ON_TRACK)]
_MEASURED = [*_GOOD, STATUS_ORDER.index(Status.BEHIND)]


def share_tenths(counts):
    """The share achieved or on track of the counts with data, in tenths of a per cent,
    rounded half up (733 for 73,3 %); None when none has data."""
    measured = sum(counts[i] for i in _MEASURED)
    if not measured:
        return None
    good = sum(counts[i] for i in _GOOD)
    return (2000 * good + measured) // (2 * measured)


def share_in(summary, year):
    """A committee's share achieved or on track as of `year` (a Decimal per cent, or None)."""
    if year is None or summary["last_year"] is None or year > summary["last_year"]:
        tenths = summary["share_latest"]
    else:
        tenths = summary["shares"].get(year)
    return None if tenths is None else Decimal(tenths).scaleb(-1)


def counts_in(summary, year):
    """A committee's counts as of `year` (None: the latest values): a tuple of numbers
    in STATUS_ORDER (tuples, not dicts: the dashboard adds up thousands of them)."""
    if year is None or summary["last_year"] is None or year > summary["last_year"]:
        return summary["latest"]  # nothing changes after a committee's last value
    return summary["by_year"].get(year, NOTHING)  # before the barometer's first year: none


def demo_in(summary, year):
    """Whether a committee's counts as of `year` (None: the latest) rest on demo values."""
    if year is None or summary["last_year"] is None or year > summary["last_year"]:
        return summary["demo"]
    return summary["demo_years"].get(year, False)


def any_demo(year, sums):
    """Whether any committee's counts as of `year` rest on demo values."""
    return any(demo_in(s, year) for s in sums.values())


def status_counts(year, sums):
    """{committee id: counts in STATUS_ORDER} of the barometer indicators as of `year`,
    from the committees' `summaries`."""
    return {pk: counts_in(s, year) for pk, s in sums.items()}


def add_counts(counts):
    """The sum of tuples of counts, as a tuple in STATUS_ORDER."""
    return tuple(map(sum, zip(NOTHING, *counts, strict=True)))


def barometer_summary(as_of=None, snap=None):
    """{status: n} of the barometer indicators of all plans (cached per committee)."""
    total = add_counts(status_counts(as_of, summaries(snap or snapshot())).values())
    return dict(zip(STATUS_ORDER, total, strict=True))


def barometer_overview(snap=None):
    """The home page's barometer: {"counts": {status: n}, "year": the latest year with an
    approved value, "demo": whether any count rests on a demo value, "total": how many
    indicators the barometer follows} (cached per committee)."""
    sums = summaries(snap or snapshot())
    total = add_counts(status_counts(None, sums).values())
    return {
        "counts": dict(zip(STATUS_ORDER, total, strict=True)),
        "year": latest_year(sums),
        "demo": any_demo(None, sums),
        "total": sum(total),
    }


def latest_year(sums):
    """The latest year with an approved value in any indicator's series, or None, from the
    committees' `summaries`."""
    years = [s["last_year"] for s in sums.values() if s["last_year"]]
    return max(years) if years else None


def demo_present(policy_version):
    """Whether any approved value on show is demo data (cached; 1 query cold)."""
    return cached(
        "demo-present",
        lambda: (
            IndicatorValue.objects.approved().filter(origin=IndicatorValue.Origin.DEMO).exists()
        ),
        version=policy_version,
        translated=False,
    )


__all__ = ["IndicatorRow", "Status", "assess_indicators", "barometer_summary"]
