"""A words filter for list pages: every word must occur in one of the fields."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


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
