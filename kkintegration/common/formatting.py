"""Danish number formatting, used by pages and exports alike (1.234,5; 49,2 mio. kr.)."""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MILLION = Decimal(1_000_000)


def danish_number(value, decimals=None):
    """Format a number the Danish way: thousands with '.', decimals with ','.

    `decimals=None` keeps the value's own decimals, without trailing zeros.
    """
    if value is None:
        return ""
    value = Decimal(value)
    if decimals is None:
        value = value.normalize()
        decimals = max(-value.as_tuple().exponent, 0)
    quantum = Decimal(1).scaleb(-decimals)
    value = value.quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    whole, _, fraction = f"{abs(value):.{decimals}f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = ".".join(groups)
    return f"{sign}{text},{fraction}" if fraction else f"{sign}{text}"


def danish_amount(value):
    """An amount in DKK: "49,2 mio. kr." from one million up, else "300.000 kr."."""
    if value is None:
        return ""
    value = Decimal(value)
    if abs(value) >= MILLION:
        return f"{danish_number(value / MILLION, 1)} mio. kr."
    return f"{danish_number(value, 0)} kr."


UNIT_SUFFIX = {"percent": " %", "percentage_points": " pct.-point"}


def danish_measure(value, unit):
    """A value with its unit, Danish style: "52 %", "9 pct.-point", "1.234", "2,5 mio. kr."."""
    if value is None or value == "":
        return ""
    if unit == "dkk":
        return danish_amount(value)
    return f"{danish_number(value)}{UNIT_SUFFIX.get(unit, '')}"


# --- Reading numbers the way staff type them: "12,5", "12.5", "1.234,5", "−3" ---------

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


# What a spreadsheet may read as the start of a formula (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "\u2212", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[-+\u2212]?\d[\d.,]*( ?%)?")


def spreadsheet_text(value):
    """A text field as a spreadsheet will read it as text: one that could start a formula
    ("=", "+", "-", "−", "@", tab, carriage return) is prefixed with an apostrophe, as
    OWASP advises; plain numbers such as "-5,2" and everything not a string stay as they are."""
    formula_like = isinstance(value, str) and value.startswith(FORMULA_STARTS)
    if formula_like and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value
