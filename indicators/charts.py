"""Chart data and plotly figures for indicators. The same data backs table and chart."""

import json
from dataclasses import dataclass, field
from decimal import Decimal

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from committees.formatting import danish_number

from .models import Breakdown


@dataclass
class IndicatorChartData:
    unit_label: str
    series_label: str
    series: dict  # {year: value} the status is judged on (the gap for gap indicators)
    baseline: tuple | None = None  # (year, value)
    target: tuple | None = None  # (year, value)
    groups: dict = field(default_factory=dict)  # {label: {year: value}}

    @property
    def path(self):
        """The straight line from baseline to target, as [(year, value), (year, value)]."""
        if self.baseline and self.target and self.target[0] > self.baseline[0]:
            return [self.baseline, self.target]
        return []

    @property
    def years(self):
        years = set(self.series)
        for values in self.groups.values():
            years |= set(values)
        for point in (self.baseline, self.target):
            if point:
                years.add(point[0])
        return sorted(years)


def indicator_chart_data(row):
    """Chart data for an IndicatorRow of indicators.rollup (no queries)."""
    ind = row.indicator
    a = row.assessment
    baseline = None
    if ind.baseline_value is not None and ind.baseline_year:
        baseline = (ind.baseline_year, ind.baseline_value)
    elif a.baseline is not None:
        baseline = (a.baseline_year, a.baseline)
    target = None
    if a.target is not None and a.target_year:
        target = (a.target_year, a.target)
    elif ind.target_value is not None:
        target = (ind.target_year or ind.objective.plan.period_end, ind.target_value)
    groups = {}
    if len({(g, s) for (g, s, _y) in row.groups}) > 1 or ind.is_gap:
        for (group, sex, year), value in sorted(row.groups.items()):
            label = Breakdown(group=group, sex=sex).label
            groups.setdefault(label, {})[year] = value
    return IndicatorChartData(
        unit_label=str(ind.get_unit_display()),
        series_label=_("Gap") if ind.is_gap else _("Value"),
        series=dict(sorted(row.series.items())),
        baseline=baseline,
        target=target,
        groups=groups,
    )


def _floats(values):
    return [float(v) if isinstance(v, Decimal) else v for v in values]


def indicator_figure(data, *, title=""):
    """A plotly figure (as a JSON-able dict) of an indicator's values, baseline, target, path."""
    fig = go.Figure()
    if data.series:
        fig.add_trace(
            go.Scatter(
                x=list(data.series),
                y=_floats(data.series.values()),
                name=data.series_label,
                mode="lines+markers+text",
                text=[danish_number(v) for v in data.series.values()],
                textposition="top center",
                line={"width": 3, "color": "#005a8c"},
                marker={"symbol": "circle", "size": 9},
            )
        )
    if data.path:
        (x0, y0), (x1, y1) = data.path
        fig.add_trace(
            go.Scatter(
                x=[x0, x1],
                y=_floats([y0, y1]),
                name=_("Expected path"),
                mode="lines",
                line={"dash": "dash", "color": "#555"},
            )
        )
    if data.baseline:
        fig.add_trace(
            go.Scatter(
                x=[data.baseline[0]],
                y=_floats([data.baseline[1]]),
                name=_("Baseline"),
                mode="markers",
                marker={"symbol": "square", "size": 12, "color": "#555"},
            )
        )
    if data.target:
        fig.add_trace(
            go.Scatter(
                x=[data.target[0]],
                y=_floats([data.target[1]]),
                name=_("Target"),
                mode="markers",
                marker={"symbol": "star", "size": 16, "color": "#b35900"},
            )
        )
    fig.update_layout(
        title={"text": title} if title else None,
        separators=",.",
        xaxis={"title": _("Year"), "dtick": 1},
        yaxis={"title": data.unit_label, "rangemode": "tozero"},
        legend={"orientation": "h", "y": -0.25},
        margin={"l": 60, "r": 20, "t": 40 if title else 20, "b": 60},
        template="simple_white",
        height=380,
    )
    return json.loads(fig.to_json())


