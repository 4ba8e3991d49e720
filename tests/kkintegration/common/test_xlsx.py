"""The workbook writer: formulas with their results, text kept as text, top-aligned cells,
print layout."""

import re
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from budgets.models import FundingLine
from committees.site.exports import export_bilag
from goals.models import AppendixRow
from indicators.demo import generate_demo_values
from kkintegration.common.xlsx import BAND_WIDTH, KRONER, PORTRAIT_WIDTH

pytestmark = pytest.mark.django_db


def workbook(committees=None, year=None):
    out = BytesIO()
    export_bilag(out, committees=committees, year=year)
    out.seek(0)
    return load_workbook(out), out.getvalue()


@pytest.fixture
def sud_book(sud):
    return workbook([sud])[0]


def evaluate(ws, formula):
    """A tiny evaluator for the SUM, SUMIF and a+b formulas the Økonomi sheet uses."""

    def cells(ref):
        return [c for row in ws[ref] for c in row]

    def num(v):
        return Decimal(str(v)) if isinstance(v, (int, float, Decimal)) else Decimal(0)

    body = formula[1:]
    if m := re.fullmatch(r"SUM\((\w+:\w+)\)", body):
        return sum((num(c.value) for c in cells(m[1])), Decimal(0))
    if m := re.fullmatch(r'SUMIF\((\w+:\w+),"([^"]+)",(\w+:\w+)\)', body):
        return sum(
            (
                num(v.value)
                for k, v in zip(cells(m[1]), cells(m[3]), strict=True)
                if k.value == m[2]
            ),
            Decimal(0),
        )
    return sum(
        (
            num(ws[ref].value)
            if not str(ws[ref].value).startswith("=")
            else evaluate(ws, ws[ref].value)
            for ref in body.split("+")
        ),
        Decimal(0),
    )


def test_each_formula_carries_its_result_for_readers_that_do_not_recalculate(db):
    """Previews, phones and LibreOffice's defaults show the stored result of a formula."""
    generate_demo_values()
    _, data = workbook(year=2012)
    formulas = load_workbook(BytesIO(data))
    results = load_workbook(BytesIO(data), data_only=True)
    money, stored = formulas["Økonomi"], results["Økonomi"]
    checked = 0
    for row in money.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                result = Decimal(str(stored[cell.coordinate].value))
                assert result == evaluate(money, cell.value), cell.coordinate
                checked += 1
    assert checked > 7 * 5  # a total and four subtotals per committee, and the grand total
    barometer, counted = formulas["Barometer"], results["Barometer"]
    statuses = [r[5].value for r in barometer.iter_rows(min_row=2) if r[0].value and r[2].value]
    for row in barometer.iter_rows(min_row=2):
        if str(row[3].value).startswith("=COUNTIF"):
            assert counted[row[3].coordinate].value == statuses.count(row[0].value)


def test_text_that_looks_like_a_formula_or_a_link_stays_text(sud):
    row = AppendixRow.objects.filter(committee=sud).first()
    row.text = '=HYPERLINK("https://example.org","klik")'
    row.save()
    line = FundingLine.objects.filter(plan__committee=sud).first()
    line.name = "https://example.org/bevilling"
    line.save()
    book = workbook([sud])[0]
    cell = next(r[1] for r in book["Bilag 2"].iter_rows(min_row=2) if r[0].value == row.number)
    assert cell.data_type == "s" and cell.value == row.text
    link = next(r[0] for r in book["Økonomi"].iter_rows(min_row=2) if r[0].value == line.name)
    assert link.data_type == "s" and link.hyperlink is None


def test_every_filled_cell_is_top_aligned(sud_book):
    for ws in sud_book.worksheets:
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if cell.value not in (None, ""):
                    assert cell.alignment.vertical == "top", (ws.title, cell.coordinate)


def test_print_layout(sud_book):
    for ws in sud_book.worksheets:
        assert ws.page_setup.paperSize == 9  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToHeight == 0
        assert ws.print_title_rows == "$1:$1"
        assert ws.freeze_panes == "A2"
        assert "Socialudvalget" in ws.oddHeader.left.text
        assert "&P" in ws.oddFooter.right.text
        assert any(
            c.alignment.wrap_text for row in ws.iter_rows(min_row=2, max_row=12) for c in row
        )


def band_widths(ws):
    """The widths of the columns, and of the columns repeated on each page band."""
    widths = [ws.column_dimensions[c.column_letter].width for c in ws[1]]
    repeated = ws.print_title_cols
    n = int(repeated.split(":")[1].lstrip("$"), 36) - 9 if repeated else 0
    return widths, widths[:n]


def test_each_sheet_is_printed_as_its_width_needs(sud_book):
    """Narrow sheets portrait, wide ones landscape, and a sheet wider than one page at the
    smallest legible scale in bands side by side, each band within the page's width."""
    for ws in sud_book.worksheets:
        widths, repeated = band_widths(ws)
        bands = ws.page_setup.fitToWidth or 1
        if sum(widths) <= PORTRAIT_WIDTH:
            assert ws.page_setup.orientation == "portrait", ws.title
        else:
            assert ws.page_setup.orientation == "landscape", ws.title
        if sum(widths) > BAND_WIDTH:
            assert bands > 1 and repeated, ws.title
            assert ws.page_setup.pageOrder == "overThenDown"  # each band beside its rows
        assert sum(widths) + (bands - 1) * sum(repeated) <= bands * BAND_WIDTH, ws.title
    assert sud_book["Bilag 2"].page_setup.fitToWidth in (1, None)
    assert sud_book["Økonomi"].page_setup.fitToWidth == 2


def test_amounts_are_whole_kroner_and_values_stand_under_their_own_year(sud_book):
    money = sud_book["Økonomi"]
    header = [c for c in money[1]]
    years = [c for c in header if str(c.value).isdigit()]
    assert years and all(c.alignment.horizontal == "right" for c in years)
    amounts = [
        c
        for row in money.iter_rows(min_row=2)
        for c in row[1 : 2 + len(years)]
        if isinstance(c.value, (int, float))
    ]
    assert amounts and all(c.number_format == KRONER for c in amounts)
    assert all(c.alignment.horizontal == "right" for c in amounts)
    values = sud_book["Indikatorværdier"]
    for cell in values[1]:
        if str(cell.value).isdigit():
            assert cell.alignment.horizontal == "right"
            column = [r[cell.column - 1] for r in values.iter_rows(min_row=2)]
            assert all(c.alignment.horizontal == "right" for c in column if c.value is not None)
            # only digits in the narrow year columns: a unit would print "###"
            assert all("pct.-point" not in c.number_format for c in column)
