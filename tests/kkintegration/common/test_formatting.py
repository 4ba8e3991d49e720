"""Danish numbers as every page, CSV and workbook writes them, and as staff type them."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.models import check_value
from kkintegration.common.formatting import (
    NUMBER_RULE,
    danish_amount,
    danish_measure,
    danish_number,
    input_number,
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
        (Decimal("1000000"), "1 mio. kr."),
        (Decimal("5750000"), "5,75 mio. kr."),
        (Decimal("32172000"), "32.172.000 kr."),
        (Decimal("300000"), "300.000 kr."),
        (Decimal("999.50"), "999,50 kr."),
        (None, ""),
    ],
)
def test_danish_amount(amount, shown):
    assert danish_amount(amount) == shown


def test_amounts_keep_the_plans_qualifiers():
    assert danish_amount(Decimal("63000000"), "approx") == "ca. 63 mio. kr."
    assert danish_amount(Decimal("60000000"), "up_to") == "op til 60 mio. kr."
    assert danish_amount(Decimal("8250000"), "per_year") == "8,25 mio. kr. årligt"


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


# --- One written rule: what a field shows is read back as the same number ---------------


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("1.000", Decimal("1000")),  # a dot before exactly three digits groups thousands
        ("2.000", Decimal("2000")),
        ("1.234.567", Decimal("1234567")),
        ("-1.000", Decimal("-1000")),
        ("1.234,25", Decimal("1234.25")),
        ("12.5", Decimal("12.5")),  # any other dot is still a decimal sign
        ("1.2345", Decimal("1.2345")),
        ("0.125", Decimal("0.125")),  # a leading zero groups nothing
        ("1000", Decimal("1000")),
    ],
)
def test_a_dot_groups_thousands_only_before_exactly_three_digits(typed, read):
    assert parse_number(typed) == read


@pytest.mark.parametrize("typed", ["1.23,5", "1.2345,5", "12.34.567"])
def test_a_dot_that_is_neither_a_grouping_nor_a_decimal_sign_is_refused(typed):
    with pytest.raises(ValidationError):
        parse_number(typed)


def test_the_rule_is_written_in_danish():
    with translation.override("da"):
        assert "1.000 er et tusind" in str(NUMBER_RULE)


UNIT_RANGES = {
    "percent": (Decimal(0), Decimal(100), 4),
    "percentage_points": (Decimal(-100), Decimal(100), 4),
    "count": (Decimal(0), Decimal(10**11), 0),
    "dkk": (Decimal(0), Decimal(10**11), 2),
    "score": (Decimal(-(10**6)), Decimal(10**6), 4),
}


@pytest.mark.parametrize("unit", sorted(UNIT_RANGES))
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_every_number_a_field_shows_is_read_back_as_the_same_number(unit, data):
    low, high, places = UNIT_RANGES[unit]
    value = data.draw(st.decimals(min_value=low, max_value=high, places=places, allow_nan=False))
    check_value(value, unit)
    shown = input_number(value)
    assert "." not in shown  # no thousands separator in a field
    assert parse_number(shown) == value
    # and the Danish way of writing it on a page is read back the same, too
    assert parse_number(danish_number(value)) == value
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
