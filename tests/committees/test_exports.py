"""The Bilag workbooks, re-opened and checked cell by cell; LibreOffice prints them."""

import re
import shutil
import subprocess
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from activities.models import Activity
from budgets.models import FundingLine
from committees.models import Committee
from committees.site.exports import export_bilag
from goals.models import Objective, Target
from indicators.demo import generate_demo_values
from indicators.models import Breakdown, Indicator, IndicatorValue
from kkintegration.common.xlsx import MILLIONS

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
    assert total_row[1].number_format == MILLIONS
    names = texts(ws)
    for line in FundingLine.objects.filter(plan__committee=sud):
        assert line.name in names
    fills = {r[0].value: r[-2].fill.fgColor.rgb for r in rows if r[-2].value}
    assert fills.get("Skolesocialrådgivere", "").endswith("F4B6B0")  # the plans' red
    assert "Farvekode (planernes):" in names  # and a legend


def test_the_grand_total_adds_the_committees(db):
    wb, _ = workbook()
    ws = wb["Økonomi"]
    grand = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "I alt, alle udvalg")
    expected = sum(
        FundingLine.objects.filter(total__isnull=False).values_list("total", flat=True), Decimal(0)
    )
    assert evaluate(ws, grand[1].value) == expected


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
    assert len(counts) == 5
    statuses = [r[5].value for r in ws.iter_rows(min_row=2) if r[0].value == "KFU" and r[5].value]
    achieved = next(r for r in counts if r[0].value == "opfyldt")
    status_range = re.search(r"\((\w+:\w+)", achieved[3].value)[1]
    assert sum(1 for c in ws[status_range] for c in c if c.value == "opfyldt") == statuses.count(
        "opfyldt"
    )


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


def test_the_downloads_and_the_command(client, tmp_path):
    response = client.get(reverse("committees:bilag", args=["sud"]))
    assert response.status_code == 200
    assert 'filename="bilag-sud.xlsx"' in response["Content-Disposition"]
    wb = load_workbook(BytesIO(b"".join(response.streaming_content)))
    assert "Bilag 2" in wb.sheetnames
    assert client.get(reverse("committees:bilag-all")).status_code == 200
    assert client.get(reverse("committees:bilag", args=["nope"])).status_code == 404
    out = tmp_path / "ou.xlsx"
    call_command("export_bilag", "--committee", "ØU", "--out", str(out))
    assert "Økonomiudvalget" in load_workbook(out).properties.title
    call_command("export_bilag", "--all", "--out", str(tmp_path / "all.xlsx"))
    assert load_workbook(tmp_path / "all.xlsx")["Bilag 2"].max_row > 50


def download(client, slug=None):
    url = reverse("committees:bilag", args=[slug]) if slug else reverse("committees:bilag-all")
    response = client.get(url)
    assert response.status_code == 200
    return load_workbook(BytesIO(b"".join(response.streaming_content)))


def test_a_download_is_built_once_and_rebuilt_when_the_plans_change(
    client, settings, django_assert_max_num_queries
):
    first = download(client, "sud")
    cache = list(settings.BILAG_CACHE_DIR.glob("bilag-sud-*.xlsx"))
    assert len(cache) == 1
    with django_assert_max_num_queries(2):  # the committee and the data's token
        again = download(client, "sud")
    assert texts(again["Bilag 2"]) == texts(first["Bilag 2"])

    target = Target.objects.filter(objective__plan__committee__code="SUD").first()
    target.text = "Et nyt resultatmål skrevet efter første download"
    target.save()
    changed = download(client, "sud")
    assert "Et nyt resultatmål skrevet efter første download" in texts(changed["Bilag 2"])
    # the workbook of the earlier data is gone; other committees' files are untouched
    assert [p.name for p in settings.BILAG_CACHE_DIR.glob("bilag-sud-*.xlsx")] != [cache[0].name]
    assert len(list(settings.BILAG_CACHE_DIR.glob("bilag-sud-*"))) == 1


def test_an_approved_value_reaches_the_next_download(client, kfu):
    before = download(client, "kfu")["Indikatorværdier"]
    breakdown = Breakdown.objects.get(
        indicator__text__contains="5. klasse",
        group="Tosprogede elever",
        sex="all",
        indicator__objective__plan__committee=kfu,
    )
    IndicatorValue.objects.update_or_create(
        breakdown=breakdown,
        year=2013,
        defaults={"value": Decimal("42.7"), "status": IndicatorValue.Status.APPROVED},
    )
    after = download(client, "kfu")["Indikatorværdier"]
    assert 42.7 not in [c.value for row in before.iter_rows() for c in row]
    assert 42.7 in [c.value for row in after.iter_rows() for c in row]


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
