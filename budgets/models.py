"""Funding lines (økonomi): totals, per-year amounts, sources and financing status."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committees.models import ActionPlan
from goals.models import Target, Theme
from kkintegration.common.formatting import danish_amount
from kkintegration.common.models import (
    YEAR_VALIDATORS,
    choice_constraint,
    non_negative,
    year_in_range,
)

MONEY = {"max_digits": 14, "decimal_places": 2}


class Status(models.TextChoices):
    SEPARATE_APPROPRIATION = "separate_appropriation", _("needs a separate appropriation")
    BUDGET_PROCESS = "budget_process", _("already in the budget process")
    WITHIN_FRAME = "within_frame", _("financed within the existing frame")
    NOT_STATED = "not_stated", _("not stated")


class Qualifier(models.TextChoices):
    EXACT = "", _("as written, no qualifier")
    APPROX = "approx", _("approximately (“ca.”)")
    UP_TO = "up_to", _("a ceiling (“op til”)")
    PER_YEAR = "per_year", _("per year (“årligt”)")


class FundingLine(models.Model):
    """One row of a plan's funding table."""

    Status = Status

    Qualifier = Qualifier

    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("action plan"),
        on_delete=models.CASCADE,
        related_name="funding_lines",
    )
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="funding_lines",
    )
    activity = models.ForeignKey(
        # by name: activities sit above budgets (activities list their funding)
        "activities.Activity",
        verbose_name=_("activity"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="funding_lines",
    )
    name = models.TextField(_("name"))
    amount_text = models.CharField(
        _("amount as written"), max_length=200, blank=True, help_text=_('E.g. "49,2 mio. kr."')
    )
    total = models.DecimalField(
        _("total (DKK)"), **MONEY, null=True, blank=True, help_text=_("Empty when not calculated.")
    )
    qualifier = models.CharField(
        _("qualifier"),
        max_length=10,
        choices=Qualifier,
        default=Qualifier.EXACT,
        blank=True,
        help_text=_("The plan's word that qualifies the amount: “ca.”, “op til”, “årligt”."),
    )
    split_text = models.TextField(
        _("split as written"),
        blank=True,
        help_text=_('E.g. "12,3 mio. kr. årligt frem til 2014".'),
    )
    status = models.CharField(
        _("financing status"), max_length=30, choices=Status, default=Status.NOT_STATED
    )
    status_text = models.TextField(_("financing as written"), blank=True)
    no_amount_note = models.CharField(
        _("no amount"), max_length=200, blank=True, help_text=_('E.g. "Ikke beregnet".')
    )
    discrepancy_note = models.TextField(
        _("discrepancy"),
        blank=True,
        help_text=_("Where the source's own figures disagree, say how."),
    )
    note = models.TextField(_("note"), blank=True)
    dependent_targets = models.ManyToManyField(
        Target,
        verbose_name=_("targets depending on it"),
        blank=True,
        related_name="funding_dependencies",
        help_text=_("Targets that can only be met if this funding is granted."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords(m2m_fields=[dependent_targets])

    class Meta:
        verbose_name = _("funding line")
        verbose_name_plural = _("funding lines")
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "order"], name="unique_funding_order_per_plan"),
            choice_constraint("status", Status),
            choice_constraint("qualifier", Qualifier),
            non_negative("total", nullable=True),
        ]

    def __str__(self):
        return self.name[:90]

    @property
    def total_as_written(self):
        """The total with its precision and the plan's qualifier ("op til 60 mio. kr.")."""
        return danish_amount(self.total, self.qualifier)

    def years_sum(self):
        """Sum of the per-year amounts (Decimal), or None when there are none."""
        amounts = [y.amount for y in self.years.all()]
        return sum(amounts, Decimal(0)) if amounts else None

    def years_match_total(self):
        """False when both a total and per-year amounts are given and they differ."""
        years_sum = self.years_sum()
        return self.total is None or years_sum is None or years_sum == self.total


class FundingYear(models.Model):
    funding_line = models.ForeignKey(
        FundingLine, verbose_name=_("funding line"), on_delete=models.CASCADE, related_name="years"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    amount = models.DecimalField(_("amount (DKK)"), **MONEY)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("amount per year")
        verbose_name_plural = _("amounts per year")
        ordering = ["funding_line", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["funding_line", "year"],
                name="unique_funding_year",
                violation_error_message=_("This funding line already has an amount for that year."),
            ),
            year_in_range("year"),
            non_negative("amount"),
        ]

    def __str__(self):
        return f"{self.year}: {self.amount}"


class FundingSource(models.Model):
    funding_line = models.ForeignKey(
        FundingLine,
        verbose_name=_("funding line"),
        on_delete=models.CASCADE,
        related_name="sources",
    )
    name = models.CharField(_("source"), max_length=300)
    amount = models.DecimalField(_("amount (DKK)"), **MONEY, null=True, blank=True)
    state_pool = models.BooleanField(
        _("state pool"),
        default=False,
        help_text=_("The money comes from a state pool (Satspuljen, Socialministeriet)."),
    )
    note = models.TextField(_("note"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        ordering = ["funding_line", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["funding_line", "order"], name="unique_source_order_per_line"
            ),
            non_negative("amount", nullable=True),
        ]

    def __str__(self):
        return self.name
