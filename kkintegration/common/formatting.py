"""Danish number formatting, used by pages and exports alike (1.234,5; 49,2 mio. kr.)."""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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


def danish_amount(value, qualifier=""):
    """An amount in DKK as written, with all its precision: "49,2 mio. kr.", "5,75 mio. kr.",
    "32.172.000 kr." (a million amount with more than two decimals in millions is written
    in whole kroner), "300.000 kr."; `qualifier` keeps the plan's word: "approx" ("ca."),
    "up_to" ("op til"), "per_year" ("… årligt")."""
    if value is None:
        return ""
    value = Decimal(value)
    millions = (value / MILLION).normalize()
    if abs(value) >= MILLION and -millions.as_tuple().exponent <= 2:
        text = f"{danish_number(millions)} mio. kr."
    else:
        text = f"{danish_number(value, 0 if value == value.to_integral() else 2)} kr."
    prefix = {"approx": "ca. ", "up_to": "op til "}.get(qualifier, "")
    suffix = " årligt" if qualifier == "per_year" else ""
    return f"{prefix}{text}{suffix}"


UNIT_SUFFIX = {"percent": " %", "percentage_points": " pct.-point"}


def unit_words(unit):
    """The unit as a sentence writes it after a figure: "%", "procentpoint", "" (counts)."""
    return {
        "percent": "%",
        "percentage_points": _("percentage points"),
        "dkk": "kr.",
        "score": _("points (score)"),
    }.get(unit, "")


def danish_measure(value, unit):
    """A value with its unit, Danish style: "52 %", "9 pct.-point", "1.234", "2,5 mio. kr."."""
    if value is None or value == "":
        return ""
    if unit == "dkk":
        return danish_amount(value)
    return f"{danish_number(value)}{UNIT_SUFFIX.get(unit, '')}"


def input_number(value):
    """A number as an input field shows it: decimal comma, no thousands separator ("1234,5").

    What `parse_number` reads back is exactly the same number.
    """
    if value is None or value == "":
        return ""
    value = Decimal(value).normalize()
    decimals = max(-value.as_tuple().exponent, 0)
    text = f"{value:.{decimals}f}"
    if text.startswith("-"):
        text = "-" + text[1:] if Decimal(text) != 0 else text[1:]
    return text.replace(".", ",")


# --- Reading numbers the way staff type them: one written rule ---------------------------
#
# The comma is the decimal sign. A dot followed by exactly three digits groups thousands
# ("1.000" is one thousand, "1.234.567,5" too); any other dot is a decimal sign, so "12.5"
# and "0.125" are still read the English way. Spaces also group thousands.

NUMBER_RULE = gettext_lazy(
    "Comma is the decimal sign (12,5). A dot followed by exactly three digits groups "
    "thousands (1.000 is one thousand); 12.5 is read as 12,5."
)

_SPACES = re.compile(r"[\s\u00a0\u202f]")
_GROUPED = re.compile(r"-?[1-9]\d{0,2}(\.\d{3})+")
_DANISH = re.compile(r"-?(\d+|[1-9]\d{0,2}(\.\d{3})+)(,\d+)?")
_ENGLISH = re.compile(r"-?\d+(\.\d+)?")


def parse_number(text):
    """A Decimal read by the one rule above, or ValidationError with a Danish message."""
    if isinstance(text, (int, Decimal)) and not isinstance(text, bool):
        return Decimal(text)
    if isinstance(text, float):
        return Decimal(repr(text))
    raw = _SPACES.sub("", str(text or "")).replace("\u2212", "-").rstrip("%")
    if not raw:
        raise ValidationError(_("Enter a number."), code="empty")
    if "," in raw or _GROUPED.fullmatch(raw):
        if not _DANISH.fullmatch(raw):
            raise _not_a_number(text)
        raw = raw.replace(".", "").replace(",", ".")
    elif not _ENGLISH.fullmatch(raw):
        raise _not_a_number(text)
    try:
        return Decimal(raw)
    except InvalidOperation:  # pragma: no cover - the patterns above already exclude it
        raise ValidationError(_("Enter a number."), code="invalid") from None


def _not_a_number(text):
    return ValidationError(
        _("“%(text)s” is not a number. Write e.g. 12,5."),
        code="invalid",
        params={"text": str(text)[:40]},
    )


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
