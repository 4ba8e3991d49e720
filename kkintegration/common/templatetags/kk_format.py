"""Template filters for Danish numbers and amounts: {{ x|dk_number:1 }}, {{ x|dkk }}."""

from django import template

from kkintegration.common.formatting import danish_amount, danish_measure, danish_number

register = template.Library()


@register.filter
def dk_number(value, decimals=None):
    if value in (None, ""):
        return ""
    return danish_number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def dkk(value):
    return danish_amount(value)


@register.filter
def measure(value, unit):
    """A value with its unit, Danish style: "52 %", "9 pct.-point", "1.234"."""
    return danish_measure(value, unit)


@register.filter
def first_paragraph(text):
    return (text or "").strip().split("\n\n")[0]


@register.filter
def after_first_paragraph(text):
    parts = (text or "").strip().split("\n\n", 1)
    return parts[1] if len(parts) > 1 else ""


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "")


@register.filter
def startswith(text, prefix):
    return str(text or "").startswith(prefix)
