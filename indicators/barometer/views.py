"""The integration barometer: BIF's dashboard, drill-down, CSV downloads and rules page."""

import csv
from decimal import Decimal

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_tables2 import RequestConfig

from committees.roles import analyst_required
from goals.anchors import target_anchors
from goals.models import Target

from ..models import Breakdown, Indicator
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
)
from .filters import BarometerFilter
from .page_cache import per_data_version
from .rollup import assess_indicators, cached, latest_year, rollup_token, rows_as_of
from .status import STATUS_ORDER, Status, explain
from .tables import IndicatorStatusTable

FIRST_YEAR = 2009


def _year(request):
    """The chosen year: ?year=, else the latest with approved values, else the plans' start."""
    default = latest_year() or 2011
    try:
        year = int(request.GET.get("year") or default)
    except ValueError:
        return default
    return year if 2000 <= year <= 2050 else default


def _years(year):
    return list(range(FIRST_YEAR, max(year, latest_year() or year) + 1))


def _tables(year):
    """Every chart's DataTable for `year` (built once per roll-up token and process)."""

    def build():
        years = _years(year)
        return {
            "status-by-committee": b.status_by_committee(year),
            "status-by-committee-year": b.status_by_committee_year(years),
            "share-on-track": b.share_on_track_by_year(years),
            "funding-by-committee": b.funding_by_committee(),
            "funding-by-year": b.funding_by_year(),
            "targets-at-risk": b.targets_at_risk(year),
        }

    return cached(f"dashboard-tables:{year}", build)


PER_COMMITTEE = ("status-by-committee", "status-by-committee-year", "funding-by-committee")


def _shown(year, all_committees):
    """The tables as the page shows them: the per-committee ones cut to the committees in
    focus unless all are asked for (the CSVs always have all)."""

    def build():
        tables = dict(_tables(year))
        codes = None if all_committees else b.committees_in_focus(year)
        for name in PER_COMMITTEE:
            tables[name] = b.only_committees(tables[name], codes)
        return tables

    return cached(f"dashboard-shown:{year}:{all_committees}", build)


