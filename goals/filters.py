"""The theme filter of the list pages."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Theme


def theme_choices():
    """Theme names across plans, once each (themes are per plan, names repeat)."""
    names = Theme.objects.order_by("name").values_list("name", flat=True).distinct()
    return [(name, name) for name in names]


def theme_filter(field_name):
    return django_filters.ChoiceFilter(
        field_name=field_name,
        choices=theme_choices,
        label=_("Theme"),
        empty_label=_("All themes"),
    )
