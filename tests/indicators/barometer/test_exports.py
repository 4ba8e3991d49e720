"""The barometer's Bilag sheets: approved values by year, and each indicator's status counted."""

import re
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from committees.site.exports import export_bilag
from indicators.barometer.status import Status
from indicators.demo import generate_demo_values
from indicators.models import Breakdown, Indicator, IndicatorValue

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


def test_indicator_values_are_approved_only_one_row_per_breakdown_and_demo_is_marked(kfu):
    b = Breakdown.objects.get(
        indicator__text__contains="5. klasse",
        group="Tosprogede elever",
        sex="all",
        indicator__objective__plan__committee=kfu,
    )
    IndicatorValue.objects.create(breakdown=b, year=2012, value="47.7", status="submitted")
    generate_demo_values()
    wb, _ = workbook([kfu])
    ws = wb["Indikatorværdier"]
    header = [c.value for c in ws[1]]
    assert header[:9] == [
        "Udvalg",
        "Mål nr.",
        "Indikator",
        "Opdeling",
        "Enhed",
        "Udgangspunkt",
        "Basisår",
        "Mål",
        "Målår",
    ]
    rows = [r for r in ws.iter_rows(min_row=2, values_only=True)]
    breakdowns = Breakdown.objects.filter(indicator__objective__plan__committee=kfu).count()
    gaps = (
        Indicator.objects.filter(objective__plan__committee=kfu)
        .exclude(gap_minuend_group="")
        .count()
    )
    assert len(rows) == breakdowns + gaps
    first = next(r for r in rows if r[3] == "Tosprogede elever" and "5. klasse" in r[2])
    col_2009, col_2012 = header.index("2009"), header.index("2012")
    assert first[col_2009] == 52
    assert first[col_2012] != Decimal("47.7") and first[col_2012] != 47.7
    assert "demo" in first[-1]
    fmt = ws.cell(row=2 + rows.index(first), column=col_2009 + 1).number_format
    assert fmt == '0.0" %"'


def test_the_barometer_sheet_counts_statuses_with_formulas(kfu):
    wb, _ = workbook([kfu], year=2012)
    ws = wb["Barometer"]
    counts = [r for r in ws.iter_rows(min_row=2) if str(r[3].value).startswith("=COUNTIF")]
    assert len(counts) == len(Status)
    statuses = [r[5].value for r in ws.iter_rows(min_row=2) if r[0].value == "KFU" and r[5].value]
    achieved = next(r for r in counts if r[0].value == "opfyldt")
    status_range = re.search(r"\((\w+:\w+)", achieved[3].value)[1]
    assert sum(1 for c in ws[status_range] for c in c if c.value == "opfyldt") == statuses.count(
        "opfyldt"
    )


def test_the_barometer_sheet_marks_demo_and_counts_every_status(kfu):
    from indicators.demo import remove_demo_values

    generate_demo_values(seed=2014)
    ws = workbook([kfu], year=2014)[0]["Barometer"]
    heading = next(r[0].value for r in ws.iter_rows() if str(r[0].value).startswith("Status 2014"))
    assert "beregnet med demoværdier" in heading
    labels = {r[0].value for r in ws.iter_rows() if str(r[3].value).startswith("=COUNTIF")}
    assert {"i den rigtige retning", "uændret", "i den forkerte retning"} <= labels
    # a reversed gap is achieved; the status column names it
    statuses = [r[5].value for r in ws.iter_rows(min_row=2) if r[0].value == "KFU"]
    assert "opfyldt" in statuses
    remove_demo_values()
    ws = workbook([kfu], year=2014)[0]["Barometer"]
    heading = next(r[0].value for r in ws.iter_rows() if str(r[0].value).startswith("Status 2014"))
    assert heading == "Status 2014 (godkendte værdier)"


def test_the_funding_sheet_writes_amounts_as_the_plans_do(sud):
    ws = workbook([sud])[0]["Økonomi"]
    row = next(r for r in ws.iter_rows() if str(r[0].value).startswith("Styrkelse af kontakt"))
    # exact whole kroner: 5.750.000 kr., never 5,8 mio.
    assert row[1].value == 5750000
    assert row[1].number_format == '#,##0 "kr."'
    header = [c.value for c in next(ws.iter_rows())]
    assert row[header.index("2011")].value == 3200000
    assert row[header.index("2011")].number_format == '#,##0 "kr."'
    assert any(str(c.value).startswith("5,75 mio. kr.") for c in row)  # as the plan writes it
