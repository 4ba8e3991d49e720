"""Themes, objectives and numbered results targets (resultatmål) of a plan."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committees.models import ActionPlan, Committee


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
    title = models.CharField(
        _("title"),
        max_length=300,
        blank=True,
        help_text=_("The objective's heading as the plan or Bilag 2 gives it (“Målsætning 1”)."),
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
        return self.title or self.text[:80] or _("Objective %(order)s") % {"order": self.order}


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


class AppendixRow(models.Model):
    """One numbered row of Bilag 2 as the city council adopted it (the appendix covers six
    committees, "minus BIU"), in the appendix's own wording, with the plan targets it
    stands for. Loaded from fixtures/plans_2011_2014/bilag2.json; read-only in the admin."""

    committee = models.ForeignKey(
        Committee,
        verbose_name=_("committee"),
        on_delete=models.CASCADE,
        related_name="appendix_rows",
    )
    position = models.PositiveSmallIntegerField(
        _("position"), unique=True, help_text=_("The row's place in Bilag 2, from its first row.")
    )
    table = models.CharField(_("table"), max_length=300)
    heading = models.CharField(_("heading"), max_length=300, blank=True)
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("results target"), blank=True)
    indicator = models.TextField(_("indicator"), blank=True)
    activities = models.TextField(
        _("activities"), blank=True, help_text=_("One activity per line, as Bilag 2 prints them.")
    )
    targets = models.ManyToManyField(
        Target, verbose_name=_("results targets"), related_name="appendix_rows", blank=True
    )

    class Meta:
        verbose_name = _("Bilag 2 row")
        verbose_name_plural = _("Bilag 2 rows")
        ordering = ["position"]

    def __str__(self):
        return f"{self.table[:3].strip()} {self.number}: {(self.text or self.indicator)[:60]}"
