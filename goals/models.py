"""Themes, objectives and numbered results targets (resultatmål) of a plan."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committees.models import ActionPlan


class Theme(models.Model):
    """A grouping inside a plan (fagområde / indsatsområde), e.g. "Hjemløshed"."""

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("action plan"), on_delete=models.CASCADE, related_name="themes"
    )
    slug = models.SlugField(_("key"), max_length=80)
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "slug"], name="unique_theme_slug_per_plan"),
        ]

    def __str__(self):
        return self.name


class Objective(models.Model):
    """An overall aim (målsætning) of a plan or theme."""

    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("action plan"),
        on_delete=models.CASCADE,
        related_name="objectives",
    )
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="objectives",
    )
    text = models.TextField(_("objective"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "order"], name="unique_objective_order_per_plan"
            ),
        ]

    def __str__(self):
        return self.text[:80] or _("Objective %(order)s") % {"order": self.order}


class Target(models.Model):
    """A numbered results target (resultatmål) under an objective."""

    objective = models.ForeignKey(
        Objective, verbose_name=_("objective"), on_delete=models.CASCADE, related_name="targets"
    )
    number = models.PositiveSmallIntegerField(
        _("number"), help_text=_("The plan's own number for the target.")
    )
    text = models.TextField(_("results target"))
    reservation = models.TextField(
        _("reservation"),
        blank=True,
        help_text=_(
            'Dependency on funding, e.g. "NB: Resultatmål 1 og 2 afhænger af bevillingen".'
        ),
    )
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("results target")
        verbose_name_plural = _("results targets")
        ordering = ["objective__plan", "objective__order", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["objective", "number"],
                name="unique_target_number_per_objective",
                violation_error_message=_("This objective already has a target with that number."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="target_number_positive",
                violation_error_message=_("The target number must be 1 or more."),
            ),
        ]

    def __str__(self):
        return _("Target %(number)s: %(text)s") % {"number": self.number, "text": self.text[:70]}

    @property
    def plan(self):
        return self.objective.plan
