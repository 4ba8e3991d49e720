"""Indicators, the breakdowns they are reported by, and their yearly values."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from goals.models import Objective, Target
from kkintegration.common.formatting import danish_measure, danish_number, unit_words
from kkintegration.common.models import YEAR_VALIDATORS, choice_constraint, year_in_range

VALUE_DIGITS = {"max_digits": 16, "decimal_places": 4}


class Unit(models.TextChoices):
    PERCENT = "percent", _("per cent (%)")
    PERCENTAGE_POINTS = "percentage_points", _("percentage points")
    COUNT = "count", _("count")
    DKK = "dkk", _("DKK")
    SCORE = "score", _("score")
    TEXT = "text", _("no numeric unit")


class Direction(models.TextChoices):
    INCREASE = "increase", _("increase")
    DECREASE = "decrease", _("decrease")
    CLOSE_GAP = "close_gap", _("close the gap")
    AT_LEAST = "at_least", _("keep at least")
    AT_MOST = "at_most", _("keep at most")
    MAINTAIN = "maintain", _("maintain")
    UNSPECIFIED = "unspecified", _("not specified")


class IndicatorQuerySet(models.QuerySet):
    def with_plan(self):
        """Indicators with objective, theme, plan, committee and target joined in (1 query).

        The plans' and themes' long texts are left out: every indicator would carry its
        own copy of them, and nothing reached through an indicator shows them.
        """
        return (
            self.select_related("objective__plan__committee", "objective__theme", "target")
            .defer(
                "objective__plan__introduction",
                "objective__plan__challenges",
                "objective__theme__description",
            )
            .order_by("objective__plan__committee__order", "objective__order", "order")
        )

    def in_barometer(self):
        """Indicators followed in the integration barometer (no query until evaluated)."""
        return self.filter(in_barometer=True)


def goal_text(ind):
    """The target as the tables write it: a level, a relative change, a change per year, or
    the direction alone; the year only where the plan gives one."""
    when = f" ({ind.target_year})" if ind.target_year else ""
    up = ind.direction in ("increase", "at_least", "maintain")
    if ind.annual_change is not None:
        step = danish_number(abs(ind.annual_change))
        unit = unit_words(ind.unit if ind.unit != "percent" else "percentage_points")
        return (
            gettext("%(sign)s%(step)s %(unit)s a year")
            % {
                "sign": "+" if up else "−",
                "step": step,
                "unit": unit,
            }
            + when
        )
    if ind.target_value is not None and ind.target_is_relative:
        return (
            gettext("%(sign)s%(n)s %% of the start")
            % {
                "sign": "+" if up else "−",
                "n": danish_number(ind.target_value),
            }
            + when
        )
    if ind.target_value is not None:
        return danish_measure(ind.target_value, ind.unit) + when
    return gettext("direction: %(direction)s") % {"direction": str(Direction(ind.direction).label)}


class Indicator(models.Model):
    """How a target is measured: unit, direction, baseline, target and source."""

    Unit = Unit

    Direction = Direction

    objective = models.ForeignKey(
        Objective, verbose_name=_("objective"), on_delete=models.CASCADE, related_name="indicators"
    )
    target = models.ForeignKey(
        Target,
        verbose_name=_("results target"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        help_text=_("Empty for an indicator of the objective as a whole."),
    )
    number = models.CharField(
        _("number"), max_length=10, blank=True, help_text=_("The plan's label, if it numbers it.")
    )
    text = models.TextField(_("indicator"))
    unit = models.CharField(_("unit"), max_length=20, choices=Unit, default=Unit.PERCENT)
    direction = models.CharField(
        _("direction"), max_length=20, choices=Direction, default=Direction.UNSPECIFIED
    )
    baseline_value = models.DecimalField(_("baseline value"), **VALUE_DIGITS, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(
        _("baseline year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    baseline_text = models.TextField(
        _("baseline as written"), blank=True, help_text=_("The plan's own words for the baseline.")
    )
    target_value = models.DecimalField(_("target value"), **VALUE_DIGITS, null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(
        _("target year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    target_text = models.TextField(
        _("target as written"), blank=True, help_text=_("The plan's own words for the target.")
    )
    annual_change = models.DecimalField(
        _("change per year"),
        **VALUE_DIGITS,
        null=True,
        blank=True,
        help_text=_('A per-year target, e.g. 2 for "2 procentpoint om året".'),
    )
    data_source = models.CharField(_("data source"), max_length=300, blank=True)
    in_barometer = models.BooleanField(
        _("in the barometer"),
        default=True,
        help_text=_("Whether the indicator is followed in the integration barometer."),
    )
    not_measurable_note = models.TextField(
        _("why not measurable"),
        blank=True,
        help_text=_('The plan\'s words where it gives no measurable target, e.g. "Ingen".'),
    )
    gap_minuend_group = models.CharField(
        _("gap: first group"),
        max_length=200,
        blank=True,
        help_text=_("For gap indicators: gap = value of the first group − value of the second."),
    )
    gap_subtrahend_group = models.CharField(_("gap: second group"), max_length=200, blank=True)
    disadvantaged_group = models.CharField(
        _("disadvantaged group"),
        max_length=200,
        blank=True,
        help_text=_(
            "For gaps: the group that is behind. The gap is its shortfall: positive while it "
            "is behind, negative once the gap has reversed."
        ),
    )
    decimals = models.PositiveSmallIntegerField(
        _("published precision (decimals)"),
        default=1,
        help_text=_("The decimals the figures are published with; a direction is judged on them."),
    )
    target_is_relative = models.BooleanField(
        _("relative target"),
        default=False,
        help_text=_(
            "The target is a change in per cent of the baseline (“øges med 50 %”), not a level."
        ),
    )
    reading_note = models.TextField(
        _("reading note"),
        blank=True,
        help_text=_("How an ambiguous plan text has been read; shown with the indicator."),
    )
    derived_fields = models.JSONField(
        _("derived fields"),
        default=list,
        blank=True,
        help_text=_(
            "Names of the fields the loader derived from the plan's words rather than read "
            "as figures (e.g. target_value 0 for “lige så meget som”)."
        ),
    )
    derived_note = models.TextField(
        _("how the derived fields were read"),
        blank=True,
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["objective", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["objective", "order"], name="unique_indicator_order_per_objective"
            ),
            choice_constraint("unit", Unit),
            choice_constraint("direction", Direction),
            year_in_range("baseline_year", nullable=True),
            year_in_range("target_year", nullable=True),
            models.CheckConstraint(
                condition=~Q(unit="percent")
                | (
                    (
                        Q(baseline_value__isnull=True)
                        | Q(baseline_value__gte=0, baseline_value__lte=100)
                    )
                    & (Q(target_value__isnull=True) | Q(target_value__gte=0, target_value__lte=100))
                ),
                name="indicator_percentages_within_0_100",
                violation_error_message=_("Percentages must lie between 0 and 100."),
            ),
            models.CheckConstraint(
                condition=Q(baseline_year__isnull=True)
                | Q(target_year__isnull=True)
                | Q(baseline_year__lte=F("target_year")),
                name="indicator_baseline_before_target",
                violation_error_message=_("The baseline year must not be after the target year."),
            ),
            models.CheckConstraint(
                condition=Q(disadvantaged_group="")
                | Q(gap_minuend_group="")
                | Q(disadvantaged_group=F("gap_minuend_group"))
                | Q(disadvantaged_group=F("gap_subtrahend_group")),
                name="indicator_disadvantaged_is_a_gap_group",
                violation_error_message=_(
                    "The disadvantaged group must be one of the gap's two groups."
                ),
            ),
            models.CheckConstraint(
                condition=Q(decimals__lte=4),
                name="indicator_decimals_at_most_4",
                violation_error_message=_("At most 4 decimals."),
            ),
            models.CheckConstraint(
                condition=(Q(gap_minuend_group="") & Q(gap_subtrahend_group=""))
                | (~Q(gap_minuend_group="") & ~Q(gap_subtrahend_group="")),
                name="indicator_gap_groups_both_or_neither",
                violation_error_message=_("A gap needs both groups, or neither."),
            ),
        ]

    def __str__(self):
        return self.text[:90]

    def save(self, *args, **kwargs):
        if self.objective_id is None and self.target_id is not None:
            self.objective_id = self.target.objective_id
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.target_id and self.objective_id and self.target.objective_id != self.objective_id:
            raise ValidationError(
                {"target": _("The results target must belong to the indicator's objective.")}
            )

    @property
    def plan(self):
        return self.objective.plan

    @property
    def is_gap(self):
        return bool(self.gap_minuend_group)

    @property
    def value_unit(self):
        """The unit values are entered in: a gap in points is measured from group shares."""
        if self.is_gap and self.unit == Unit.PERCENTAGE_POINTS:
            return Unit.PERCENT
        return self.unit

    @property
    def is_measurable(self):
        """Whether the indicator can be judged: a direction is enough (with or without a
        figure); only an indicator without one is "not measurable"."""
        return self.direction != self.Direction.UNSPECIFIED and self.unit != self.Unit.TEXT

    @property
    def judges_a_gap(self):
        """Whether the indicator's value is a gap between groups (a shortfall)."""
        return self.is_gap or self.direction == self.Direction.CLOSE_GAP

    @property
    def goal_text(self):
        return goal_text(self)

    def is_derived(self, field_name):
        return field_name in (self.derived_fields or ())


