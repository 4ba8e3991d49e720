import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from committees.filters import committee_filter
from goals.filters import theme_filter

from ..models import Indicator
from .status import Status


class BarometerFilter(django_filters.FilterSet):
    """Filters of the dashboard's indicator table; status and year apply after the roll-up."""

    year = django_filters.NumberFilter(
        method="keep", label=_("Year"), widget=forms.NumberInput(attrs={"min": 2000, "max": 2050})
    )
    committee = committee_filter("objective__plan__committee")
    theme = theme_filter("objective__theme__name")
    status = django_filters.ChoiceFilter(
        choices=Status.choices, method="keep", label=_("Status"), empty_label=_("Any status")
    )
    all_indicators = django_filters.BooleanFilter(
        method="keep",
        label=_("Include indicators outside the barometer"),
        widget=forms.CheckboxInput,
    )
    q = django_filters.CharFilter(method="keep", label=_("Words"))

    class Meta:
        model = Indicator
        fields = []

    def keep(self, queryset, name, value):
        return queryset  # every filter applies to the cached, assessed records in the view
