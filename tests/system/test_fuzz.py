"""Fuzzing with hypothesis: no input makes the parser, the import or a filter fail with a 500."""

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from committees.models import Committee
from indicators.entry.imports import COL, DATA_SHEET, build_template, read_template
from indicators.models import Breakdown, check_value
from kkintegration.common.formatting import parse_number

pytestmark = pytest.mark.django_db


FUZZ = settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


numberish = st.one_of(
    st.text(max_size=30),
    st.from_regex(r"-?[0-9]{1,6}([.,][0-9]{0,6})?( ?%)?", fullmatch=True),
    st.from_regex(r"[0-9]{1,3}(\.[0-9]{3}){1,3},[0-9]{1,2}", fullmatch=True),
)


def _template(kfu):
    breakdowns = list(
        Breakdown.objects.filter(indicator__objective__plan__committee=kfu)
        .select_related("indicator__target")
        .order_by("pk")
    )
    data = build_template(committee=kfu, year=2012, breakdowns=breakdowns, values={}, last_year={})
    return breakdowns, data


sheet_text = st.text(alphabet=st.characters(exclude_categories=("Cc", "Cs")), max_size=20)


cell_values = st.one_of(
    st.none(),
    sheet_text,
    st.integers(-(10**9), 10**9),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["=1+1", "=SUM(I2:I3)", "ja", "nej", "12,5"]),
)


params = st.dictionaries(
    st.sampled_from(
        [
            "committee",
            "theme",
            "financing",
            "status",
            "q",
            "year",
            "sort",
            "page",
            "all_indicators",
            "per_page",
        ]
    ),
    st.one_of(st.text(max_size=25), st.integers(-(10**12), 10**12).map(str)),
    max_size=6,
)


@FUZZ
@given(numberish)
def test_the_value_parser_returns_a_number_or_a_danish_message(text):
    try:
        value = parse_number(text)
    except ValidationError as exc:
        assert exc.messages and exc.messages[0]
        return
    for unit in ("percent", "count", "percentage_points", "dkk", "score"):
        try:
            assert check_value(value, unit) == value
        except ValidationError as exc:
            assert exc.messages[0]


@FUZZ
@given(st.binary(max_size=2000))
def test_any_bytes_uploaded_give_a_message_not_a_crash(kfu, data):
    breakdowns = list(Breakdown.objects.filter(indicator__objective__plan__committee=kfu))
    try:
        read_template(data, committee=kfu, year=2012, breakdowns=breakdowns)
    except ValidationError as exc:
        assert exc.messages[0]


@FUZZ
@given(
    st.lists(st.tuples(st.integers(2, 20), st.sampled_from(list(COL)), cell_values), max_size=12)
)
def test_any_edits_of_a_template_give_rows_or_messages(kfu, edits):
    breakdowns, data = _template(kfu)
    wb = load_workbook(BytesIO(data))
    ws = wb[DATA_SHEET]
    for row, column, value in edits:
        ws.cell(row=row, column=COL[column]).value = value
    out = BytesIO()
    wb.save(out)
    try:
        result = read_template(out.getvalue(), committee=kfu, year=2012, breakdowns=breakdowns)
    except ValidationError as exc:
        assert exc.messages[0]
        return
    for error in result.errors:
        assert error["message"]
    assert len({r["breakdown"] for r in result.rows}) == len(result.rows)


@FUZZ
@given(params)
@example({"committee": "", "sort": "."})  # found by hypothesis: django-tables2 warned
@example({"sort": "-.,a.b,,name"})
def test_no_filter_input_gives_a_500(client, analyst, params):
    client.force_login(analyst)
    for url in (
        "/aktiviteter/",
        "/finansiering/",
        "/barometer/",
        "/soeg/",
        "/barometer/data/indicators.csv",
    ):
        response = client.get(url, params)
        assert response.status_code < 500, (url, params)


def test_the_committees_exist_for_the_fuzzers():
    assert Committee.objects.filter(code="KFU").exists()


def test_a_sort_key_that_names_no_column_is_ignored(client, analyst):
    client.force_login(analyst)
    ordered = client.get("/aktiviteter/", {"sort": "-name"})
    odd = client.get("/aktiviteter/", {"sort": "-name,.,objective.plan"})
    assert odd.status_code == 200
    assert odd.context["table"].order_by == ordered.context["table"].order_by == ("-name",)
