import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from committees.filters import committee_filter
from goals.filters import theme_filter

from ..models import Indicator
from .status import Status


class BarometerFilter(django_filters.FilterSet):
    """Filters of the dashboard's indicator table, on the indicators themselves; the status
    is the roll-up's, so its filter keeps the indicators whose record has it."""

    year = django_filters.NumberFilter(
        method="any_year",
        label=_("Year"),
        widget=forms.NumberInput(attrs={"min": 2000, "max": 2050}),
    )
    committee = committee_filter("objective__plan__committee")
    theme = theme_filter("objective__theme__name")
    status = django_filters.ChoiceFilter(
        choices=Status.choices,
        method="with_status",
        label=_("Status"),
        empty_label=_("Any status"),
    )
    all_indicators = django_filters.BooleanFilter(
        method="in_barometer",
        label=_("Include indicators outside the barometer"),
        widget=forms.CheckboxInput,
    )
    q = django_filters.CharFilter(method="words", label=_("Words"))

    class Meta:
        model = Indicator
        fields = []

    def __init__(self, data, *args, records, **kwargs):
        self.records = records  # the dashboard's records of the chosen year, when asked
        # always bound: an empty form still means "the barometer's indicators"
        super().__init__(data, *args, **kwargs)

    def any_year(self, queryset, name, value):
        return queryset  # the year chooses the records, not the indicators

    def in_barometer(self, queryset, name, value):
        # unticked (the default): the barometer's own indicators only
        return queryset if value else queryset.filter(in_barometer=True)

    def with_status(self, queryset, name, value):
        return queryset.filter(pk__in=[r.pk for r in self.records() if r.status == value])

    def words(self, queryset, name, value):
        for word in value.split()[:10]:
            queryset = queryset.filter(Q(text__icontains=word) | Q(target__text__icontains=word))
        return queryset
