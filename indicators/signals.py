"""Receivers that raise the committee's data version when an indicator, a breakdown or
a value changes (module level, so that Django's weak reference keeps them alive).

A value's committee is read through its breakdown, indicator, objective and plan; the
entry services load that chain with the breakdowns, so a save costs no query for it.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from committees import versions
from goals.signals import committee_of_objective

from .models import Breakdown, Indicator, IndicatorValue


@receiver([post_save, post_delete], sender=Indicator, dispatch_uid="versions-indicator")
def indicator_changed(sender, instance, raw=False, **kwargs):
    if not raw and not versions.in_bulk():
        versions.changed(committee_of_objective(instance.objective_id))


@receiver([post_save, post_delete], sender=Breakdown, dispatch_uid="versions-breakdown")
def breakdown_changed(sender, instance, raw=False, **kwargs):
    if not raw and not versions.in_bulk():
        versions.changed(committee_of_indicator(instance.indicator_id))


@receiver([post_save, post_delete], sender=IndicatorValue, dispatch_uid="versions-value")
def value_changed(sender, instance, raw=False, **kwargs):
    if not raw and not versions.in_bulk():
        versions.changed(instance.breakdown.indicator.objective.plan.committee_id)


def committee_of_indicator(indicator_id):
    """The committee of an indicator (1 query)."""
    return (
        Indicator.objects.filter(pk=indicator_id)
        .values_list("objective__plan__committee_id", flat=True)
        .first()
    )
