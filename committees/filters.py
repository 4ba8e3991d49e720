"""The committee filter of the list pages (?committee=sud)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Committee


def committee_filter(field_name):
    """A committee search field: its code ("SUD", "ØU") or web address ("sud", "ou") in
    any case, else a word of its name. A text field rather than a list, so that the page stays
    the same size however many committees there are."""

    def filter_committee(queryset, name, value):
        value = value.strip()
        exact = Committee.objects.filter(Q(code__iexact=value) | Q(slug__iexact=value))
        if not exact.exists():  # then a word of the name ("social" finds Socialudvalget)
            exact = Committee.objects.filter(name__icontains=value)
        return queryset.filter(**{f"{field_name}__in": exact})

    return django_filters.CharFilter(
        method=filter_committee,
        label=_("Committee"),
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("e.g. SUD or Socialudvalget"), "size": 18}
        ),
    )
