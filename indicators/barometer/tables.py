import django_tables2 as tables
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kkintegration.common.tables import BoundedTable

from .status import Status


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

    def render_status(self, record):
        return render_to_string(
            "includes/status_badge.html", {"status": Status(record.status), "demo": record.demo}
        )
