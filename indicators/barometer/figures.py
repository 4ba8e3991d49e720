"""The integration barometer's figures: plain functions, each returning a DataTable.

The same DataTable backs a chart, the table beside it and its CSV download, so the
three can never disagree. Status figures use approved values only. Every function takes
a snapshot of the committees' data versions (rollup.snapshot) and reads the committees'
cached summaries and records, so a change in one committee rebuilds only its own.
"""

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.utils.translation import gettext as _

from budgets.models import FundingLine
from budgets.totals import composition_text
from goals.models import Target
from kkintegration.common.downloads import csv_cell
from kkintegration.common.formatting import danish_amount, danish_measure, spreadsheet_text

from ..models import Unit, goal_text
from .rollup import (
    add_counts,
    any_demo,
    per_committee,
    rows_as_of,
    share_in,
    share_tenths,
    status_counts,
)
from .status import STATUS_ORDER, Goal, Status, change_since_last_year, count_statuses

MEASURED = (Status.ACHIEVED, Status.ON_TRACK, Status.BEHIND)
DIRECTION_ONLY = (Status.BETTER, Status.UNCHANGED, Status.WORSE)


def with_demo_mark(title, demo):
    """A figure's title, marked when the figures rest on demo values (unmarked otherwise)."""
    return _("%(title)s (includes demo values)") % {"title": title} if demo else title


# The per-committee charts show at most this many committees unless asked for all: a chart
# of hundreds of bars says nothing, and the page would grow with every plan added.
CHART_COMMITTEES = 30


@dataclass
class DataTable:
    name: str
    title: str
    header: list
    rows: list  # lists of plain values (str, int, Decimal)
    summary: str = ""
    demo: bool = False  # computed with demo values (its title says so)

    def column(self, index):
        return [row[index] for row in self.rows]


def _committee_codes(sums):
    """(id, code) of the committees of `sums` (their summaries), in plan order."""
    return [(pk, s["code"]) for pk, s in sums.items()]


def status_by_committee(year, sums):
    """Barometer indicators per committee and status in `year`, from the committees'
    summaries (rollup.summaries)."""
    by_committee = status_counts(year, sums)
    table = [[code, *by_committee[pk]] for pk, code in _committee_codes(sums)]
    total = dict(zip(STATUS_ORDER, add_counts(by_committee.values()), strict=True))
    measured = sum(total[s] for s in MEASURED)
    summary = _(
        "In %(year)s, %(achieved)s of %(measured)s barometer indicators judged against a target "
        "are achieved, %(on_track)s on track and %(behind)s behind; of %(directed)s judged by "
        "their direction only, %(better)s moved in the right direction, %(unchanged)s are "
        "unchanged and %(worse)s moved in the wrong direction; %(no_data)s have no data and "
        "%(not_measurable)s are not measurable."
    ) % {
        "year": year,
        "measured": measured,
        "achieved": total[Status.ACHIEVED],
        "on_track": total[Status.ON_TRACK],
        "behind": total[Status.BEHIND],
        "directed": sum(total[s] for s in DIRECTION_ONLY),
        "better": total[Status.BETTER],
        "unchanged": total[Status.UNCHANGED],
        "worse": total[Status.WORSE],
        "no_data": total[Status.NO_DATA],
        "not_measurable": total[Status.NOT_MEASURABLE],
    }
    demo = any_demo(year, sums)
    return DataTable(
        "status-by-committee",
        with_demo_mark(_("Status by committee"), demo),
        [_("Committee"), *[str(s.label) for s in STATUS_ORDER]],
        table,
        summary,
        demo,
    )


_AT = {s: STATUS_ORDER.index(s) for s in STATUS_ORDER}


def status_by_theme(year, records):
    """Barometer indicators per theme of the plans and status in `year`, from the
    indicator records of that year."""
    by_theme = defaultdict(list)
    demo = False
    for r in records:
        if r.in_barometer:
            by_theme[r.theme].append(Status(r.status))
            demo = demo or r.demo
    table = []
    for theme in sorted(by_theme, key=lambda name: (name == "", name)):
        counts = count_statuses(by_theme[theme])
        table.append([theme or _("Without a theme"), *[counts[s] for s in STATUS_ORDER]])
    return DataTable(
        "status-by-theme",
        with_demo_mark(_("Status by theme"), demo),
        [_("Theme"), *[str(s.label) for s in STATUS_ORDER]],
        table,
        _("The themes are the plans' own; an indicator counts under its objective's theme."),
    )


