"""The Økonomi sheet of the Bilag: every line with its amounts in whole kroner and as the
plan writes them, the years that hold money, subtotals that hold money, totals as formulas
that add up."""

import re
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from budgets.models import FundingLine
from committees.site.exports import export_bilag
from kkintegration.common.xlsx import KRONER

pytestmark = pytest.mark.django_db


def workbook(committees=None, year=None):
    out = BytesIO()
    export_bilag(out, committees=committees, year=year)
    out.seek(0)
    return load_workbook(out), out.getvalue()


@pytest.fixture
def sud_book(sud):
    return workbook([sud])[0]


def texts(ws):
    return "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)


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


def test_economy_totals_are_formulas_that_add_up_to_the_database(sud, sud_book):
    ws = sud_book["Økonomi"]
    rows = list(ws.iter_rows(min_row=2))
    total_row = next(r for r in rows if r[0].value == "I alt SUD")
    assert total_row[1].value.startswith("=SUM(")
    expected = sum(
        FundingLine.objects.filter(plan__committee=sud, total__isnull=False).values_list(
            "total", flat=True
        ),
        Decimal(0),
    )
    assert evaluate(ws, total_row[1].value) == expected
    sub = next(r for r in rows if r[0].value == "Subtotal: Kræver særskilt bevilling")
    needs = sum(
        FundingLine.objects.filter(
            plan__committee=sud, status="separate_appropriation", total__isnull=False
        ).values_list("total", flat=True),
        Decimal(0),
    )
    assert sub[1].value.startswith("=SUMIF(") and evaluate(ws, sub[1].value) == needs
    assert total_row[1].number_format == KRONER
    names = texts(ws)
    for line in FundingLine.objects.filter(plan__committee=sud):
        assert line.name in names
    fills = {r[0].value: r[-2].fill.fgColor.rgb for r in rows if r[-2].value}
    assert fills.get("Skolesocialrådgivere", "").endswith("F4B6B0")  # the plans' red
    assert "Farvekode (planernes):" in names  # and a legend


def header(ws):
    return [c.value for c in ws[1]]


def row_named(ws, start):
    return next(r for r in ws.iter_rows(min_row=2, values_only=True) if str(r[0]).startswith(start))


def test_amounts_are_exact_kroner_with_the_plans_own_words_beside_them(db):
    from committees.models import Committee

    ou = Committee.objects.get(code="ØU")
    ws = workbook([ou])[0]["Økonomi"]
    columns = header(ws)
    written = columns.index("Beløb som skrevet")
    small = row_named(ws, "Kommunale arbejdspladser i de udsatte boligområder")
    assert small[1] == 30000  # printed "30.000 kr.", not "0,0 mio. kr."
    sikker_by = row_named(ws, "Forebygge og bekæmpe ungdomskriminalitet")
    assert sikker_by[1] == 63_000_000 and sikker_by[written] == "ca. 63 mio."
    salaries = row_named(
        ws, "Kommunens medarbejdersammensætning afspejler kommunes arbejdsstyrken –"
    )
    assert [salaries[columns.index(str(y))] for y in (2010, 2011, 2012)] == [8_250_000] * 3
    assert salaries[written] == "8,25 mio. kr. om året"


def test_only_years_that_hold_money_have_a_column_and_no_subtotal_is_all_zero(sud, sud_book):
    from budgets.models import FundingYear

    ws = sud_book["Økonomi"]
    years = [int(v) for v in header(ws) if str(v).isdigit()]
    assert years == sorted(
        set(
            FundingYear.objects.filter(funding_line__plan__committee=sud).values_list(
                "year", flat=True
            )
        )
    )
    results = load_workbook(BytesIO(workbook([sud])[1]), data_only=True)["Økonomi"]
    subtotals = [
        r
        for r in results.iter_rows(min_row=2, values_only=True)
        if str(r[0]).startswith("Subtotal")
    ]
    assert subtotals
    for r in subtotals:
        assert any(v for v in r[1 : 2 + len(years)]), r[0]


def test_the_grand_total_adds_the_committees(db):
    wb, _ = workbook()
    ws = wb["Økonomi"]
    grand = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "I alt, alle udvalg")
    expected = sum(
        FundingLine.objects.filter(total__isnull=False)
        .exclude(plan__committee__code="BIU")  # not in the adopted appendix unless asked
        .values_list("total", flat=True),
        Decimal(0),
    )
    assert evaluate(ws, grand[1].value) == expected