class Sex(models.TextChoices):
    ALL = "all", _("all")
    MALE = "male", _("boys/men")
    FEMALE = "female", _("girls/women")


class Breakdown(models.Model):
    """One reported series of an indicator: a group and a sex ("" and all = the total)."""

    Sex = Sex

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="breakdowns"
    )
    group = models.CharField(
        _("group"),
        max_length=200,
        blank=True,
        help_text=_("E.g. two-language pupils; empty for the whole population."),
    )
    sex = models.CharField(_("sex"), max_length=10, choices=Sex, default=Sex.ALL)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("breakdown")
        verbose_name_plural = _("breakdowns")
        ordering = ["indicator", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "group", "sex"],
                name="unique_breakdown_per_indicator",
                violation_error_message=_("This indicator already has that breakdown."),
            ),
            choice_constraint("sex", Sex),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self):
        if not self.group and self.sex == self.Sex.ALL:
            return str(_("Total"))
        if self.sex == self.Sex.ALL:
            return self.group
        return f"{self.group}, {self.get_sex_display()}" if self.group else self.get_sex_display()


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    APPROVED = "approved", _("approved")
    RETURNED = "returned", _("returned")


class Origin(models.TextChoices):
    PLAN = "plan", _("from the action plan")
    ENTERED = "entered", _("entered by staff")
    DEMO = "demo", _("demo value")