def share_judged_by_year(years, sums):
    """How many of the barometer's indicators could be judged each year (they had an
    approved value and a measure), and the share (%)."""
    table = []
    for year in years:
        n = add_counts(status_counts(year, sums).values())
        total = sum(n)
        unjudged = n[_AT[Status.NO_DATA]] + n[_AT[Status.NOT_MEASURABLE]]
        share = (
            (Decimal(100 * (total - unjudged)) / total).quantize(Decimal("0.1")) if total else None
        )
        table.append([year, total - unjudged, unjudged, share])
    demo = any(any_demo(year, sums) for year in years)
    return DataTable(
        "share-judged",
        with_demo_mark(_("Share of the barometer that could be judged, by year"), demo),
        [
            _("Year"),
            _("Judged"),
            _("Not judged (no data or not measurable)"),
            _("Share judged (%)"),
        ],
        table,
        _(
            "An indicator is judged in a year when it has an approved value by then and the plan "
            "gives a target or a direction."
        ),
    )


def _share(n):
    """The share (%) achieved or on track of the counts `n` (a tuple in STATUS_ORDER) with
    data, or None."""
    tenths = share_tenths(n)
    return None if tenths is None else Decimal(tenths).scaleb(-1)


def status_by_committee_year(years, sums):
    """Share achieved or on track (%) per committee × year (the heatmap)."""
    table = [[s["code"], *[share_in(s, year) for year in years]] for s in sums.values()]
    demo = any(any_demo(year, sums) for year in years)
    return DataTable(
        "status-by-committee-year",
        with_demo_mark(
            _("Share achieved or on track (of those with a target), by committee and year (%)"),
            demo,
        ),
        [_("Committee"), *[str(y) for y in years]],
        table,
        _("Empty cells: no barometer indicator of the committee had data that year."),
        demo,
    )


def share_on_track_by_year(years, sums):
    """The whole policy's share achieved or on track per year (%), with the counts."""
    table = []
    for year in years:
        n = add_counts(status_counts(year, sums).values())
        table.append(
            [year, _share(n), *[n[_AT[s]] for s in (*MEASURED, *DIRECTION_ONLY, Status.NO_DATA)]]
        )
    shares = [r[1] for r in table if r[1] is not None]
    summary = ""
    if shares:
        summary = _(
            "The share achieved or on track, of the indicators judged against a target, went "
            "from %(first)s %% to %(last)s %%. Indicators judged by their direction only are "
            "counted in their own columns."
        ) % {
            "first": str(shares[0]).replace(".", ","),
            "last": str(shares[-1]).replace(".", ","),
        }
    demo = any(any_demo(year, sums) for year in years)
    return DataTable(
        "share-on-track",
        with_demo_mark(_("Share of the barometer achieved or on track, by year"), demo),
        [
            _("Year"),
            _("Share (%)"),
            *[str(s.label) for s in (*MEASURED, *DIRECTION_ONLY, Status.NO_DATA)],
        ],
        table,
        summary,
        demo,
    )


FUNDING_STATUSES = list(FundingLine.Status)


def _kroner(oere):
    return Decimal(oere).scaleb(-2)


def funding_by_committee(sums, composition=None):
    """Planned funding (DKK, the lines' totals, each line once) per committee and financing
    status, from the committees' summaries; `composition` (budgets.totals) says what the
    sum contains."""
    table = [
        [s["code"], *[_kroner(s["money"].get(status, 0)) for status in FUNDING_STATUSES]]
        for s in sums.values()
    ]
    needs = sum((r[1] for r in table), Decimal(0))
    summary = _("%(amount)s of the planned funding still needs a separate appropriation.") % {
        "amount": danish_amount(needs)
    }
    if composition is not None:
        summary += " " + _("The planned funding: %(what)s") % {
            "what": composition_text(composition)
        }
    return DataTable(
        "funding-by-committee",
        _("Planned funding by committee and financing status"),
        [_("Committee"), *[str(s.label) for s in FUNDING_STATUSES]],
        table,
        summary,
    )


def funding_by_year(sums):
    """Funding per year (DKK, the lines' per-year amounts) and financing status, from the
    committees' summaries."""
    totals = defaultdict(int)
    for s in sums.values():
        for key, oere in s["money_years"].items():
            totals[key] += oere
    years = sorted({year for year, _status in totals})
    table = [
        [y, *[_kroner(totals.get((y, status), 0)) for status in FUNDING_STATUSES]] for y in years
    ]
    return DataTable(
        "funding-by-year",
        _("Funding per year by financing status"),
        [_("Year"), *[str(s.label) for s in FUNDING_STATUSES]],
        table,
        _(
            "Only lines whose plans split the money by year are included, each line once; "
            "years before 2011 are money the plans report as already spent or granted."
        ),
    )


