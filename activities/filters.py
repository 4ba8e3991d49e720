import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from budgets.models import FundingLine
from committees.models import Committee
from goals.models import Theme

from .models import Activity


def theme_choices():
    """Theme names across plans, once each (themes are per plan, names repeat)."""
    names = Theme.objects.order_by("name").values_list("name", flat=True).distinct()
    return [(name, name) for name in names]


class ActivityFilter(django_filters.FilterSet):
    committee = django_filters.ModelChoiceFilter(
        field_name="plan__committee",
        queryset=Committee.objects.order_by("order"),
        label=_("Committee"),
        to_field_name="slug",
        empty_label=_("All committees"),
    )
    theme = django_filters.ChoiceFilter(
        field_name="theme__name",
        choices=theme_choices,
        label=_("Theme"),
        empty_label=_("All themes"),
    )
    financing = django_filters.ChoiceFilter(
        field_name="funding_lines__status",
        choices=FundingLine.Status.choices,
        label=_("Financing status"),
        empty_label=_("Any financing"),
        distinct=True,
    )
    q = django_filters.CharFilter(method="filter_text", label=_("Words"))

    class Meta:
        model = Activity
        fields = []

    def filter_text(self, queryset, name, value):
        for word in value.split()[:10]:
            queryset = queryset.filter(Q(name__icontains=word) | Q(description__icontains=word))
        return queryset