def _charts(year, all_committees):
    """The plotly figures of the charts for `year` (cached like the tables)."""

    def build():
        tables = _shown(year, all_committees)
        return {
            "status-by-committee": stacked_bars(
                tables["status-by-committee"],
                [s.value for s in STATUS_ORDER],
                STATUS_STYLE,
                y_title=_("Indicators"),
            ),
            "status-by-committee-year": heatmap(tables["status-by-committee-year"]),
            "share-on-track": share_line(tables["share-on-track"]),
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

    return cached(f"dashboard-charts:{year}:{all_committees}", build)


def _records(year):
    """One plain record per indicator as of `year`, for the table, its filters and CSV."""

    def build():
        rows = rows_as_of(year)
        plain = b.indicator_rows(rows, year).rows
        records = []
        for row, p in zip(rows, plain, strict=True):
            ind = row.indicator
            records.append(
                {
                    "pk": ind.pk,
                    "year": year,
                    "committee": p[0],
                    "target": p[1],
                    "indicator_text": p[2],
                    "baseline": _measure(p[3], ind.unit, p[4]),
                    "goal": _measure(p[5], ind.unit, p[6]),
                    "latest": _measure(p[7], ind.unit, p[8]) + (" (demo)" if p[11] else ""),
                    "status": row.status,
                    "status_order": STATUS_ORDER.index(row.status),
                    "change": _measure(p[10], ind.unit, None) if p[10] is not None else "–",
                    "change_sort": p[10] if p[10] is not None else Decimal("-1e12"),
                    # for the filters
                    "slug": ind.objective.plan.committee.slug,
                    "theme": ind.objective.theme.name if ind.objective.theme else "",
                    "in_barometer": ind.in_barometer,
                    "words": f"{ind.text} {ind.target.text if ind.target_id else ''}".lower(),
                    "plain": p,
                }
            )
        return records

    return cached(f"dashboard-records:{year}", build)


def _filtered(request, year):
    """The filter form and the records it lets through (no query: the records are cached)."""
    filterset = BarometerFilter(request.GET or None, queryset=Indicator.objects.none())
    data = filterset.form.cleaned_data if filterset.is_valid() else {}
    records = _records(year)
    if not data.get("all_indicators"):
        records = [r for r in records if r["in_barometer"]]
    if data.get("committee"):
        records = [r for r in records if r["slug"] == data["committee"].slug]
    if data.get("theme"):
        records = [r for r in records if r["theme"] == data["theme"]]
    if data.get("status"):
        records = [r for r in records if r["status"] == data["status"]]
    for word in (data.get("q") or "").lower().split()[:10]:
        records = [r for r in records if word in r["words"]]
    return filterset, records


@analyst_required
@require_GET
@per_data_version
def dashboard(request):
    """Status tiles, charts, money, targets at risk and the indicator table for one year."""
    year = _year(request)
    filterset, records = _filtered(request, year)
    table = IndicatorStatusTable(records)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    counts = cached(f"dashboard-counts:{year}", lambda: b.counts(b.barometer_rows(year)))
    all_committees = request.GET.get("all_committees") == "1"
    shown = _shown(year, all_committees)
    committee_count = len(_tables(year)["status-by-committee"].rows)
    committees_shown = len(shown["status-by-committee"].rows)
    return render(
        request,
        "indicators/dashboard.html",
        {
            "year": year,
            "years": _years(year),
            "tiles": [(s, counts[s]) for s in STATUS_ORDER],
            "total": sum(counts.values()),
            "tables": shown,
            "charts": _charts(year, all_committees),
            "all_committees": all_committees,
            "committees_cut": committees_shown < committee_count,
            "committee_count": committee_count,
            "committees_shown": committees_shown,
            "table": table,
            "filter": filterset,
            "querystring": request.GET.urlencode(),
            "rollup_token": rollup_token(),
        },
    )


def _measure(value, unit, year):
    from kkintegration.common.formatting import danish_measure

    if value is None:
        return "–"
    text = danish_measure(value, unit)
    return f"{text} ({year})" if year else text


@analyst_required
@require_GET
def barometer_csv(request, name):
    """The numbers behind a chart (or the indicator table) as CSV, ; separated for Excel."""
    year = _year(request)
    if name == "indicators":
        _filterset, records = _filtered(request, year)
        full = b.indicator_rows([], year)
        table = b.DataTable(full.name, full.title, full.header, [r["plain"] for r in records])
    else:
        table = _tables(year).get(name)
        if table is None:
            raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="barometer-{name}-{year}.csv"'
    response.write("\ufeff")  # so that Excel reads the Danish letters
    writer = csv.writer(response, delimiter=";")
    writer.writerow(table.header)
    for row in table.rows:
        writer.writerow([_csv_cell(v) for v in row])
    return response


def _csv_cell(value):
    if isinstance(value, Decimal):
        return format(value.normalize(), "f").replace(".", ",")
    return "" if value is None else value


@analyst_required
@require_GET
def drilldown(request, pk):
    """One indicator as of the chosen year: values, path, groups, gap, and why its status."""
    year = _year(request)
    context = indicator_context(pk, as_of=year)
    row = context["row"]
    indicator = context["indicator"]
    context.update(
        {
            "year": year,
            "years": _years(year),
            "explanation": explain(
                row.assessment,
                unit_label=str(indicator.get_unit_display()),
                is_gap=indicator.is_gap,
                as_of=year,
            ),
            "data_age": year - row.assessment.year if row.assessment.year else None,
            "drilldown": True,
        }
    )
    return render(request, "indicators/drilldown.html", context)


@require_GET
def status_rules(request):
    """'Sådan beregnes status': the rules in words, with worked examples."""
    from .status import Goal, assess

    examples = []
    for label, goal, series in [
        (
            _("Gap closing: 9 points in 2009, target 0 in 2014, 4,1 in 2012"),
            Goal("close_gap", Decimal(9), 2009, Decimal(0), 2014),
            {2012: Decimal("4.1")},
        ),
        (
            _("Same gap, 3,5 in 2012"),
            Goal("close_gap", Decimal(9), 2009, Decimal(0), 2014),
            {2012: Decimal("3.5")},
        ),
        (
            _("At most 5,8 points in 2014, from 7,2 in 2010; 5,6 in 2013"),
            Goal("at_most", Decimal("7.2"), 2010, Decimal("5.8"), 2014),
            {2013: Decimal("5.6")},
        ),
        (
            _("2 points a year from 30 in 2010; 33 in 2012"),
            Goal("increase", Decimal(30), 2010, None, None, Decimal(2)),
            {2012: Decimal(33)},
        ),
        (_("At least 60 %; no value yet"), Goal("at_least", None, None, Decimal(60)), {}),
        (_("“Ingen” – no target given"), Goal("unspecified"), {2012: Decimal(10)}),
    ]:
        a = assess(goal, series)
        examples.append(
            (label, a, explain(a, unit_label=_("points"), is_gap=goal.direction == "close_gap"))
        )
    return render(
        request, "indicators/status_rules.html", {"examples": examples, "statuses": list(Status)}
    )


# --- The public indicator page ---------------------------------------------------------


@require_GET
def detail(request, pk):
    """An indicator: definition, source, baseline, target, approved values, chart, gap."""
    return render(request, "indicators/detail.html", indicator_context(pk))


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
    }
