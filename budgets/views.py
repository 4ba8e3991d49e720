from django.utils.translation import gettext_lazy as _
from django_filters.views import FilterView
from django_tables2.views import SingleTableMixin

from kkintegration.common.downloads import DownloadMixin

from .filters import FundingLineFilter
from .models import FundingLine
from .sums import funding_sums
from .tables import FundingLineTable
from .totals import composition_text, funding_composition


class FundingLineListView(DownloadMixin, SingleTableMixin, FilterView):
    """All committees' funding lines: sortable, paginated, filtered, summed, and
    downloadable as CSV or Excel with the same filter."""

    download_name = "finansiering"
    download_title = _("Funding")

    model = FundingLine
    table_class = FundingLineTable
    filterset_class = FundingLineFilter
    template_name = "budgets/fundingline_list.html"
    table_pagination = {"per_page": 25}  # the table pages itself, forgivingly

    def get_queryset(self):
        return FundingLine.objects.select_related("plan__committee").prefetch_related(
            "years", "sources"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.GET.get("format") not in ("csv", "xlsx"):
            context["sums"] = funding_sums(self.object_list)
            context["composition"] = composition_text(funding_composition(self.object_list))
        return context


funding_list = FundingLineListView.as_view()