class IndicatorValueQuerySet(models.QuerySet):
    def approved(self):
        """Approved values with a number: the only values shown outside data entry."""
        return self.filter(status=Status.APPROVED, value__isnull=False)


class IndicatorValue(models.Model):
    """The value of one breakdown of an indicator in one year, with its workflow status."""

    Status = Status

    Origin = Origin

    breakdown = models.ForeignKey(
        Breakdown, verbose_name=_("breakdown"), on_delete=models.PROTECT, related_name="values"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    value = models.DecimalField(_("value"), **VALUE_DIGITS, null=True, blank=True)
    no_data_reason = models.TextField(
        _("reason for no data"), blank=True, help_text=_("Required when there is no value.")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    origin = models.CharField(_("origin"), max_length=10, choices=Origin, default=Origin.ENTERED)
    source = models.CharField(_("source"), max_length=300, blank=True)
    is_provisional = models.BooleanField(
        _("provisional"), default=False, help_text=_("The figure may still change.")
    )
    changed_since_approval = models.BooleanField(_("changed since approval"), default=False)
    comment = models.TextField(_("comment"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    correction = models.JSONField(
        _("correction waiting for approval"),
        null=True,
        blank=True,
        help_text=_(
            "What staff entered to replace an approved value. The approved value stays "
            "public until BIF approves the correction."
        ),
    )
    history = HistoricalRecords()

    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["breakdown", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["breakdown", "year"],
                name="unique_value_per_breakdown_year",
                violation_error_message=_(
                    "This indicator already has a value for that year and breakdown."
                ),
            ),
            year_in_range("year"),
            choice_constraint("status", Status),
            choice_constraint("origin", Origin),
            models.CheckConstraint(
                # a draft may be left empty; anything submitted has a value or a reason
                condition=Q(value__isnull=False) | ~Q(no_data_reason="") | Q(status="draft"),
                name="value_or_no_data_reason",
                violation_error_message=_("Enter a value, or give a reason why there is none."),
            ),
        ]
        indexes = [models.Index(fields=["status", "year"], name="value_status_year_idx")]

    def __str__(self):
        return f"{self.breakdown.indicator} · {self.breakdown.label} · {self.year}"

    def clean(self):
        super().clean()
        # the constraint value_or_no_data_reason, in words (services skip its query)
        if self.value is None and not self.no_data_reason and self.status != Status.DRAFT:
            raise ValidationError(_("Enter a value, or give a reason why there is none."))
        if self.value is not None and self.breakdown_id is not None:
            try:
                check_value(self.value, self.breakdown.indicator.value_unit)
            except ValidationError as exc:
                raise ValidationError({"value": exc.messages}) from None

    @property
    def indicator(self):
        return self.breakdown.indicator

    def proposed(self):
        """The fields as staff last entered them: the correction if one waits, else its own."""
        if self.correction is None:
            return {f: getattr(self, f) for f in EDITED_FIELDS}
        fields = dict(self.correction)
        fields["value"] = None if fields.get("value") is None else Decimal(fields["value"])
        return fields


# what staff enter for a value; a correction of an approved value holds these
EDITED_FIELDS = ["value", "no_data_reason", "comment", "source", "is_provisional"]


class ReportingRound(models.Model):
    """A reporting year: when the committees' values for that year are due."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True, validators=YEAR_VALIDATORS)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reporting year")
        verbose_name_plural = _("reporting years")
        ordering = ["year"]
        constraints = [year_in_range("year")]

    def __str__(self):
        return str(self.year)


class CommitteeYear(models.Model):
    """One committee's values for one year, as a unit of entry, submission and approval."""

    Status = Status

    committee = models.ForeignKey(
        "committees.Committee",
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        related_name="entry_years",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    return_comment = models.TextField(
        _("reason for returning"), blank=True, help_text=_("Shown to the committee's staff.")
    )
    changed_since_approval = models.BooleanField(_("changed since approval"), default=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last saved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    version = models.PositiveIntegerField(
        _("version"), default=0, help_text=_("Raised by every save; guards against lost updates.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("committee year")
        verbose_name_plural = _("committee years")
        ordering = ["committee__order", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year"],
                name="unique_committee_year",
                violation_error_message=_("This committee already has an entry for that year."),
            ),
            year_in_range("year"),
            choice_constraint("status", Status),
        ]

    def __str__(self):
        return f"{self.committee.code} {self.year}"


def import_upload_path(instance, filename):
    return f"imports/{instance.committee.slug}/{instance.year}/{filename}"


class ImportState(models.TextChoices):
    PREVIEW = "preview", _("waiting for confirmation")
    APPLIED = "applied", _("applied")
    REJECTED = "rejected", _("rejected")
    CONFLICT = "conflict", _("not applied: the year changed meanwhile")


class ValueImport(models.Model):
    """An uploaded Excel template, kept for audit whether it was applied or not."""

    State = ImportState

    committee = models.ForeignKey(
        "committees.Committee",
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        related_name="imports",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    file = models.FileField(_("file"), upload_to=import_upload_path)
    original_name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    state = models.CharField(
        _("state"), max_length=10, choices=ImportState, default=ImportState.PREVIEW
    )
    base_version = models.PositiveIntegerField(_("version when uploaded"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    changes = models.JSONField(_("changes"), default=list, blank=True)
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)

    class Meta:
        verbose_name = _("value import")
        verbose_name_plural = _("value imports")
        ordering = ["-uploaded_at"]
        constraints = [year_in_range("year"), choice_constraint("state", ImportState)]

    def __str__(self):
        return f"{self.committee.code} {self.year}: {self.original_name}"


def check_value(value, unit):
    """Check a value against its indicator's unit; raise ValidationError in Danish."""
    if abs(value) >= Decimal("1e12"):
        raise ValidationError(_("The number is too large."), code="too_large")
    if value.as_tuple().exponent < -4:
        raise ValidationError(_("Use at most four decimals."), code="decimals")
    if unit == Unit.PERCENT and not 0 <= value <= 100:
        raise ValidationError(_("A percentage must lie between 0 and 100."), code="percent")
    if unit == Unit.COUNT and (value < 0 or value != value.to_integral()):
        raise ValidationError(_("A count must be a whole number, 0 or more."), code="count")
    if unit == Unit.DKK and value < 0:
        raise ValidationError(_("An amount cannot be negative."), code="negative")
    return value
