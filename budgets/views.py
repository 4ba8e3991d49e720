from django_filters.views import FilterView
from django_tables2.views import SingleTableMixin

from .filters import FundingLineFilter
from .models import FundingLine
from .tables import FundingLineTable


class FundingLineListView(SingleTableMixin, FilterView):
    """All committees' funding lines: sortable, paginated, filtered."""

    model = FundingLine
    table_class = FundingLineTable
    filterset_class = FundingLineFilter
    template_name = "budgets/fundingline_list.html"
    table_pagination = {"per_page": 25}  # the table pages itself, forgivingly

    def get_queryset(self):
        return FundingLine.objects.select_related("plan__committee").prefetch_related(
            "years", "sources"
        )


funding_list = FundingLineListView.as_view()
