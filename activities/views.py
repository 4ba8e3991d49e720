from django_filters.views import FilterView
from django_tables2.views import SingleTableMixin

from .filters import ActivityFilter
from .models import Activity
from .tables import ActivityTable


class ActivityListView(SingleTableMixin, FilterView):
    """All committees' activities: sortable, paginated, filtered."""

    model = Activity
    table_class = ActivityTable
    filterset_class = ActivityFilter
    template_name = "activities/activity_list.html"
    table_pagination = {"per_page": 25}  # the table pages itself, forgivingly

    def get_queryset(self):
        return Activity.objects.select_related("plan__committee", "theme").prefetch_related(
            "targets", "funding_lines"
        )


activity_list = ActivityListView.as_view()
