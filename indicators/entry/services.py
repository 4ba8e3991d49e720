"""Writes of the entry workflow: save, submit, approve, return. Each is atomic.

A committee's values for a year move together: draft → submitted → approved, or
submitted → returned (with a reason) → submitted again. A change to an approved value is
kept beside it as a correction (the approved figure stays public) and the year goes back
to submitted, marked "changed since approval"; approving the year publishes the
correction. Nothing here deletes a value; every change is kept by django-simple-history.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from committees import versions

from ..models import EDITED_FIELDS, Breakdown, CommitteeYear, Indicator, IndicatorValue

Status = IndicatorValue.Status


@dataclass
class Entry:
    """What staff typed for one breakdown of one indicator in one year.

    `only`, when given, names the fields to write; the others keep what is stored (a
    form writes only the fields the user changed, and none that failed validation).
    """

    breakdown: Breakdown
    value: Decimal | None = None
    no_data_reason: str = ""
    comment: str = ""
    source: str = ""
    is_provisional: bool = False
    only: frozenset | None = None

    @property
    def is_empty(self):
        return self.value is None and not self.no_data_reason

    def fields(self):
        names = EDITED_FIELDS if self.only is None else [f for f in EDITED_FIELDS if f in self.only]
        return {f: getattr(self, f) for f in names}


class EnteredValue:
    """A value as the entry workflow shows it: what staff last entered (a waiting
    correction, if any), and the approved figure it would replace."""

    def __init__(self, row):
        self.row = row
        for f, v in row.proposed().items():
            setattr(self, f, v)
        self.status = row.status
        self.changed_since_approval = row.changed_since_approval
        self.breakdown_id = row.breakdown_id
        # the public figure a waiting correction would replace
        self.approved = row if row.correction is not None else None

    def get_status_display(self):
        return IndicatorValue.Status(self.status).label

    @property
    def is_correction(self):
        return self.approved is not None


def _serial(fields):
    return {f: (str(v) if isinstance(v, Decimal) else v) for f, v in fields.items()}


def merge_field(base, stored, typed):
    """One field of a save from a page loaded at `base`, now `stored`: what to write.

    Returns ("keep", stored) when the user did not change it, ("write", typed) when only
    the user changed it (or both changed it alike), ("conflict", stored) when both changed
    it differently: then the user must choose.
    """
    if typed == base:
        return "keep", stored
    if stored in (base, typed):
        return "write", typed
    return "conflict", stored


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


def entered_values(committee, year):
    """The entered values of a committee-year as staff last entered them (1 query)."""
    return {pk: EnteredValue(v) for pk, v in year_values(committee, year).items()}


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
    ValidationError when a submitted year is incomplete. A change to an approved value is
    kept as its correction: the approved figure stays public until the year is approved.
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
        value = existing.get(breakdown.pk)
        if value is not None:
            value.breakdown = breakdown
        if value is None:
            new = {f: getattr(Entry(breakdown=breakdown), f) for f in EDITED_FIELDS}
            new.update(entry.fields())
            if new["value"] is None and not new["no_data_reason"]:
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
        else:
            current = value.proposed()
            new = {**current, **entry.fields()}
            if new == current:
                continue
            value.version += 1
        if value.pk is not None and value.status == Status.APPROVED:
            # a correction: the approved figure stays public beside it until approved
            own = {f: getattr(value, f) for f in EDITED_FIELDS}
            value.correction = None if new == own else _serial(new)
            value.changed_since_approval = value.correction is not None
        else:
            for f, v in new.items():
                setattr(value, f, v)
            if value.origin == IndicatorValue.Origin.DEMO:
                value.origin = IndicatorValue.Origin.ENTERED
            if cy.status == Status.APPROVED:
                value.changed_since_approval = True
            if cy.status in (Status.SUBMITTED, Status.APPROVED):
                value.status = Status.SUBMITTED  # a new value is never public until approved
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
    cy.changed_count = changed
    if changed and cy.status == Status.APPROVED:
        cy.status = Status.SUBMITTED
        cy.changed_since_approval = True
    if changed:
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
            entered = v.proposed() if v is not None else None
            if entered is None or (entered["value"] is None and not entered["no_data_reason"]):
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


class StaleReviewError(ValidationError):
    """The year changed after the analyst opened it: what they saw is not what is there."""

    def __init__(self, committee_year, changes):
        self.committee_year = committee_year
        self.changes = changes  # {breakdown_id: (before, now)} as readable field dicts
        super().__init__(
            _(
                "The year was changed by %(user)s after you opened it. Nothing was approved "
                "or sent back: the changed values are marked below; review them again."
            )
            % {"user": committee_year.updated_by or _("someone")},
            code="stale",
        )


def changes_since(committee, year, version):
    """The values of a committee-year changed since it had `version`: {breakdown_id:
    (fields then, fields now)}, the fields as staff entered them (3 queries)."""
    then = (
        CommitteeYear.history.filter(committee=committee, year=year, version__lte=version)
        .order_by("-version", "-history_date")
        .values_list("history_date", flat=True)
        .first()
    )
    records = IndicatorValue.history.filter(
        breakdown__indicator__objective__plan__committee=committee, year=year
    ).order_by("history_date", "history_id")
    before, touched = {}, set()
    for rec in records:
        if then is not None and rec.history_date <= then:
            before[rec.breakdown_id] = IndicatorValue.proposed(rec)
        else:
            touched.add(rec.breakdown_id)
    now = year_values(committee, year)
    empty = {
        f: None if f == "value" else ("" if f != "is_provisional" else False) for f in EDITED_FIELDS
    }
    changes = {}
    for pk in touched:
        old = before.get(pk, empty)
        new = now[pk].proposed() if pk in now else empty
        if old != new:
            changes[pk] = (old, new)
    return changes


def _check_seen(cy, committee, year, version):
    if version is not None and cy.version != version:
        raise StaleReviewError(cy, changes_since(committee, year, version))


@transaction.atomic
@versions.deferred()
def values_approve_year(*, committee, year, user, version=None):
    """Approve a submitted year as the analyst saw it (`version`): its values, and any
    correction of an approved value, become public and count in the barometer.

    Raises StaleReviewError, approving nothing, when the year changed since `version`.
    """
    cy = _locked(committee, year)
    if cy.status != Status.SUBMITTED:
        raise ValidationError(_("Only a submitted year can be approved."), code="not_submitted")
    _check_seen(cy, committee, year, version)
    now = timezone.now()
    for value in year_values(committee, year).values():
        fields = ["status", "approved_by", "approved_at", "changed_since_approval", "updated_at"]
        if value.correction is not None:
            for f, v in value.proposed().items():
                setattr(value, f, v)
            value.correction = None
            if value.origin == IndicatorValue.Origin.DEMO:
                value.origin = IndicatorValue.Origin.ENTERED
            fields += [*EDITED_FIELDS, "correction", "origin"]
        value.status = Status.APPROVED
        value.approved_by = user
        value.approved_at = now
        value.changed_since_approval = False
        value._history_user = user
        value.save(update_fields=fields)
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
def values_return_year(*, committee, year, user, comment, version=None):
    """Send a submitted year, as the analyst saw it (`version`), back to the committee
    with a reason they will see; StaleReviewError when it changed since."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Say why the year is sent back.")}, code="no_comment")
    cy = _locked(committee, year)
    if cy.status != Status.SUBMITTED:
        raise ValidationError(_("Only a submitted year can be sent back."), code="not_submitted")
    _check_seen(cy, committee, year, version)
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
