"""Reading numbers the way staff type them: "12,5", "12.5", "1.234,5", "−3"."""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import Indicator

_SPACES = re.compile(r"[\s\u00a0\u202f]")


def parse_number(text):
    """A Decimal from Danish or English notation, or ValidationError with a Danish message."""
    if isinstance(text, (int, Decimal)) and not isinstance(text, bool):
        return Decimal(text)
    if isinstance(text, float):
        return Decimal(repr(text))
    raw = _SPACES.sub("", str(text or "")).replace("−", "-").rstrip("%")
    if not raw:
        raise ValidationError(_("Enter a number."), code="empty")
    if "," in raw and "." in raw:
        raw = raw.replace(".", "").replace(",", ".")  # 1.234,5
    elif "," in raw:
        raw = raw.replace(",", ".")  # 12,5
    if not re.fullmatch(r"-?\d+(\.\d+)?", raw):
        raise ValidationError(
            _("“%(text)s” is not a number. Write e.g. 12,5."),
            code="invalid",
            params={"text": str(text)[:40]},
        )
    try:
        return Decimal(raw)
    except InvalidOperation:  # pragma: no cover - the pattern above already excludes it
        raise ValidationError(_("Enter a number."), code="invalid") from None


def check_value(value, unit):
    """Check a value against its indicator's unit; raise ValidationError in Danish."""
    if abs(value) >= Decimal("1e12"):
        raise ValidationError(_("The number is too large."), code="too_large")
    if value.as_tuple().exponent < -4:
        raise ValidationError(_("Use at most four decimals."), code="decimals")
    if unit == Indicator.Unit.PERCENT and not 0 <= value <= 100:
        raise ValidationError(_("A percentage must lie between 0 and 100."), code="percent")
    if unit == Indicator.Unit.COUNT and (value < 0 or value != value.to_integral()):
        raise ValidationError(_("A count must be a whole number, 0 or more."), code="count")
    if unit == Indicator.Unit.DKK and value < 0:
        raise ValidationError(_("An amount cannot be negative."), code="negative")
    return value
