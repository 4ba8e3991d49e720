import django_filters
from django.utils.translation import gettext_lazy as _

from committees.filters import committee_filter
from goals.filters import theme_filter
from kkintegration.common.filters import words_filter

from .models import FundingLine


class FundingLineFilter(django_filters.FilterSet):
    committee = committee_filter("plan__committee")
    theme = theme_filter("theme__name")
    status = django_filters.ChoiceFilter(
        choices=FundingLine.Status.choices,
        label=_("Financing status"),
        empty_label=_("Any financing"),
    )
    q = words_filter("name", "status_text", "note")

    class Meta:
        model = FundingLine
        fields = []
