"""The integration barometer's figures: plain functions, each returning a DataTable.

The same DataTable backs a chart, the table beside it and its CSV download, so the
three can never disagree. Status figures use approved values only (indicators.barometer.rollup).
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from budgets.models import FundingLine, FundingYear
from committees.models import Committee

from .rollup import cached, rows_as_of
from .status import STATUS_ORDER, Status

MEASURED = (Status.ACHIEVED, Status.ON_TRACK, Status.BEHIND)
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

    def column(self, index):
        return [row[index] for row in self.rows]


def barometer_rows(year, *, barometer_only=True):
    """IndicatorRows as of `year` (from the cache), barometer indicators only by default."""
    return [r for r in rows_as_of(year) if r.indicator.in_barometer or not barometer_only]


def counts(rows):
    result = {s: 0 for s in STATUS_ORDER}
    for row in rows:
        result[row.status] += 1
    return result


def _committees():
    return cached("committees", lambda: list(Committee.objects.order_by("order")))


def status_by_committee(year):
    """Barometer indicators per committee and status in `year` (1 query when warm)."""
    rows = barometer_rows(year)
    by_committee = defaultdict(list)
    for row in rows:
        by_committee[row.indicator.objective.plan.committee_id].append(row)
    table = []
    for c in _committees():
        n = counts(by_committee[c.pk])
        table.append([c.code, *[n[s] for s in STATUS_ORDER]])
    total = counts(rows)
    measured = sum(total[s] for s in MEASURED)
    summary = _(
        "In %(year)s, %(achieved)s of %(measured)s barometer indicators with data are "
        "achieved, %(on_track)s on track and %(behind)s behind; %(no_data)s have no data."
    ) % {
        "year": year,
        "measured": measured,
        "achieved": total[Status.ACHIEVED],
        "on_track": total[Status.ON_TRACK],
        "behind": total[Status.BEHIND],
        "no_data": total[Status.NO_DATA],
    }
    return DataTable(
        "status-by-committee",
        _("Status by committee"),
        [_("Committee"), *[str(s.label) for s in STATUS_ORDER]],
        table,
        summary,
    )


def _share(rows):
    n = counts(rows)
    measured = sum(n[s] for s in MEASURED)
    if not measured:
        return None
    return Decimal(100 * (n[Status.ACHIEVED] + n[Status.ON_TRACK]) / measured).quantize(
        Decimal("0.1")
    )


def status_by_committee_year(years):
    """Share achieved or on track (%) per committee × year (heatmap; no query when warm)."""
    committees = _committees()
    by_year = {}
    for year in years:
        grouped = defaultdict(list)
        for row in barometer_rows(year):
            grouped[row.indicator.objective.plan.committee_id].append(row)
        by_year[year] = grouped
    table = [[c.code, *[_share(by_year[year][c.pk]) for year in years]] for c in committees]
    return DataTable(
        "status-by-committee-year",
        _("Share achieved or on track, by committee and year (%)"),
        [_("Committee"), *[str(y) for y in years]],
        table,
        _("Empty cells: no barometer indicator of the committee had data that year."),
    )


def share_on_track_by_year(years):
    """The whole policy's share achieved or on track per year (%), with the counts."""
    table = []
    for year in years:
        rows = barometer_rows(year)
        n = counts(rows)
        table.append(
            [
                year,
                _share(rows),
                n[Status.ACHIEVED],
                n[Status.ON_TRACK],
                n[Status.BEHIND],
                n[Status.NO_DATA],
            ]
        )
    shares = [r[1] for r in table if r[1] is not None]
    summary = ""
    if shares:
        summary = _("The share achieved or on track went from %(first)s %% to %(last)s %%.") % {
            "first": str(shares[0]).replace(".", ","),
            "last": str(shares[-1]).replace(".", ","),
        }
    return DataTable(
        "share-on-track",
        _("Share of the barometer achieved or on track, by year"),
        [
            _("Year"),
            _("Share (%)"),
            str(Status.ACHIEVED.label),
            str(Status.ON_TRACK.label),
            str(Status.BEHIND.label),
            str(Status.NO_DATA.label),
        ],
        table,
        summary,
    )


FUNDING_STATUSES = list(FundingLine.Status)


