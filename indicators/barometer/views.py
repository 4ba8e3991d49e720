"""The integration barometer: BIF's dashboard, drill-down, CSV downloads and rules page."""

from collections.abc import Sequence
from decimal import Decimal

from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_safe
from django_tables2 import RequestConfig
from django_tables2.data import TableListData

from budgets.totals import funding_composition
from committees import versions
from committees.roles import analyst_required
from goals.anchors import target_anchors
from goals.models import Target
from kkintegration.common.cache import cached
from kkintegration.common.downloads import csv_cell
from kkintegration.common.formatting import unit_words
from kkintegration.common.http import page_etag, request_memo

from ..models import Breakdown, CommitteeYear, Indicator
from . import figures as b
from .charts import (
    FUNDING_STYLE,
    STATUS_STYLE,
    groups_figure,
    heatmap,
    indicator_chart_data,
    indicator_figure,
    share_line,
    stacked_bars,
    trend_in_words,
)
from .filters import BarometerFilter
from .rollup import (
    FIRST_YEAR,
    any_demo,
    assess_indicators,
    latest_year,
    snapshot,
    summaries,
)
from .status import RULES, STATUS_ORDER, Goal, Status, assess, explain
from .tables import IndicatorStatusTable, PublicIndicatorStatusTable


def _version(request):
    """The policy's data version, read once per request (the ETag and the caches use it)."""
    return versions.policy_for(request)


def _snapshot(request):
    """Every committee's data version, read once per request and only when something is
    not cached for the policy's version (1 query)."""
    return request_memo(request, "snapshot", snapshot)


def _summaries(request):
    """Every committee's summary (counts by year and status), read once per request and
    only when something is not cached for the policy's version."""
    return request_memo(request, "summaries", lambda: summaries(_snapshot(request)))


def _latest_year(request):
    return cached(
        "latest-year",
        lambda: latest_year(_summaries(request)),
        version=_version(request),
        translated=False,
    )


def _year(request):
    """The chosen year: ?year=, else the latest with approved values, else the plans' start."""
    default = _latest_year(request) or 2011
    try:
        year = int(request.GET.get("year") or default)
    except ValueError:
        return default
    return year if 2000 <= year <= 2050 else default


def _years(request, year):
    return list(range(FIRST_YEAR, max(year, _latest_year(request) or year) + 1))


def _tables(request, year):
    """Every chart's DataTable for `year` (built once per data version and language)."""

    def build():
        sums = _summaries(request)
        years = _years(request, year)
        return {
            "status-by-committee": b.status_by_committee(year, sums),
            "status-by-committee-year": b.status_by_committee_year(years, sums),
            "share-on-track": b.share_on_track_by_year(years, sums),
            "share-judged": b.share_judged_by_year(years, sums),
            "status-by-theme": b.status_by_theme(year, _records(request, year)),
            "funding-by-committee": b.funding_by_committee(sums, funding_composition()),
            "funding-by-year": b.funding_by_year(sums),
            "targets-at-risk": b.targets_at_risk(year, _snapshot(request)),
        }

    return cached(f"dashboard-tables:{year}", build, version=_version(request))


PER_COMMITTEE = ("status-by-committee", "status-by-committee-year", "funding-by-committee")
RISKS_SHOWN = 30