def groups_figure(data, unit_label=None):
    """Lines per breakdown group (e.g. two-language boys), as a JSON-able dict."""
    fig = go.Figure()
    dashes = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]
    symbols = ["circle", "square", "diamond", "triangle-up", "x", "cross"]
    for i, (label, values) in enumerate(data.groups.items()):
        fig.add_trace(
            go.Scatter(
                x=list(values),
                y=_floats(values.values()),
                name=label,
                mode="lines+markers",
                line={"dash": dashes[i % len(dashes)]},
                marker={"symbol": symbols[i % len(symbols)], "size": 9},
            )
        )
    fig.update_layout(
        separators=",.",
        xaxis={"title": _("Year"), "dtick": 1},
        yaxis={"title": unit_label or data.unit_label},
        legend={"orientation": "h", "y": -0.25},
        template="simple_white",
        height=380,
        margin={"l": 60, "r": 20, "t": 20, "b": 60},
    )
    return json.loads(fig.to_json())


# --- Barometer charts: each takes the DataTable that also fills its table and CSV ---------

STATUS_STYLE = {  # colour and pattern, so that no status is told by colour alone
    "achieved": ("#1d6b2f", ""),
    "on_track": ("#0b5a7a", "/"),
    "behind": ("#a3261c", "x"),
    "no_data": ("#8a8a8a", "."),
    "not_measurable": ("#c9b27c", "-"),
}
FUNDING_STYLE = {
    "separate_appropriation": ("#a3261c", "x"),
    "budget_process": ("#b38600", "/"),
    "within_frame": ("#1d6b2f", ""),
    "not_stated": ("#8a8a8a", "."),
}


def _layout(fig, *, y_title, barmode=None, height=380):
    fig.update_layout(
        separators=",.",
        template="simple_white",
        height=height,
        barmode=barmode,
        yaxis={"title": y_title},
        legend={"orientation": "h", "y": -0.2},
        margin={"l": 60, "r": 20, "t": 20, "b": 60},
    )
    return json.loads(fig.to_json())


def stacked_bars(table, keys, styles, *, y_title, scale=1):
    """One bar per first-column value, stacked by the other columns (labelled, patterned)."""
    fig = go.Figure()
    x = [str(v) for v in table.column(0)]
    for i, key in enumerate(keys, start=1):
        color, pattern = styles[key]
        values = [float(v) / scale if v is not None else 0 for v in table.column(i)]
        fig.add_trace(
            go.Bar(
                x=x,
                y=values,
                name=table.header[i],
                marker={"color": color, "pattern": {"shape": pattern, "fgcolor": "#ffffff"}},
                text=[danish_number(v, 1 if scale != 1 else 0) if v else "" for v in values],
                textposition="inside",
            )
        )
    return _layout(fig, y_title=y_title, barmode="stack")


def heatmap(table):
    """Committee × year shares, with the number written in every cell."""
    z = [[float(v) if v is not None else None for v in row[1:]] for row in table.rows]
    text = [
        [danish_number(v, 0) + " %" if v is not None else "–" for v in row[1:]]
        for row in table.rows
    ]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=table.header[1:],
            y=table.column(0),
            text=text,
            texttemplate="%{text}",
            zmin=0,
            zmax=100,
            colorscale="Blues",
            colorbar={"title": "%"},
            hovertemplate="%{y} %{x}: %{text}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, y_title="", height=340)


def share_line(table):
    """The share achieved or on track per year, with the figures written at each point."""
    points = [(str(r[0]), float(r[1])) for r in table.rows if r[1] is not None]
    fig = go.Figure(
        go.Scatter(
            x=[p[0] for p in points],
            y=[p[1] for p in points],
            mode="lines+markers+text",
            text=[danish_number(p[1], 1) + " %" for p in points],
            textposition="top center",
            line={"width": 3, "color": "#00507a"},
            name=table.header[1],
        )
    )
    fig.update_yaxes(range=[0, 105])
    return _layout(fig, y_title="%")
