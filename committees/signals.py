"""Receivers that raise the data versions when a committee or its plan changes.

Module-level functions: Django keeps only a weak reference to a receiver, so a receiver
defined inside a function (e.g. AppConfig.ready) would be garbage-collected and never
run again. Imported by CommitteesConfig.ready().
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import versions
from .models import ActionPlan, Committee, PlanSection


@receiver([post_save, post_delete], sender=Committee, dispatch_uid="versions-committee")
def committee_changed(sender, instance, raw=False, **kwargs):
    if not raw and not versions.in_bulk():
        versions.changed(instance.pk)


@receiver([post_save, post_delete], sender=ActionPlan, dispatch_uid="versions-plan")
def plan_changed(sender, instance, raw=False, **kwargs):
    if not raw and not versions.in_bulk():
        versions.changed(instance.committee_id)


@receiver([post_save, post_delete], sender=PlanSection, dispatch_uid="versions-section")
def section_changed(sender, instance, raw=False, **kwargs):
    if not raw and not versions.in_bulk():
        versions.changed(versions.committee_of_plan(instance.plan_id))
