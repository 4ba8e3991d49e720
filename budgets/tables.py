import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kkintegration.common.formatting import danish_amount
from kkintegration.common.tables import BoundedTable

from .models import FundingLine


class FundingLineTable(BoundedTable):
    committee = tables.Column(
        accessor="plan__committee__code",
        verbose_name=_("Committee"),
        order_by=("plan__committee__order", "order"),
    )
    name = tables.Column(verbose_name=_("Funding line"), attrs={"td": {"class": "wide"}})
    total = tables.Column(
        verbose_name=_("Total"), attrs={"td": {"class": "num"}, "th": {"class": "num"}}
    )
    years = tables.Column(accessor="pk", verbose_name=_("Per year"), orderable=False)
    sources = tables.Column(accessor="pk", verbose_name=_("Sources"), orderable=False)
    status = tables.Column(verbose_name=_("Financing"))

    class Meta:
        model = FundingLine
        fields = ["committee", "name", "total", "years", "sources", "status"]
        order_by = ("committee",)
        attrs = {"class": "reflow data-table"}

    def render_name(self, record):
        url = record.plan.committee.get_absolute_url()
        return format_html('<a href="{}#finansiering-{}">{}</a>', url, record.order, record.name)

    def render_total(self, record):
        return danish_amount(record.total, record.qualifier)

    def value_total(self, record):
        return record.total

    def value_name(self, record):
        return record.name

    def value_status(self, record):
        return record.get_status_display()

    def render_years(self, record):
        years = record.years.all()
        if not years:
            return record.split_text or "–"
        return "; ".join(f"{y.year}: {danish_amount(y.amount)}" for y in years)

    def render_sources(self, record):
        sources = record.sources.all()
        return (
            "; ".join(
                f"{s.name}: {danish_amount(s.amount)}" if s.amount is not None else s.name
                for s in sources
            )
            or "–"
        )

    def render_status(self, record):
        return format_html(
            '<span class="financing financing-{}"><span class="financing-swatch" '
            'aria-hidden="true"></span>{}</span>',
            record.status,
            record.get_status_display().capitalize(),
        )