def _risks(year, snap):
    """{committee id: {"rows": its rows of the targets-at-risk table as of `year`, "lines":
    {funding line id: amount} of the distinct lines behind them}}, cached per committee
    version and language (2 queries for the committees not cached)."""

    def build(ids):
        records = indicator_records(year, {pk: snap[pk] for pk in ids})
        statuses = defaultdict(list)
        for rows in records.values():
            for r in rows:
                if r.target_id:
                    label = str(Status(r.status).label) + (" (demo)" if r.demo else "")
                    statuses[r.target_id].append(label)
        unsecured = FundingLine.Status.SEPARATE_APPROPRIATION
        links = FundingLine.dependent_targets.through.objects.filter(
            fundingline__status=unsecured, fundingline__plan__committee__in=ids
        )
        lines = defaultdict(list)  # target id → [(line id, name, amount, qualifier)]
        served = defaultdict(list)  # line id → the target ids it serves
        for target_id, line_id, name, amount, qualifier in links.order_by(
            "fundingline__order"
        ).values_list(
            "target_id",
            "fundingline_id",
            "fundingline__name",
            "fundingline__total",
            "fundingline__qualifier",
        ):
            lines[target_id].append((line_id, name, amount, qualifier))
            served[line_id].append(target_id)
        result = {pk: {"rows": [], "lines": {}} for pk in ids}
        targets = list(
            Target.objects.filter(pk__in=lines)
            .order_by("objective__order", "number")
            .values_list(
                "pk",
                "objective__plan__committee_id",
                "objective__plan__committee__code",
                "number",
                "text",
            )
        )
        numbers = {pk: number for pk, _c, _code, number, _t in targets}
        for pk, committee_id, code, number, text in targets:
            amounts = [a for _id, _n, a, _q in lines[pk] if a is not None]
            shared = sorted(
                {numbers[t] for line_id, *_ in lines[pk] for t in served[line_id] if t != pk}
            )
            result[committee_id]["rows"].append(
                [
                    code,
                    number,
                    text,
                    "; ".join(
                        f"{name} ({danish_amount(a, q)})" if a is not None else name
                        for _id, name, a, q in lines[pk]
                    ),
                    sum(amounts, Decimal(0)) if amounts else None,
                    ", ".join(str(n) for n in shared) or "–",
                    "; ".join(statuses.get(pk, [])) or "–",
                ]
            )
            for line_id, _n, amount, _q in lines[pk]:
                if amount is not None:
                    result[committee_id]["lines"][line_id] = amount
        return result

    return per_committee(f"barometer-risks:{year}", build, snap, translated=True)


def targets_at_risk(year, snap):
    """Targets depending on funding that still needs a separate appropriation, with the
    statuses of their indicators in `year`, in plan order. Each target shows the amount
    of its lines; the total counts every line once."""
    risks = _risks(year, snap)
    table = [row for part in risks.values() for row in part["rows"]]
    distinct = {line: a for part in risks.values() for line, a in part["lines"].items()}
    total = sum(distinct.values(), Decimal(0))
    shared = sum(1 for row in table if row[5] != "–")
    summary = _(
        "%(n)s targets depend on %(lines)s funding lines that need a separate appropriation, "
        "%(amount)s in all where the plans give an amount, each line counted once."
    ) % {"n": len(table), "lines": len(distinct), "amount": danish_amount(total)}
    if shared:
        summary += " " + _(
            "%(shared)s of the targets share lines with other targets: the amount beside each "
            "target is the whole amount of its lines, so the rows add up to more than the total."
        ) % {"shared": shared}
    demo = any("(demo)" in row[6] for row in table)
    return DataTable(
        "targets-at-risk",
        with_demo_mark(_("Targets at risk: funding not yet granted"), demo),
        [
            _("Committee"),
            _("Target"),
            _("Results target"),
            _("Funding lines"),
            _("Amount of its lines (DKK)"),
            _("Shares lines with targets"),
            _("Indicator status"),
        ],
        table,
        summary,
        demo,
    )


def committees_in_focus(by_committee):
    """The codes the per-committee charts show, from the table `status_by_committee`:
    None (all) for at most CHART_COMMITTEES committees, else the CHART_COMMITTEES with most
    barometer indicators behind, then most without data, in plan order."""
    rows = by_committee.rows
    if len(rows) <= CHART_COMMITTEES:
        return None
    behind = 1 + STATUS_ORDER.index(Status.BEHIND)
    no_data = 1 + STATUS_ORDER.index(Status.NO_DATA)
    ranked = sorted(range(len(rows)), key=lambda i: (-rows[i][behind], -rows[i][no_data], i))
    return [rows[i][0] for i in sorted(ranked[:CHART_COMMITTEES])]


