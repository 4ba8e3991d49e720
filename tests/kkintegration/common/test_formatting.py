"""Danish numbers as every page, CSV and workbook writes them, and as staff type them."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from kkintegration.common.formatting import (
    danish_amount,
    danish_measure,
    danish_number,
    parse_number,
    spreadsheet_text,
)


@pytest.mark.parametrize(
    ("value", "decimals", "shown"),
    [
        (Decimal("1234.5"), None, "1.234,5"),
        (Decimal("1234567"), None, "1.234.567"),
        (Decimal("12.50"), None, "12,5"),  # no trailing zeros of its own
        (Decimal("12.5"), 2, "12,50"),
        (Decimal("0.05"), 1, "0,1"),  # half up, as people round
        (Decimal("-2.25"), 1, "-2,3"),
        (Decimal("-0.3"), None, "-0,3"),
        (0, None, "0"),
        (Decimal("999.95"), 1, "1.000,0"),
        (None, None, ""),
    ],
)
def test_danish_number(value, decimals, shown):
    assert danish_number(value, decimals) == shown


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (Decimal("49200000"), "49,2 mio. kr."),
        (Decimal("1000000"), "1,0 mio. kr."),
        (Decimal("300000"), "300.000 kr."),
        (Decimal("999.50"), "1.000 kr."),
        (None, ""),
    ],
)
def test_danish_amount(amount, shown):
    assert danish_amount(amount) == shown


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (Decimal("52"), "percent", "52 %"),
        (Decimal("9"), "percentage_points", "9 pct.-point"),
        (Decimal("1234"), "count", "1.234"),
        (Decimal("2500000"), "dkk", "2,5 mio. kr."),
        (Decimal("61.5"), "score", "61,5"),
        (None, "percent", ""),
    ],
)
def test_danish_measure(value, unit, shown):
    assert danish_measure(value, unit) == shown


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("12,5", Decimal("12.5")),
        ("12.5", Decimal("12.5")),
        ("1.234,5", Decimal("1234.5")),
        (" 7 ", Decimal("7")),
        ("−3", Decimal("-3")),
        ("45 %", Decimal("45")),
        ("1 234", Decimal("1234")),
        (3, Decimal("3")),
        (2.5, Decimal("2.5")),
    ],
)
def test_parse_number_reads_what_staff_type(typed, read):
    assert parse_number(typed) == read


@pytest.mark.parametrize("typed", ["", "tolv", "1,2,3", "12.5.6", "--1"])
def test_parse_number_explains_in_danish_what_it_cannot_read(typed):
    with pytest.raises(ValidationError) as refused:
        parse_number(typed)
    message = " ".join(refused.value.messages)
    assert "tal" in message  # "Skriv et tal" / "… er ikke et tal"


@pytest.mark.parametrize(
    "text, written",
    [
        ("=1+1", "'=1+1"),
        ("+45 1234", "'+45 1234"),
        ("-1+1", "'-1+1"),
        ("\u2212x", "'\u2212x"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-5,2", "-5,2"),
        ("+12 %", "+12 %"),
        ("Skoler", "Skoler"),
        ("", ""),
        (None, None),
        (2012, 2012),
    ],
)
def test_spreadsheet_text_neutralises_what_could_start_a_formula(text, written):
    assert spreadsheet_text(text) == written
