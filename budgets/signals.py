"""Receivers that raise the committee's data version when its money changes (module
level, so that Django's weak reference keeps them alive)."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from committees import versions

from .models import FundingLine, FundingSource, FundingYear


@receiver([post_save, post_delete], sender=FundingLine, dispatch_uid="versions-funding-line")
def line_changed(sender, instance, raw=False, **kwargs):
    if not raw and not versions.in_bulk():
        versions.changed(versions.committee_of_plan(instance.plan_id))


@receiver([post_save, post_delete], sender=FundingYear, dispatch_uid="versions-funding-year")
@receiver([post_save, post_delete], sender=FundingSource, dispatch_uid="versions-funding-source")
def line_part_changed(sender, instance, raw=False, **kwargs):
    if not raw and not versions.in_bulk():
        versions.changed(committee_of_line(instance.funding_line_id))


@receiver(
    m2m_changed, sender=FundingLine.dependent_targets.through, dispatch_uid="versions-dependency"
)
def dependencies_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_") or versions.in_bulk():
        return
    lines = FundingLine.objects.filter(pk__in=pk_set or ()) if reverse else [instance]
    for committee_id in {versions.committee_of_plan(line.plan_id) for line in lines}:
        versions.changed(committee_id)


def committee_of_line(line_id):
    """The committee of a funding line (1 query)."""
    return (
        FundingLine.objects.filter(pk=line_id).values_list("plan__committee_id", flat=True).first()
    )