def _shown(request, year, all_committees):
    """What the page shows of the figures, rendered once per data version, year and
    language: the tables (the per-committee ones cut to the committees in focus unless all
    are asked for, the targets at risk to the first RISKS_SHOWN; the CSVs have everything)
    with their charts as HTML, and the tiles' counts."""

    def build():
        tables = dict(_tables(request, year))
        by_committee = tables["status-by-committee"]
        counts = {
            s: sum(row[1 + i] for row in by_committee.rows) for i, s in enumerate(STATUS_ORDER)
        }
        codes = None if all_committees else b.committees_in_focus(by_committee)
        for name in PER_COMMITTEE:
            tables[name] = b.only_committees(tables[name], codes)
        risks = tables["targets-at-risk"]
        tables["targets-at-risk"] = b.DataTable(
            risks.name,
            risks.title,
            risks.header,
            risks.rows[:RISKS_SHOWN],
            risks.summary,
            risks.demo,
        )
        shown = len(tables["status-by-committee"].rows)
        html = render_to_string(
            "indicators/includes/dashboard_figures.html",
            {
                "year": year,
                "tables": tables,
                "charts": _charts(tables),
                "risk_count": len(risks.rows),
                "all_committees": all_committees,
                "committees_cut": shown < len(by_committee.rows),
                "committee_count": len(by_committee.rows),
                "committees_shown": shown,
            },
        )
        return {"html": html, "counts": counts, "demo": any_demo(year, _summaries(request))}

    return cached(f"dashboard-shown:{year}:{all_committees}", build, version=_version(request))


def _charts(tables):
    """The plotly figures of the charts, from the tables beside them."""
    return {
        "status-by-committee": stacked_bars(
            tables["status-by-committee"],
            [s.value for s in STATUS_ORDER],
            STATUS_STYLE,
            y_title=_("Indicators"),
        ),
        "status-by-committee-year": heatmap(tables["status-by-committee-year"]),
        "share-on-track": share_line(tables["share-on-track"]),
        "share-judged": share_line(tables["share-judged"], column=3),
        "status-by-theme": stacked_bars(
            tables["status-by-theme"],
            [s.value for s in STATUS_ORDER],
            STATUS_STYLE,
            y_title=_("Indicators"),
        ),
        "funding-by-committee": stacked_bars(
            tables["funding-by-committee"],
            list(FUNDING_STYLE),
            FUNDING_STYLE,
            y_title=_("million DKK"),
            scale=1_000_000,
        ),
        "funding-by-year": stacked_bars(
            tables["funding-by-year"],
            list(FUNDING_STYLE),
            FUNDING_STYLE,
            y_title=_("million DKK"),
            scale=1_000_000,
        ),
    }


def _records(request, year):
    """Every indicator's record as of `year`, in plan order (one cache entry per data
    version, year and language, assembled from the committees' own)."""

    def build():
        by_committee = b.indicator_records(year, _snapshot(request))
        return [tuple(r) for records in by_committee.values() for r in records]

    rows = cached(f"dashboard-records:{year}", build, version=_version(request))
    return list(map(b.IndicatorStatusRecord._make, rows))  # cached as plain tuples


class PlanOrderRecords(Sequence):
    """The barometer's records of a year in plan order, read committee by committee: what
    the table shows when nothing is filtered or sorted, without reading the thousands of
    records it does not show. django-tables2 asks for the length and the page's slice;
    the slice reads the records of the few committees on the page (each cached under its
    own version), so a change elsewhere costs the page nothing."""

    def __init__(self, request, year):
        self.request, self.year = request, year
        self.layout = cached(  # (committee, its version, its barometer indicators), in order
            "dashboard-layout",
            lambda: [
                (pk, _snapshot(request)[pk], summary["measured"])
                for pk, summary in _summaries(request).items()
            ],
            version=_version(request),
            translated=False,
        )
        self.count = sum(n for _pk, _v, n in self.layout)
        self.sorted = None

    def __len__(self):
        return self.count

    def sort(self, key):
        """Sorted by a column after all (django-tables2 sorts list data in place): every
        record is read, as a filtered table reads them."""
        self.sorted = sorted(
            (r for r in _records(self.request, self.year) if r.in_barometer), key=key
        )

    def __getitem__(self, key):
        if self.sorted is not None:
            return self.sorted[key]
        if not isinstance(key, slice):
            return self[key : key + 1][0]
        start, stop, _step = key.indices(self.count)
        wanted, offset, first = {}, 0, None
        for pk, version, n in self.layout:
            if offset + n > start and offset < stop:
                wanted[pk] = version
                first = offset if first is None else first
            offset += n
        records = b.indicator_records(self.year, wanted)
        rows = [r for pk in wanted for r in records[pk] if r.in_barometer]
        return rows[start - first : stop - first] if wanted else []


