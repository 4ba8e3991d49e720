from django.utils.translation import gettext_lazy as _
from django_filters.views import FilterView
from django_tables2.views import SingleTableMixin

from budgets.models import FundingLine
from budgets.sums import funding_sums
from budgets.totals import composition_text, funding_composition
from kkintegration.common.downloads import DownloadMixin

from .filters import ActivityFilter
from .models import Activity
from .tables import ActivityTable


class ActivityListView(DownloadMixin, SingleTableMixin, FilterView):
    """All committees' activities: sortable, paginated, filtered, with the sums of their
    funding, and downloadable as CSV or Excel with the same filter."""

    download_name = "aktiviteter"
    download_title = _("Activities")

    model = Activity
    table_class = ActivityTable
    filterset_class = ActivityFilter
    template_name = "activities/activity_list.html"
    table_pagination = {"per_page": 25}  # the table pages itself, forgivingly

    def get_queryset(self):
        return Activity.objects.select_related("plan__committee", "theme").prefetch_related(
            "targets", "funding_lines"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.GET.get("format") not in ("csv", "xlsx"):
            lines = FundingLine.objects.filter(activity__in=self.object_list.values("pk"))
            context["sums"] = funding_sums(lines)
            context["composition"] = composition_text(funding_composition(lines))
        return context


activity_list = ActivityListView.as_view()