def only_committees(table, codes):
    """`table` cut to the committees `codes` (None: all), its summary saying so."""
    if codes is None:
        return table
    wanted = set(codes)
    note = _(
        "Shown: the %(shown)s of %(total)s committees with most indicators behind; "
        "the CSV has them all."
    ) % {"shown": len(codes), "total": len(table.rows)}
    return DataTable(
        table.name,
        table.title,
        table.header,
        [r for r in table.rows if r[0] in wanted],
        f"{table.summary} {note}".strip(),
        table.demo,
    )


# --- The indicator table: one record per indicator and year ---------------------------


class IndicatorStatusRecord(NamedTuple):
    """One indicator as of a year, as the dashboard's table and its CSV show it: text and
    ints only (a tuple), so that a committee's records are cheap to cache and read."""

    pk: int
    year: int
    committee: str
    committee_id: int
    target_id: int | None
    target: int | str
    indicator_text: str
    baseline: str
    goal: str
    latest: str
    status: str  # the Status value
    change: str
    change_sort: float
    trend: str  # BETTER, UNCHANGED or WORSE since the year before, or ""
    theme: str  # the theme of the indicator's objective, or ""
    in_barometer: bool
    demo: bool  # the status rests on a demo value
    csv: str  # the CSV line, numbers written the Danish way

    @property
    def status_order(self):
        return STATUS_ORDER.index(Status(self.status))


def indicator_table_header():
    return [
        _("Committee"),
        _("Target"),
        _("Indicator"),
        _("Unit"),
        _("Baseline"),
        _("Baseline year"),
        _("Target value"),
        _("Target year"),
        _("Latest value"),
        _("Year of value"),
        _("Status"),
        _("Change since last year"),
        _("Demo"),
    ]


def unit_label(unit):
    """The unit's one label, as the pages, charts, CSVs and the Bilag write it."""
    return str(Unit(unit).label)


def _measure(value, unit, year=None):
    if value is None:
        return "–"
    text = danish_measure(value, unit)
    return f"{text} ({year})" if year else text


def _record(row, year):
    ind, a = row.indicator, row.assessment
    value = row.series.get(a.year) if a.year else None
    previous = row.series.get(a.year - 1) if a.year else None
    change = value - previous if value is not None and previous is not None else None
    demo = row.status_is_demo
    trend = change_since_last_year(Goal.of(ind), row.series, a.year) if a.year else None
    cells = (
        ind.committee_code,
        ind.target_number or "",
        ind.text,
        unit_label(ind.unit),
        ind.baseline_value,
        ind.baseline_year,
        ind.target_value,
        ind.target_year,
        value,
        a.year,
        str(a.status.label),
        change,
        "demo" if demo else "",
    )
    return IndicatorStatusRecord(
        pk=ind.pk,
        year=year,
        committee=ind.committee_code,
        committee_id=ind.committee_id,
        target_id=ind.target_id,
        target=ind.target_number or "",
        indicator_text=ind.text,
        baseline=_measure(ind.baseline_value, ind.unit, ind.baseline_year),
        goal=goal_text(ind),
        latest=_measure(value, ind.unit, a.year) + (" (demo)" if row.is_demo(a.year) else ""),
        status=a.status.value,
        change=_measure(change, ind.unit) if change is not None else "–",
        change_sort=float(change) if change is not None else -1e12,
        trend=trend.value if trend else "",
        theme=ind.theme or "",
        in_barometer=ind.in_barometer,
        demo=demo,
        csv=csv_line([csv_cell(v) for v in cells]),
    )


def csv_line(cells):
    """One line of a barometer CSV (";" separated, as Danish Excel reads it); no text
    field can start a formula in the spreadsheet that opens it."""
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerow([spreadsheet_text(c) for c in cells])
    return out.getvalue()


def indicator_records(year, snap):
    """{committee id: [IndicatorStatusRecord]} as of `year`, cached per committee version
    and language (the status labels are translated)."""

    def build(ids):
        rows = rows_as_of(year, {pk: snap[pk] for pk in ids})
        result = {pk: [] for pk in ids}
        for row in rows:
            result[row.indicator.committee_id].append(tuple(_record(row, year)))
        return result

    # cached as plain tuples: a tenth of the time to read back, thousands at a time
    cached = per_committee(f"barometer-records:{year}", build, snap, translated=True)
    return {pk: list(map(IndicatorStatusRecord._make, rows)) for pk, rows in cached.items()}
