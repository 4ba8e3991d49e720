"""Filters shared by the list pages: committee, theme and words."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from goals.models import Theme

from .models import Committee


def theme_choices():
    """Theme names across plans, once each (themes are per plan, names repeat)."""
    names = Theme.objects.order_by("name").values_list("name", flat=True).distinct()
    return [(name, name) for name in names]


def committee_filter(field_name):
    """A committee chooser that puts the committee's slug in the address (?committee=sud)."""
    return django_filters.ModelChoiceFilter(
        field_name=field_name,
        queryset=Committee.objects.order_by("order"),
        label=_("Committee"),
        to_field_name="slug",
        empty_label=_("All committees"),
    )


def theme_filter(field_name):
    return django_filters.ChoiceFilter(
        field_name=field_name,
        choices=theme_choices,
        label=_("Theme"),
        empty_label=_("All themes"),
    )


def words_filter(*fields):
    """A text filter: every word must occur in one of `fields`."""

    def filter_words(queryset, name, value):
        for word in value.split()[:10]:
            condition = Q()
            for f in fields:
                condition |= Q(**{f"{f}__icontains": word})
            queryset = queryset.filter(condition)
        return queryset

    return django_filters.CharFilter(method=filter_words, label=_("Words"))
