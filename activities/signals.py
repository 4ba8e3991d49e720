"""Receivers that raise the committee's data version when an activity or the targets it
serves change (module level, so that Django's weak reference keeps them alive)."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from committees import versions

from .models import Activity


@receiver([post_save, post_delete], sender=Activity, dispatch_uid="versions-activity")
def activity_changed(sender, instance, raw=False, **kwargs):
    if not raw and not versions.in_bulk():
        versions.changed(versions.committee_of_plan(instance.plan_id))


@receiver(m2m_changed, sender=Activity.targets.through, dispatch_uid="versions-activity-targets")
def activity_targets_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_") or versions.in_bulk():
        return
    activities = Activity.objects.filter(pk__in=pk_set or ()) if reverse else [instance]
    for committee_id in {versions.committee_of_plan(a.plan_id) for a in activities}:
        versions.changed(committee_id)