def funding_by_committee():
    """Planned funding (DKK, the lines' totals) per committee and financing status (1 query)."""
    sums = defaultdict(Decimal)
    for code, status, total in (
        FundingLine.objects.filter(total__isnull=False)
        .order_by()
        .values_list("plan__committee__code", "status")
        .annotate(total=Sum("total"))
    ):
        sums[(code, status)] = total
    table = [
        [c.code, *[sums.get((c.code, s), Decimal(0)) for s in FUNDING_STATUSES]]
        for c in _committees()
    ]
    needs = sum((r[1] for r in table), Decimal(0))
    summary = _("%(amount)s of the planned funding still needs a separate appropriation.") % {
        "amount": _money(needs)
    }
    return DataTable(
        "funding-by-committee",
        _("Planned funding by committee and financing status"),
        [_("Committee"), *[str(s.label) for s in FUNDING_STATUSES]],
        table,
        summary,
    )


def funding_by_year():
    """Funding per year (DKK, the lines' per-year amounts) and financing status (1 query)."""
    sums = defaultdict(Decimal)
    years = set()
    for year, status, amount in (
        FundingYear.objects.order_by()
        .values_list("year", "funding_line__status")
        .annotate(total=Sum("amount"))
    ):
        sums[(year, status)] = amount
        years.add(year)
    table = [[y, *[sums.get((y, s), Decimal(0)) for s in FUNDING_STATUSES]] for y in sorted(years)]
    return DataTable(
        "funding-by-year",
        _("Funding per year by financing status"),
        [_("Year"), *[str(s.label) for s in FUNDING_STATUSES]],
        table,
        _("Only lines whose plans split the money by year are included."),
    )


def targets_at_risk(year):
    """Targets depending on funding that still needs a separate appropriation (2 queries)."""
    from goals.models import Target

    targets = (
        Target.objects.filter(
            funding_dependencies__status=FundingLine.Status.SEPARATE_APPROPRIATION
        )
        .distinct()
        .select_related("objective__plan__committee")
        .prefetch_related("funding_dependencies")
        .order_by("objective__plan__committee__order", "objective__order", "number")
    )
    statuses = defaultdict(list)
    for row in barometer_rows(year, barometer_only=False):
        if row.indicator.target_id:
            statuses[row.indicator.target_id].append(str(row.status.label))
    table = []
    total = Decimal(0)
    for t in targets:
        lines = [
            f
            for f in t.funding_dependencies.all()
            if f.status == FundingLine.Status.SEPARATE_APPROPRIATION
        ]
        amounts = [f.total for f in lines if f.total is not None]
        amount = sum(amounts, Decimal(0)) if amounts else None
        total += amount or 0
        table.append(
            [
                t.objective.plan.committee.code,
                t.number,
                t.text,
                "; ".join(f.name for f in lines),
                amount,
                "; ".join(statuses.get(t.pk, [])) or "–",
            ]
        )
    summary = _(
        "%(n)s targets depend on funding that needs a separate appropriation, "
        "%(amount)s in all where the plans give an amount."
    ) % {"n": len(table), "amount": _money(total)}
    return DataTable(
        "targets-at-risk",
        _("Targets at risk: funding not yet granted"),
        [
            _("Committee"),
            _("Target"),
            _("Results target"),
            _("Funding lines"),
            _("Amount (DKK)"),
            _("Indicator status"),
        ],
        table,
        summary,
    )


def committees_in_focus(year):
    """The codes the per-committee charts show in `year`: None (all) for at most
    CHART_COMMITTEES committees, else the CHART_COMMITTEES with most barometer indicators
    behind, then most without data, in plan order."""
    rows = status_by_committee(year).rows
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
    )


def indicator_rows(rows, year):
    """The dashboard's indicator table as plain rows (also its CSV)."""
    table = []
    for row in rows:
        ind = row.indicator
        value = row.series.get(row.assessment.year) if row.assessment.year else None
        previous = row.series.get(row.assessment.year - 1) if row.assessment.year else None
        change = value - previous if value is not None and previous is not None else None
        table.append(
            [
                ind.objective.plan.committee.code,
                ind.target.number if ind.target_id else "",
                ind.text,
                ind.baseline_value,
                ind.baseline_year,
                ind.target_value,
                ind.target_year,
                value,
                row.assessment.year,
                str(row.status.label),
                change,
                "demo" if row.assessment.year and row.is_demo(row.assessment.year) else "",
            ]
        )
    return DataTable(
        "indicators",
        _("Indicators as of %(year)s") % {"year": year},
        [
            _("Committee"),
            _("Target"),
            _("Indicator"),
            _("Baseline"),
            _("Baseline year"),
            _("Target value"),
            _("Target year"),
            _("Latest value"),
            _("Year of value"),
            _("Status"),
            _("Change since last year"),
            _("Demo"),
        ],
        table,
    )


def _money(amount):
    from kkintegration.common.formatting import danish_amount

    return danish_amount(amount)