FILTERS = ("committee", "theme", "status", "all_indicators", "q")


def _filtered(request, year, *, paged=True):
    """The filter (django-filter, on the indicators) and the records it lets through, in
    plan order (1 query for the indicators' ids). Unfiltered and unsorted, the table reads
    only the records of its page (`paged`)."""
    filterset = BarometerFilter(
        request.GET, queryset=Indicator.objects.all(), records=lambda: _records(request, year)
    )
    if not filterset.is_valid():
        return filterset, []
    chosen = any(filterset.form.cleaned_data.get(name) for name in FILTERS)
    if paged and not chosen and not request.GET.get("sort"):
        # given as TableData: django-tables2 would copy any other sequence into a list
        return filterset, TableListData(PlanOrderRecords(request, year))
    wanted = set(filterset.qs.values_list("pk", flat=True))
    return filterset, [r for r in _records(request, year) if r.pk in wanted]


def review_state(year):
    """[(year status, committees)] of the committees' years of `year` (1 query): what the
    analysts' dashboard shows beside the approved figures."""
    counts = dict(
        CommitteeYear.objects.filter(year=year)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return [(status, counts.get(status.value, 0)) for status in CommitteeYear.Status]


def _review_state(request):
    """review_state of the chosen year, read once per request (the ETag and the page)."""
    return request_memo(request, "review-state", lambda: review_state(_year(request)))


def _dashboard_etag(request):
    return page_etag(request, "dashboard", _version(request), _review_state(request))


def _public_etag(request):
    return page_etag(request, "public-barometer", _version(request))


def _barometer_page(request, *, public):
    """What the public barometer and the analysts' dashboard share: the year, the tiles,
    the charts with their tables and CSVs, and the indicator table (approved values only)."""
    year = _year(request)
    filterset, records = _filtered(request, year)
    table = (PublicIndicatorStatusTable if public else IndicatorStatusTable)(records)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    shown = _shown(request, year, request.GET.get("all_committees") == "1")
    counts = shown["counts"]
    return {
        "public": public,
        "year": year,
        "years": _years(request, year),
        "tiles": [(s, counts[s]) for s in STATUS_ORDER],
        "total": sum(counts.values()),
        "status_demo": shown["demo"],
        "figures": shown["html"],
        "table": table,
        "filter": filterset,
        "querystring": request.GET.urlencode(),
    }


@require_safe
@condition(etag_func=_public_etag)
def public_barometer(request):
    """The integration barometer for everyone, without login: status tiles, status by
    committee, theme and year, the share judged, the money by financing status, the
    targets at risk and the indicators, each linking to its public page (approved values
    only)."""
    return render(request, "indicators/dashboard.html", _barometer_page(request, public=True))


@analyst_required
@require_safe
@condition(etag_func=_dashboard_etag)
@cache_control(private=True, no_cache=True)
def dashboard(request):
    """The barometer as the analysts use it: the public figures, with each indicator's
    drill-down and the state of the year's review (drafts, submitted, returned)."""
    context = _barometer_page(request, public=False)
    context["review_state"] = _review_state(request)
    return render(request, "indicators/dashboard.html", context)


@require_safe
def barometer_csv(request, name):
    """The numbers behind a chart (or the indicator table) as CSV, ; separated for Excel."""
    year = _year(request)
    if name == "indicators":
        _filterset, records = _filtered(request, year, paged=False)
        header, lines = b.indicator_table_header(), [r.csv for r in records]
        demo = any(r.demo for r in records)
    else:
        table = _tables(request, year).get(name)
        if table is None:
            raise Http404
        header = table.header
        lines = [b.csv_line([csv_cell(v) for v in row]) for row in table.rows]
        demo = table.demo
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    # a download computed with demo values says so in its name (its title in Excel)
    mark = "-demo" if demo else ""
    response["Content-Disposition"] = f'attachment; filename="barometer-{name}-{year}{mark}.csv"'
    response.write("\ufeff")  # so that Excel reads the Danish letters
    response.write(b.csv_line(header))
    response.write("".join(lines))
    return response


@analyst_required
@require_safe
def drilldown(request, pk):
    """One indicator as of the chosen year: values, path, groups, gap, and why its status."""
    year = _year(request)
    context = indicator_context(pk, as_of=year)
    row = context["row"]
    indicator = context["indicator"]
    context.update(
        {
            "year": year,
            "years": _years(request, year),
            "explanation": _explanation(row, indicator, as_of=year),
            "data_age": year - row.assessment.year if row.assessment.year else None,
            "drilldown": True,
        }
    )
    return render(request, "indicators/drilldown.html", context)


def _d(text):
    return Decimal(text)


# The rules page's worked examples: (rule id, case, goal, series). The goals are the
# real plans' where one fits.
EXAMPLES = [
    (
        "target-met",
        gettext_lazy("At most 5,8 points in 2014, from 7,2 in 2010; 5,6 in 2013"),
        Goal("at_most", _d("7.2"), 2010, _d("5.8"), 2014),
        {2013: _d("5.6")},
    ),
    (
        "on-path",
        gettext_lazy("At least 60 % in 2014 from 40 % in 2010; 52 % in 2012"),
        Goal("increase", _d(40), 2010, _d(60), 2014),
        {2012: _d(52)},
    ),
    (
        "per-year",
        gettext_lazy("2 points a year from 2010 to 2013; 6,7 in 2010, 11,2 in 2012"),
        Goal("increase", None, 2010, None, 2013, _d(2)),
        {2010: _d("6.7"), 2012: _d("11.2")},
    ),
    (
        "behind",
        gettext_lazy("2 points a year from 2010 to 2013; 6,7 in 2010, 12,1 in 2013"),
        Goal("increase", None, 2010, None, 2013, _d(2)),
        {2010: _d("6.7"), 2013: _d("12.1")},
    ),
    (
        "no-target-year",
        gettext_lazy("Minimum 60 %, no target year; 61 in 2012"),
        Goal("at_least", None, None, _d(60)),
        {2011: _d(55), 2012: _d(61)},
    ),
    (
        "better",
        gettext_lazy("“Skal stige”: 40,0 in 2010, 41,3 in 2013"),
        Goal("increase"),
        {2010: _d(40), 2013: _d("41.3")},
    ),
    (
        "unchanged",
        gettext_lazy("“Skal falde”: 20,04 in 2010, 19,96 in 2013 (both 20,0)"),
        Goal("decrease"),
        {2010: _d("20.04"), 2013: _d("19.96")},
    ),
    (
        "worse",
        gettext_lazy("“Må ikke stige”: 21 in 2008, 24 in 2014"),
        Goal("at_most", _d(21), 2008, None, None, None, False, 0),
        {2014: _d(24)},
    ),
    (
        "gap",
        gettext_lazy("A gap of 9 points in 2009 to close, no target year; −2,3 in 2014"),
        Goal("close_gap", _d(9), 2009, _d(0)),
        {2014: _d("-2.3")},
    ),
    (
        "relative",
        gettext_lazy("“Øges med 50 %”: 1.000 visits in 2010, 1.520 in 2013"),
        Goal("increase", None, None, _d(50), None, None, True, 0),
        {2010: _d(1000), 2013: _d(1520)},
    ),
    (
        "no-data",
        gettext_lazy("“Skal stige”: only a value for 2010, no baseline"),
        Goal("increase"),
        {2010: _d(40)},
    ),
    (
        "not-measurable",
        gettext_lazy("“Ingen” – nothing to judge by"),
        Goal("unspecified"),
        {2012: _d(10)},
    ),
]


@require_safe
def status_rules(request):
    """'Sådan beregnes status': the rules row by row, each with a worked example."""
    examples = {}
    for rule, label, goal, series in EXAMPLES:
        a = assess(goal, series)
        is_gap = goal.direction == "close_gap"
        why = explain(a, unit_label=_("points"), is_gap=is_gap, group=_("the group behind"))
        examples.setdefault(rule, []).append((label, a, why))
    rules = [(rule, status, text, examples.get(rule, [])) for rule, status, text in RULES]
    return render(
        request,
        "indicators/status_rules.html",
        {"rules": rules, "statuses": list(Status)},
    )


# --- The public indicator page ---------------------------------------------------------


def _explanation(row, indicator, *, as_of=None):
    """Why the indicator has its status, in words (status.explain)."""
    return explain(
        row.assessment,
        unit_label=unit_words(indicator.unit),
        is_gap=indicator.judges_a_gap,
        group=indicator.disadvantaged_group,
        as_of=as_of,
        not_measurable_note=indicator.not_measurable_note or indicator.target_text,
    )


@require_safe
def detail(request, pk):
    """An indicator: definition, source, baseline, target, approved values, chart, gap,
    and why it has its status now, in words."""
    context = indicator_context(pk)
    context["explanation"] = _explanation(context["row"], context["indicator"])
    return render(request, "indicators/detail.html", context)


def indicator_context(pk, as_of=None):
    """What the indicator page and the barometer's drill-down show (6 queries)."""
    indicator = get_object_or_404(Indicator.objects.with_plan(), pk=pk)
    row = assess_indicators(Indicator.objects.filter(pk=pk), as_of=as_of)[0]
    data = indicator_chart_data(row)
    breakdowns = list(indicator.breakdowns.order_by("order"))
    table = [
        (
            year,
            [row.groups.get((b.group, b.sex, year)) for b in breakdowns],
            data.series.get(year),
            row.notes.get(year),
        )
        for year in sorted({y for (_g, _s, y) in row.groups})
    ]
    anchor = None
    if indicator.target_id:
        siblings = Target.objects.filter(
            objective__plan=indicator.objective.plan_id
        ).select_related("objective")
        anchor = target_anchors(list(siblings))[indicator.target_id]
    gaps_by_sex = []
    if indicator.is_gap:
        sexes = sorted({s for (_g, s, _y) in row.groups}, key=["all", "male", "female"].index)
        for sex in sexes:
            label = Breakdown.Sex(sex).label
            gaps = {
                y: row.groups[(indicator.gap_minuend_group, sex, y)]
                - row.groups[(indicator.gap_subtrahend_group, sex, y)]
                for (g, s, y) in row.groups
                if g == indicator.gap_minuend_group
                and s == sex
                and (indicator.gap_subtrahend_group, sex, y) in row.groups
            }
            gaps_by_sex.append((label, sorted(gaps.items())))
    return {
        "indicator": indicator,
        "row": row,
        "plan": indicator.objective.plan,
        "committee": indicator.objective.plan.committee,
        "anchor": anchor,
        "breakdowns": breakdowns,
        "table": table,
        "chart": indicator_figure(data),
        "groups_chart": (
            groups_figure(data, str(Indicator.Unit.PERCENT.label) if indicator.is_gap else None)
            if data.groups
            else None
        ),
        "data": data,
        "gaps_by_sex": gaps_by_sex,
        # group values of a gap indicator are shares; only the gap is in points
        "value_unit": indicator.value_unit,
        # the charts' trends in words, for screen readers and for everyone
        "trend": trend_in_words(
            data.series, Indicator.Unit.PERCENTAGE_POINTS if indicator.is_gap else indicator.unit
        ),
        "group_trends": [
            (label, trend_in_words(values, indicator.value_unit))
            for label, values in data.groups.items()
        ],
    }
