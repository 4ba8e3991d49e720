"""Writes of the entry workflow: save, submit, approve, return. Each is atomic.

A committee's values for a year move together: draft → submitted → approved, or
submitted → returned (with a reason) → submitted again. A value changed after
approval goes back to submitted and is marked "changed since approval". Nothing
here deletes a value; every change is kept by django-simple-history.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from committees import versions

from ..models import Breakdown, CommitteeYear, Indicator, IndicatorValue

Status = IndicatorValue.Status
EDITED_FIELDS = ["value", "no_data_reason", "comment", "source", "is_provisional"]


@dataclass
class Entry:
    """What staff typed for one breakdown of one indicator in one year."""

    breakdown: Breakdown
    value: Decimal | None = None
    no_data_reason: str = ""
    comment: str = ""
    source: str = ""
    is_provisional: bool = False

    @property
    def is_empty(self):
        return self.value is None and not self.no_data_reason


class ConflictError(ValidationError):
    """Someone else saved the committee-year after this page was loaded."""

    def __init__(self, committee_year, newer):
        self.committee_year = committee_year
        self.newer = newer  # {breakdown_id: IndicatorValue} as saved now
        super().__init__(
            _(
                "%(user)s saved this year after you opened the page. Your figures are not "
                "saved; the newer figures are shown next to each field. Save again to keep yours."
            )
            % {"user": committee_year.updated_by or _("Someone")},
            code="conflict",
        )


def year_values(committee, year):
    """The entered (not plan) values of a committee-year, by breakdown id (1 query)."""
    values = (
        IndicatorValue.objects.filter(
            breakdown__indicator__objective__plan__committee=committee, year=year
        )
        .exclude(origin=IndicatorValue.Origin.PLAN)
        # the chain to the committee: the data-version receiver reads it without a query
        .select_related("breakdown__indicator__objective__plan")
    )
    return {v.breakdown_id: v for v in values}


def committee_year_for(committee, year):
    """The committee-year row, created as draft the first time (1–2 queries)."""
    cy, _created = CommitteeYear.objects.get_or_create(committee=committee, year=year)
    return cy


def _locked(committee, year):
    committee_year_for(committee, year)
    return (
        CommitteeYear.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .get(committee=committee, year=year)
    )


def _plan_breakdowns(committee):
    return Breakdown.objects.filter(indicator__objective__plan__committee=committee).select_related(
        "indicator__objective__plan"
    )


@transaction.atomic
@versions.deferred()
def values_save_year(*, committee, year, user, entries, version, submit=False):
    """Save what staff typed; with `submit`, also submit the year. Returns the CommitteeYear.

    Raises ConflictError when the committee-year was saved since `version` was read, and
    ValidationError when a submitted year is incomplete.
    """
    cy = _locked(committee, year)
    if cy.version != version:
        raise ConflictError(cy, year_values(committee, year))
    # the plan's own breakdowns, with their chain to the committee loaded once
    allowed = {b.pk: b for b in _plan_breakdowns(committee)}
    existing = {
        v.breakdown_id: v
        for v in IndicatorValue.objects.select_for_update().filter(
            breakdown_id__in=[e.breakdown.pk for e in entries], year=year
        )
    }
    changed = 0
    for entry in entries:
        if entry.breakdown.pk not in allowed:
            raise ValidationError(_("An indicator of another committee cannot be saved here."))
        breakdown = allowed[entry.breakdown.pk]
        new = {f: getattr(entry, f) for f in EDITED_FIELDS}
        value = existing.get(breakdown.pk)
        if value is not None:
            value.breakdown = breakdown
        if value is None:
            if entry.is_empty:
                continue
            value = IndicatorValue(
                breakdown=breakdown,
                year=year,
                created_by=user,
                origin=IndicatorValue.Origin.ENTERED,
                status=Status.DRAFT,
            )
        elif value.origin == IndicatorValue.Origin.PLAN:
            raise ValidationError(_("Values printed in the action plan cannot be changed here."))
        elif all(getattr(value, f) == v for f, v in new.items()):
            continue
        else:
            value.version += 1
        for f, v in new.items():
            setattr(value, f, v)
        if value.origin == IndicatorValue.Origin.DEMO:
            value.origin = IndicatorValue.Origin.ENTERED
        if cy.status == Status.APPROVED or value.status == Status.APPROVED:
            value.changed_since_approval = True
        if value.status == Status.APPROVED or cy.status in (Status.SUBMITTED, Status.APPROVED):
            value.status = Status.SUBMITTED  # a changed value is never public until approved
        # fields and the value rules in Python; the named constraints stay the database's
        # (Django would check each with a query of its own: seven per value). The service
        # found the breakdown in the plan and looked the value up itself.
        value.full_clean(
            exclude=["breakdown", "created_by", "approved_by"],
            validate_unique=False,
            validate_constraints=False,
        )
        value._history_user = user
        value.save()
        changed += 1
    if changed and cy.status == Status.APPROVED:
        cy.status = Status.SUBMITTED
        cy.changed_since_approval = True
    cy.version += 1
    cy.updated_by = user
    cy._history_user = user
    cy.save()
    if submit:
        return values_submit_year(committee=committee, year=year, user=user)
    return cy


def missing_indicators(committee, year):
    """Indicators of the committee lacking a value or a no-data reason in `year` (2 queries)."""
    values = year_values(committee, year)
    missing = []
    indicators = (
        Indicator.objects.filter(objective__plan__committee=committee)
        .prefetch_related("breakdowns")
        .order_by("objective__order", "order")
    )
    for indicator in indicators:
        for b in indicator.breakdowns.all():
            v = values.get(b.pk)
            if v is None or (v.value is None and not v.no_data_reason):
                missing.append(indicator)
                break
    return missing


@transaction.atomic
@versions.deferred()
def values_submit_year(*, committee, year, user):
    """Submit a complete year for approval; ValidationError lists what is missing."""
    cy = _locked(committee, year)
    missing = missing_indicators(committee, year)
    if missing:
        names = "; ".join(i.text[:60] for i in missing[:5])
        raise ValidationError(
            _(
                "The year cannot be submitted: %(n)s indicators have neither a value nor a "
                "reason for no data (%(names)s)."
            )
            % {"n": len(missing), "names": names},
            code="incomplete",
        )
    values = year_values(committee, year)
    for value in values.values():
        if value.status in (Status.DRAFT, Status.RETURNED):
            value.status = Status.SUBMITTED
            value._history_user = user
            value.save(update_fields=["status", "updated_at"])
    cy.status = Status.SUBMITTED
    cy.submitted_by = user
    cy.submitted_at = timezone.now()
    cy.version += 1
    cy.updated_by = user
    cy._history_user = user
    cy.save()
    return cy


@transaction.atomic
@versions.deferred()
def values_approve_year(*, committee, year, user):
    """Approve a submitted year: its values become public and count in the barometer."""
    cy = _locked(committee, year)
    if cy.status != Status.SUBMITTED:
        raise ValidationError(_("Only a submitted year can be approved."), code="not_submitted")
    now = timezone.now()
    for value in year_values(committee, year).values():
        value.status = Status.APPROVED
        value.approved_by = user
        value.approved_at = now
        value.changed_since_approval = False
        value._history_user = user
        value.save(
            update_fields=[
                "status",
                "approved_by",
                "approved_at",
                "changed_since_approval",
                "updated_at",
            ]
        )
    cy.status = Status.APPROVED
    cy.approved_by = user
    cy.approved_at = now
    cy.changed_since_approval = False
    cy.version += 1
    cy.updated_by = user
    cy._history_user = user
    cy.save()
    return cy


@transaction.atomic
@versions.deferred()
def values_return_year(*, committee, year, user, comment):
    """Send a submitted year back to the committee with a reason they will see."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Say why the year is sent back.")}, code="no_comment")
    cy = _locked(committee, year)
    if cy.status != Status.SUBMITTED:
        raise ValidationError(_("Only a submitted year can be sent back."), code="not_submitted")
    for value in year_values(committee, year).values():
        if value.status == Status.SUBMITTED:
            value.status = Status.RETURNED
            value._history_user = user
            value.save(update_fields=["status", "updated_at"])
    cy.status = Status.RETURNED
    cy.return_comment = comment
    cy.version += 1
    cy.updated_by = user
    cy._history_user = user
    cy.save()
    return cy
