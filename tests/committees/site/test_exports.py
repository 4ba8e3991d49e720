"""The Bilag workbook as assembled: its sheets, properties, Bilag 2 and the LibreOffice print."""

import re
import shutil
import subprocess
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from activities.models import Activity
from budgets.models import FundingLine
from committees.models import Committee
from committees.site.exports import export_bilag
from goals.models import Objective, Target

pytestmark = pytest.mark.django_db


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


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


def test_the_sheets_and_document_properties(sud_book):
    assert sud_book.sheetnames == ["Bilag 2", "Økonomi", "Indikatorværdier", "Barometer"]
    assert "Socialudvalget" in sud_book.properties.title
    assert sud_book.properties.creator == "kkintegration"


def test_bilag_2_has_a_heading_per_objective_and_every_target_and_activity(sud, sud_book):
    ws = sud_book["Bilag 2"]
    assert [c.value for c in ws[1]] == ["Nr.", "Resultatmål", "Indikator", "Aktiviteter"]
    headings = [
        r[1].value for r in ws.iter_rows(min_row=2) if str(r[1].value).startswith("Målsætning: ")
    ]
    assert len(headings) == Objective.objects.filter(plan__committee=sud).count()
    numbers = [r[0].value for r in ws.iter_rows(min_row=2) if isinstance(r[0].value, int)]
    assert sorted(numbers) == list(range(1, 12))
    body = texts(ws)
    for t in Target.objects.filter(objective__plan__committee=sud):
        assert t.text in body
    for a in Activity.objects.filter(plan__committee=sud, targets__isnull=False).distinct():
        assert f"• {a.name}" in body
    multi = next(r[3].value for r in ws.iter_rows(min_row=2) if r[0].value == 1)
    assert multi.count("\n") >= 5  # the activities of target 1, one per line


def test_the_all_committees_workbook_has_a_section_per_committee_in_plan_order():
    wb, _ = workbook()
    sections = [
        r[0].value
        for r in wb["Bilag 2"].iter_rows(min_row=2)
        if r[0].value and " – " in str(r[0].value)
    ]
    assert [s.split(" – ")[0] for s in sections] == list(
        Committee.objects.order_by("order").values_list("code", flat=True)
    )


def test_the_export_costs_a_fixed_number_of_queries(django_assert_max_num_queries):
    with django_assert_max_num_queries(16):
        workbook()


@pytest.mark.skipif(
    not SOFFICE, reason="LibreOffice not installed (make pdf-check; .ci/run installs it)"
)
def test_libreoffice_recalculates_and_prints_the_workbook(tmp_path, sud):
    _, data = workbook([sud])
    book = tmp_path / "sud.xlsx"
    book.write_bytes(data)
    profile = f"-env:UserInstallation=file://{tmp_path}/lo"
    for target in ("pdf", "xlsx:Calc MS Excel 2007 XML"):
        out = tmp_path / target.split(":")[0]
        subprocess.run(
            [
                SOFFICE,
                "--headless",
                "--norestore",
                profile,
                "--convert-to",
                target,
                "--outdir",
                str(out),
                str(book),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    assert (tmp_path / "pdf" / "sud.pdf").stat().st_size > 20_000
    recalculated = load_workbook(tmp_path / "xlsx" / "sud.xlsx", data_only=True)["Økonomi"]
    total = next(r for r in recalculated.iter_rows(min_row=2) if r[0].value == "I alt SUD")
    expected = sum(
        FundingLine.objects.filter(plan__committee=sud, total__isnull=False).values_list(
            "total", flat=True
        ),
        Decimal(0),
    )
    assert Decimal(str(total[1].value)) == expected
