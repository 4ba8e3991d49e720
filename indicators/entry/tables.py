import django_tables2 as tables
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kkintegration.common.tables import BoundedTable

from ..models import Breakdown, CommitteeYear, IndicatorValue, ReportingRound


def entry_status_rows(committees):
    """`committees` (a page of them) × their plan years with status, completeness and due
    date (5 queries, whatever the number of committees in all)."""
    committees = list(committees.prefetch_related("plans"))
    expected = dict(
        Breakdown.objects.filter(indicator__objective__plan__committee__in=committees)
        .values("indicator__objective__plan__committee")
        .annotate(n=Count("pk"))
        .values_list("indicator__objective__plan__committee", "n")
    )
    # what staff reported, and apart from it the demo values (never counted as reported)
    demo = Q(origin=IndicatorValue.Origin.DEMO)
    filled, demo_values = {}, {}
    for c, y, n, d in (
        IndicatorValue.objects.exclude(origin=IndicatorValue.Origin.PLAN)
        .filter(breakdown__indicator__objective__plan__committee__in=committees)
        .filter(Q(value__isnull=False) | ~Q(no_data_reason=""))
        .values("breakdown__indicator__objective__plan__committee", "year")
        .annotate(n=Count("pk", filter=~demo), d=Count("pk", filter=demo))
        .values_list("breakdown__indicator__objective__plan__committee", "year", "n", "d")
    ):
        filled[(c, y)], demo_values[(c, y)] = n, d
    years = {
        (cy.committee_id, cy.year): cy
        for cy in CommitteeYear.objects.filter(committee__in=committees)
    }
    due = dict(ReportingRound.objects.values_list("year", "due_date"))
    rows = []
    for c in committees:
        for plan in c.plans.all():
            for year in plan.years:
                cy = years.get((c.pk, year))
                total = expected.get(c.pk, 0)
                rows.append(
                    {
                        "committee": c,
                        "year": year,
                        "status": cy.status if cy else "",
                        "status_label": cy.get_status_display() if cy else _("not started"),
                        "complete": round(100 * filled.get((c.pk, year), 0) / total)
                        if total
                        else 0,
                        "due_date": due.get(year),
                        "submitted_at": cy.submitted_at if cy else None,
                        "changed": cy.changed_since_approval if cy else False,
                        "demo": demo_values.get((c.pk, year), 0),
                    }
                )
    return rows


class EntryStatusTable(BoundedTable):
    committee = tables.Column(verbose_name=_("Committee"), order_by=("committee__order",))
    year = tables.Column(verbose_name=_("Year"))
    status_label = tables.Column(verbose_name=_("Status"), order_by=("status",))
    complete = tables.Column(verbose_name=_("Complete"), attrs={"td": {"class": "num"}})
    due_date = tables.DateColumn(verbose_name=_("Due date"), format="j. F Y", default="–")
    submitted_at = tables.DateTimeColumn(
        verbose_name=_("Submitted"), format="j. F Y H:i", default="–"
    )
    review = tables.Column(accessor="year", verbose_name=_("Review"), orderable=False)

    class Meta:
        attrs = {"class": "reflow data-table"}
        order_by = ("committee", "year")

    def render_committee(self, value):
        return value.code

    def render_status_label(self, record, value):
        marker = format_html(" ({})", _("changed since approval")) if record["changed"] else ""
        if record["demo"]:
            marker = format_html('{} <span class="demo-mark">({})</span>', marker, _("demo values"))
        if record["status"] == "submitted":
            marker = format_html("{} – {}", marker, _("waiting for your approval"))
        return format_html(
            '<span class="entry-status entry-{}">{}</span>{}',
            record["status"] or "none",
            value,
            marker,
        )

    def render_complete(self, record, value):
        if record["demo"] and not value:
            return _("demo values only")
        return f"{value} %"

    def render_review(self, record):
        url = reverse("indicators:year-review", args=[record["committee"].slug, record["year"]])
        return format_html('<a href="{}">{}</a>', url, _("Open"))
