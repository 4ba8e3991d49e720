"""The committee filter of the list pages (?committee=sud)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Committee


def committee_filter(field_name):
    """A committee chooser that puts the committee's slug in the address (?committee=sud)."""
    return django_filters.ModelChoiceFilter(
        field_name=field_name,
        queryset=Committee.objects.order_by("order"),
        label=_("Committee"),
        to_field_name="slug",
        empty_label=_("All committees"),
    )
