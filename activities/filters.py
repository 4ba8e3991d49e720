import django_filters
from django.utils.translation import gettext_lazy as _

from budgets.models import FundingLine
from committees.filters import committee_filter
from goals.filters import theme_filter
from kkintegration.common.filters import words_filter

from .models import Activity


class ActivityFilter(django_filters.FilterSet):
    committee = committee_filter("plan__committee")
    theme = theme_filter("theme__name")
    financing = django_filters.ChoiceFilter(
        field_name="funding_lines__status",
        choices=FundingLine.Status.choices,
        label=_("Financing status"),
        empty_label=_("Any financing"),
        distinct=True,
    )
    q = words_filter("name", "description")

    class Meta:
        model = Activity
        fields = []
