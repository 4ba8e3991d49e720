"""Template filters for Danish numbers and amounts: {{ x|dk_number:1 }}, {{ x|dkk }}."""

import re

from django import template
from django.utils.html import format_html, format_html_join

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
def table_body(table):
    """The rows of a chart's DataTable as <tr>s: the first cell a row heading, the others
    Danish numbers, "–" where empty. One filter instead of a template node per cell: the
    dashboard's tables hold thousands of cells."""
    return _rows(table, danish_number)


@register.filter
def money_table_body(table):
    """The rows of a DataTable of amounts, as `table_body` (amounts in DKK)."""
    return _rows(table, danish_amount)


def _rows(table, number):
    def cell(v):
        return "–" if v is None else number(v)

    return format_html_join(
        "",
        "<tr>{}</tr>",
        (
            (
                format_html(
                    '<th scope="row">{}</th>{}',
                    row[0],
                    format_html_join("", '<td class="num">{}</td>', ((cell(v),) for v in row[1:])),
                ),
            )
            for row in table.rows
        ),
    )


@register.filter
def first_paragraph(text):
    return (text or "").strip().split("\n\n")[0]


@register.filter
def after_first_paragraph(text):
    parts = (text or "").strip().split("\n\n", 1)
    return parts[1] if len(parts) > 1 else ""


@register.filter
def first_sentence(text):
    """A heading from a long text: its first sentence, whole (never cut mid-sentence)."""
    text = " ".join((text or "").split())
    match = _SENTENCE_END.search(text)
    return text[: match.start() + 1] if match else text


_SENTENCE_END = re.compile(r"[.!?:](?=\s+[A-ZÆØÅ0-9])")


@register.filter
def provisional_in(row, year):
    """Whether an indicator row's value of `year` is provisional."""
    return row.is_provisional(year)


@register.filter
def demo_in(row, year):
    """Whether an indicator row's value of `year` is a demo value."""
    return row.is_demo(year)


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "")


@register.filter
def startswith(text, prefix):
    return str(text or "").startswith(prefix)
