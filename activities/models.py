"""Activities (aktiviteter / indsatser) carried out for one or more targets."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committees.models import ActionPlan
from goals.models import Target, Theme
from kkintegration.common.models import YEAR_VALIDATORS, choice_constraint, year_in_range


class Status(models.TextChoices):
    PLANNED = "planned", _("planned")
    ONGOING = "ongoing", _("ongoing")
    COMPLETED = "completed", _("completed")
    NOT_STATED = "not_stated", _("not stated")


class Activity(models.Model):
    Status = Status

    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("action plan"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
    )
    name = models.TextField(_("name"))
    description = models.TextField(_("description"), blank=True)
    targets = models.ManyToManyField(
        Target, verbose_name=_("results targets"), blank=True, related_name="activities"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.NOT_STATED)
    start_year = models.PositiveSmallIntegerField(
        _("first year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    end_year = models.PositiveSmallIntegerField(
        _("last year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords(m2m_fields=[targets])

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "order"], name="unique_activity_order_per_plan"
            ),
            choice_constraint("status", Status),
            year_in_range("start_year", nullable=True),
            year_in_range("end_year", nullable=True),
            models.CheckConstraint(
                condition=Q(start_year__isnull=True)
                | Q(end_year__isnull=True)
                | Q(start_year__lte=F("end_year")),
                name="activity_start_before_end",
                violation_error_message=_("The first year must not be after the last year."),
            ),
        ]

    def __str__(self):
        return self.name[:90]
