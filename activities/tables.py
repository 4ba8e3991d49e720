import django_tables2 as tables
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from kkintegration.common.tables import BoundedTable

from .models import Activity


class ActivityTable(BoundedTable):
    committee = tables.Column(
        accessor="plan__committee__code",
        verbose_name=_("Committee"),
        order_by=("plan__committee__order", "order"),
    )
    name = tables.Column(verbose_name=_("Activity"), attrs={"td": {"class": "wide"}})
    theme = tables.Column(accessor="theme__name", verbose_name=_("Theme"), default="–")
    targets = tables.Column(accessor="pk", verbose_name=_("Results targets"), orderable=False)
    status = tables.Column(verbose_name=_("Status"))
    funding = tables.Column(accessor="pk", verbose_name=_("Financing"), orderable=False)

    class Meta:
        model = Activity
        fields = ["committee", "name", "theme", "targets", "status", "funding"]
        order_by = ("committee",)
        attrs = {"class": "reflow data-table"}

    def render_name(self, record):
        url = record.plan.committee.get_absolute_url()
        return format_html('<a href="{}#aktivitet-{}">{}</a>', url, record.order, record.name)

    def value_name(self, record):
        return record.name

    def value_funding(self, record):
        lines = record.funding_lines.all()
        return "; ".join(f"{line.name}: {line.get_status_display()}" for line in lines)

    def render_targets(self, record):
        numbers = sorted({t.number for t in record.targets.all()})
        return ", ".join(str(n) for n in numbers) or "–"

    def render_funding(self, record):
        lines = record.funding_lines.all()
        if not lines:
            return "–"
        return format_html_join(
            "",
            '<span class="financing financing-{}"><span class="financing-swatch" '
            'aria-hidden="true"></span>{}</span> ',
            ((line.status, line.get_status_display().capitalize()) for line in lines),
        )
