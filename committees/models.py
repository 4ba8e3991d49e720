"""Committees, their administrations and their action plans."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kkintegration.common.models import YEAR_VALIDATORS, year_in_range

ASCII = str.maketrans({"Ø": "O", "Æ": "AE", "Å": "AA", "ø": "o", "æ": "ae", "å": "aa"})


def committee_slug(code):
    """The ASCII, lower-case form of a committee code used in URLs ("ØU" → "ou")."""
    return code.translate(ASCII).lower()


class Committee(models.Model):
    code = models.CharField(_("code"), max_length=12, unique=True, help_text=_("E.g. SUD or ØU."))
    slug = models.SlugField(
        _("web address"), max_length=20, unique=True, help_text=_("E.g. sud or ou.")
    )
    name = models.CharField(_("name"), max_length=200)
    administration_code = models.CharField(
        _("administration code"), max_length=5, help_text=_("E.g. SOF or ØKF.")
    )
    administration_name = models.CharField(_("administration"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    staff_members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff members"),
        blank=True,
        related_name="staff_committees",
        help_text=_("Staff who enter this committee's indicator values."),
    )
    history = HistoricalRecords(excluded_fields=["staff_members"])

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["order", "code"]

    def __str__(self):
        return f"{self.code} {self.name}"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = committee_slug(self.code)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("committees:plan", args=[self.slug])


class ActionPlan(models.Model):
    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="plans"
    )
    title = models.CharField(_("title"), max_length=300)
    period_start = models.PositiveSmallIntegerField(_("first year"), validators=YEAR_VALIDATORS)
    period_end = models.PositiveSmallIntegerField(_("last year"), validators=YEAR_VALIDATORS)
    source_reference = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("Document and pages the plan is from.")
    )
    introduction = models.TextField(_("introduction"), blank=True)
    challenges = models.TextField(_("challenges"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["committee__order", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "period_start"],
                name="unique_plan_per_committee_period",
                violation_error_message=_("This committee already has a plan for that period."),
            ),
            models.CheckConstraint(
                condition=Q(period_start__lte=F("period_end")),
                name="plan_period_start_before_end",
                violation_error_message=_("The first year must not be after the last year."),
            ),
            year_in_range("period_start"),
            year_in_range("period_end"),
        ]

    def __str__(self):
        return f"{self.committee.code} {self.period_start}–{self.period_end}"

    @property
    def years(self):
        return range(self.period_start, self.period_end + 1)


class PlanSection(models.Model):
    """A narrative section of a plan (e.g. equal opportunities), kept verbatim."""

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("action plan"), on_delete=models.CASCADE, related_name="sections"
    )
    heading = models.CharField(_("heading"), max_length=300)
    body = models.TextField(_("text"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan section")
        verbose_name_plural = _("plan sections")
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "order"], name="unique_section_order_per_plan"),
        ]

    def __str__(self):
        return self.heading


class DataVersion(models.Model):
    """How often the data behind the pages has changed: one row for the whole policy and
    one per committee, raised in the transaction of every change (`committees.versions`).

    Every process sees a new version exactly when the change is committed, and a rolled
    back change leaves none. Cached figures, workbooks and ETags are keyed by it.
    """

    scope = models.CharField(_("scope"), max_length=40, primary_key=True)
    version = models.PositiveBigIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self):
        return f"{self.scope}: {self.version}"


class LoginThrottle(models.Model):
    """Failed log-ins counted for one user name, one user name from one address, or one
    address (`committees.throttle`); a lock that has begun ends at `locked_until`."""

    key = models.CharField(_("key"), max_length=80, primary_key=True)
    scope = models.CharField(_("scope"), max_length=20)
    label = models.CharField(_("user name or address"), max_length=200)
    failures = models.PositiveIntegerField(_("failures in the window"), default=0)
    window_start = models.DateTimeField(_("first failure in the window"), null=True)
    locked_until = models.DateTimeField(_("locked until"), null=True, db_index=True)

    class Meta:
        verbose_name = _("log-in throttle")
        verbose_name_plural = _("log-in throttles")

    def __str__(self):
        return f"{self.scope}: {self.label}"
