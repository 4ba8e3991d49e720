import django_tables2 as tables
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kkintegration.common.tables import BoundedTable

from .status import Status

TREND = {
    Status.BETTER.value: ("↑", _("better")),
    Status.UNCHANGED.value: ("→", _("unchanged")),
    Status.WORSE.value: ("↓", _("worse")),
}


class IndicatorStatusTable(BoundedTable):
    """The dashboard's indicator table; rows are dicts built from assessed IndicatorRows."""

    committee = tables.Column(verbose_name=_("Committee"))
    target = tables.Column(verbose_name=_("Target"))
    indicator = tables.Column(
        accessor="indicator_text", verbose_name=_("Indicator"), attrs={"td": {"class": "wide"}}
    )
    baseline = tables.Column(verbose_name=_("Baseline"), orderable=False)
    goal = tables.Column(verbose_name=_("Target value"), orderable=False)
    latest = tables.Column(verbose_name=_("Latest value"), orderable=False)
    status = tables.Column(verbose_name=_("Status"), order_by=("status_order",))
    change = tables.Column(
        verbose_name=_("Change since last year"),
        attrs={"td": {"class": "num"}},
        order_by=("change_sort",),
    )

    class Meta:
        attrs = {"class": "reflow data-table"}
        # no default sort: the records come in plan order (committee, objective, indicator)
        per_page = 25

    def render_indicator(self, record):
        url = reverse("indicators:drilldown", args=[record.pk])
        return format_html('<a href="{}?year={}">{}</a>', url, record.year, record.indicator_text)

    def render_change(self, record):
        """The change since the year before: arrow and word (in the plan's direction), then
        the difference."""
        arrow, word = TREND.get(record.trend, ("", ""))
        if not word:
            return record.change
        return format_html(
            '<span class="change change-{}"><span aria-hidden="true">{}</span> {}</span> ({})',
            record.trend,
            arrow,
            word,
            record.change,
        )

    def value_change(self, record):
        return record.change

    def render_status(self, record):
        return render_to_string(
            "includes/status_badge.html", {"status": Status(record.status), "demo": record.demo}
        )


class PublicIndicatorStatusTable(IndicatorStatusTable):
    """The public barometer's indicator table: each indicator links to its public page."""

    def render_indicator(self, record):
        url = reverse("indicators:detail", args=[record.pk])
        return format_html('<a href="{}">{}</a>', url, record.indicator_text)
