"""The workbook writer: formulas with their results, text kept as text, top-aligned cells,
print layout."""

import re
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from budgets.models import FundingLine
from committees.site.exports import export_bilag
from goals.models import Target
from indicators.demo import generate_demo_values

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
    target = Target.objects.filter(objective__plan__committee=sud).first()
    target.text = '=HYPERLINK("https://example.org","klik")'
    target.reservation = ""
    target.save()
    line = FundingLine.objects.filter(plan__committee=sud).first()
    line.name = "https://example.org/bevilling"
    line.save()
    book = workbook([sud])[0]
    cell = next(r[1] for r in book["Bilag 2"].iter_rows(min_row=2) if r[0].value == target.number)
    assert cell.data_type == "s" and cell.value == target.text
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
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.paperSize == 9  # A4
        # one page wide (1 is the file format's default, which writers may leave out)
        assert ws.page_setup.fitToWidth in (1, None) and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$1:$1"
        assert ws.freeze_panes == "A2"
        assert "Socialudvalget" in ws.oddHeader.left.text
        assert "&P" in ws.oddFooter.right.text
        widths = [ws.column_dimensions[col].width for col in "ABCDEFG"]
        assert max(widths) >= 40  # the text column is wide enough to read
        assert any(
            c.alignment.wrap_text for row in ws.iter_rows(min_row=2, max_row=12) for c in row
        )
