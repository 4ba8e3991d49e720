"""Model helpers every app uses: the year range and named check constraints."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

# Every year in the system (plan periods, values, funding years) lies in this range.
YEAR_MIN = 2000
YEAR_MAX = 2050
YEAR_VALIDATORS = [MinValueValidator(YEAR_MIN), MaxValueValidator(YEAR_MAX)]


def year_in_range(field_name, *, nullable=False):
    """A named CheckConstraint keeping `field_name` inside YEAR_MIN..YEAR_MAX."""
    condition = Q(**{f"{field_name}__gte": YEAR_MIN, f"{field_name}__lte": YEAR_MAX})
    if nullable:
        condition |= Q(**{f"{field_name}__isnull": True})
    return models.CheckConstraint(
        condition=condition,
        name=f"%(app_label)s_%(class)s_{field_name}_in_range",
        violation_error_message=format_lazy(
            _("The year must lie between {min} and {max}."), min=YEAR_MIN, max=YEAR_MAX
        ),
    )


def choice_constraint(field_name, choices):
    """A named CheckConstraint allowing only the values of a TextChoices class."""
    return models.CheckConstraint(
        condition=Q(**{f"{field_name}__in": choices.values}),
        name=f"%(app_label)s_%(class)s_{field_name}_valid",
        violation_error_message=_("Choose one of the listed values."),
    )


def non_negative(field_name, *, nullable=False):
    """A named CheckConstraint keeping an amount at 0 or more."""
    condition = Q(**{f"{field_name}__gte": 0})
    if nullable:
        condition |= Q(**{f"{field_name}__isnull": True})
    return models.CheckConstraint(
        condition=condition,
        name=f"%(app_label)s_%(class)s_{field_name}_non_negative",
        violation_error_message=_("An amount cannot be negative."),
    )
