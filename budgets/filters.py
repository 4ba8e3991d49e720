import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from activities.filters import theme_choices
from committees.models import Committee

from .models import FundingLine


class FundingLineFilter(django_filters.FilterSet):
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
    status = django_filters.ChoiceFilter(
        choices=FundingLine.Status.choices,
        label=_("Financing status"),
        empty_label=_("Any financing"),
    )
    q = django_filters.CharFilter(method="filter_text", label=_("Words"))

    class Meta:
        model = FundingLine
        fields = []

    def filter_text(self, queryset, name, value):
        for word in value.split()[:10]:
            queryset = queryset.filter(
                Q(name__icontains=word) | Q(status_text__icontains=word) | Q(note__icontains=word)
            )
        return queryset
