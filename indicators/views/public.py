"""Public indicator pages."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from committees.selectors import target_anchors
from goals.models import Target

from ..charts import groups_figure, indicator_chart_data, indicator_figure
from ..models import (
    Breakdown,
    Indicator,
)
from ..rollup import assess_indicators


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
