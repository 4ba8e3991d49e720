"""Receivers that raise the committee's data version when a theme, objective or target
changes (module level, so that Django's weak reference keeps them alive)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from committees import versions

from .models import AppendixRow, Objective, Target, Theme


@receiver([post_save, post_delete], sender=Theme, dispatch_uid="versions-theme")
@receiver([post_save, post_delete], sender=Objective, dispatch_uid="versions-objective")
def plan_part_changed(sender, instance, raw=False, **kwargs):
    if not raw and not versions.in_bulk():
        versions.changed(versions.committee_of_plan(instance.plan_id))


@receiver([post_save, post_delete], sender=Target, dispatch_uid="versions-target")
def target_changed(sender, instance, raw=False, **kwargs):
    if not raw and not versions.in_bulk():
        versions.changed(committee_of_objective(instance.objective_id))


@receiver([post_save, post_delete], sender=AppendixRow, dispatch_uid="versions-appendix-row")
def appendix_row_changed(sender, instance, raw=False, **kwargs):
    if not raw and not versions.in_bulk():
        versions.changed(instance.committee_id)


def committee_of_objective(objective_id):
    """The committee of an objective (1 query)."""
    return (
        Objective.objects.filter(pk=objective_id)
        .values_list("plan__committee_id", flat=True)
        .first()
    )
