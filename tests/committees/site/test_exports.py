"""The Bilag workbook as assembled: its sheets and properties, Bilag 2 row by row against
the adopted appendix, and the LibreOffice print (pages, "###", the smallest font)."""

import json
import shutil
import subprocess
from decimal import Decimal
from io import BytesIO

import pytest
from django.utils import translation
from openpyxl import load_workbook

from budgets.models import FundingLine
from committees.models import Committee
from committees.site.exports import APPENDIX_TITLE, export_bilag
from committees.site.loader import APPENDIX_FILE, PLANS_DIR
from indicators.demo import generate_demo_values

pytestmark = pytest.mark.django_db

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(
    not SOFFICE, reason="LibreOffice not installed (make pdf-check; .ci/run installs it)"
)
ADOPTED = json.loads((PLANS_DIR / APPENDIX_FILE).read_text(encoding="utf-8"))
EXPLAINED = "(ingen indikator fastlagt i planen)"

# Read from the source appendix (seeds/002_…): the committees in its order, and each
# one's row numbers as printed, table by table.
SOURCE_NUMBERS = {
    "ØU": [1, 2, 3, 4],
    "TMU": [1, 2, 1, 1],
    "BUU": [1, 2],
    "SUD": list(range(1, 12)),
    "KFU": [1, 2, 3, 4],
    "SOU": [1],
}
# Where Bilag 2 words a row differently from the plan, the sheet has Bilag 2's words.
SOURCE_WORDING = [
    ("ØU", 1, "København skal fremme etablering og vækst af virksomheder med nydanske ejere"),
    (
        "ØU",
        3,
        "Kommunens medarbejdersammensætning skal afspejle Københavns Kommunes "
        "befolkningssammensætning",
    ),
    ("TMU", 1, "Der ikke skal komme flere udsatte boligområder"),
    ("SUD", 1, "Børn og unge med etnisk minoritetsbaggrund, der modtager en foranstaltning"),
    (
        "SOU",
        1,
        "Sundheden blandt københavnere med etnisk minoritetsbaggrund skal styrkes, så det bidrager",
    ),
]


def workbook(committees=None, year=None, include_biu=False, language="da"):
    out = BytesIO()
    with translation.override(language):
        export_bilag(out, committees=committees, year=year, include_biu=include_biu)
    out.seek(0)
    return load_workbook(out), out.getvalue()


def texts(ws):
    return "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)


def appendix_rows(ws):
    """(committee table, heading, number, text, indicator, activities) of each numbered
    row of a Bilag 2 sheet, and the section titles in order."""
    table = heading = None
    rows, tables = [], []
    for r in ws.iter_rows(min_row=2, values_only=True):
        number, text, indicator, activities = r[:4]
        if number is None and text is None and indicator is None and activities is None:
            continue
        if isinstance(number, str):  # a section title runs from column A
            table = number
            tables.append(table)
        elif number is None and text is not None and indicator is None:
            heading = text
        else:
            rows.append((table, heading, number, text or "", indicator or "", activities or ""))
    return tables, rows


def test_the_sheets_and_document_properties(sud):
    book = workbook([sud])[0]
    assert book.sheetnames == ["Bilag 2", "Økonomi", "Indikatorværdier", "Barometer"]
    assert "Socialudvalget" in book.properties.title
    assert book.properties.creator == "kkintegration"


def test_bilag_2_is_the_adopted_appendix_row_by_row():
    ws = workbook()[0]["Bilag 2"]
    assert [c.value for c in ws[1]] == ["Nr.", "Resultatmål", "Indikator", "Aktiviteter"]
    assert ws["A2"].value == APPENDIX_TITLE
    tables, rows = appendix_rows(ws)
    assert tables == [APPENDIX_TITLE] + [c["table"] for c in ADOPTED["committees"]]
    assert [t.split(" - ")[0] for t in tables[1:]] == list(SOURCE_NUMBERS)
    expected = []
    for c in ADOPTED["committees"]:
        for section in c["sections"]:
            for r in section["rows"]:
                activities = "\n".join(f"• {a}" for a in r["activities"])
                if r["activities"] == ["-"]:
                    activities = "- (ingen aktiviteter angivet i planen)"
                indicator = r["indicator"]
                if indicator in ("??????", "Ingen"):
                    indicator = f"{indicator} {EXPLAINED}"
                expected.append(
                    (c["table"], section["heading"], r["number"], r["text"], indicator, activities)
                )
    assert rows == expected
    numbers = {}
    for table, _h, number, *_rest in rows:
        numbers.setdefault(table.split(" - ")[0], []).append(number)
    assert numbers == SOURCE_NUMBERS
    for code, number, opening in SOURCE_WORDING:
        text = next(r[3] for r in rows if r[0].startswith(f"{code} - ") and r[2] == number)
        assert text.startswith(opening), (code, number)


def test_bilag_2_prints_the_placeholders_as_written_with_their_explanation():
    body = texts(workbook()[0]["Bilag 2"])
    assert f"?????? {EXPLAINED}" in body  # SOU: not a broken encoding
    assert f"Ingen {EXPLAINED}" in body  # TMU, the playgrounds
    assert "- (ingen aktiviteter angivet i planen)" in body  # SUD 10
    assert "(øges med 50%)" not in body and "(target" not in body
    assert "Beskæftigelses- og Integrationsudvalget" not in body  # minus BIU


def test_biu_comes_last_when_asked_for_headed_as_outside_the_adopted_appendix():
    ws = workbook(include_biu=True)[0]["Bilag 2"]
    tables, rows = appendix_rows(ws)
    assert tables[-1] == (
        "BIU – Beskæftigelses- og Integrationsudvalget (ikke en del af det vedtagne Bilag 2)"
    )
    biu = [r for r in rows if r[0] == tables[-1]]
    assert [r[2] for r in biu] == [3, 4, 2, 1]  # BIU's plan order: by objective
    assert rows[: len(rows) - len(biu)] == appendix_rows(workbook()[0]["Bilag 2"])[1]


def test_one_committee_gets_its_own_adopted_rows(kfu):
    tables, rows = appendix_rows(workbook([kfu])[0]["Bilag 2"])
    assert tables == [APPENDIX_TITLE, "KFU - Tabel over resultatmål, indikatorer og aktiviteter"]
    assert [r[2] for r in rows] == [1, 2, 3, 4]
    assert rows[1][3] == "" and rows[1][4].startswith("Forskellen mellem andel to- og etsprogede")


def test_the_english_workbook_has_english_headings_and_the_plans_danish_text():
    book = workbook(language="en")[0]
    assert book.sheetnames == ["Bilag 2", "Funding", "Indicator values", "Barometer"]
    ws = book["Bilag 2"]
    assert [c.value for c in ws[1]] == ["No.", "Results target", "Indicator", "Activities"]
    assert "?????? (no indicator set in the plan)" in texts(ws)
    assert "Der ikke skal komme flere udsatte boligområder" in texts(ws)


def test_the_export_costs_a_fixed_number_of_queries(django_assert_max_num_queries):
    with django_assert_max_num_queries(18):  # BIU's rows read from its plan: 4 of them
        workbook(include_biu=True)


# --- The LibreOffice print ----------------------------------------------------------


def print_with_libreoffice(tmp_path, data, name="bilag"):
    """The workbook printed to PDF by LibreOffice (its own profile folder)."""
    book = tmp_path / f"{name}.xlsx"
    book.write_bytes(data)
    subprocess.run(
        [
            SOFFICE,
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(book),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return tmp_path / f"{name}.pdf"


def printed_sizes(pdf):
    """{page number: smallest printed character size in pt} from the PDF's text matrix."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar

    def chars(item):
        if isinstance(item, LTChar):
            yield item
        elif hasattr(item, "__iter__"):
            for child in item:
                yield from chars(child)

    return {
        n: min((c.size for c in chars(page) if c.get_text().strip()), default=None)
        for n, page in enumerate(extract_pages(str(pdf)), start=1)
    }


def page_texts(pdf):
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")


@needs_soffice
def test_libreoffice_prints_every_sheet_legibly(tmp_path):
    # demo values fill every year column: "10,2 pct.-point" is what once printed "###"
    generate_demo_values()
    _, data = workbook(include_biu=True)
    pdf = print_with_libreoffice(tmp_path, data)
    sizes = printed_sizes(pdf)
    printed = [size for size in sizes.values() if size is not None]
    assert min(printed) >= 8, sizes  # no text under 8 pt, page headers included
    pages = page_texts(pdf)
    assert not [n for n, text in enumerate(pages, start=1) if "###" in text]
    # every sheet is printed, and no sheet runs to more pages than its rows need
    body = "\n".join(pages)
    for heading in ("Alle udvalg: Bilag 2", "Alle udvalg: Økonomi", "Alle udvalg: Barometer"):
        assert heading in body
    assert 8 <= len(sizes) <= 80
    bilag = [t for t in pages if "Alle udvalg: Bilag 2" in t]
    assert len(bilag) <= 9  # one band: seven committees, about a page each
    assert "?????? (ingen indikator fastlagt i planen)" in " ".join(" ".join(bilag).split())


@needs_soffice
def test_libreoffice_recalculates_the_totals(tmp_path, sud):
    _, data = workbook([sud])
    book = tmp_path / "sud.xlsx"
    book.write_bytes(data)
    subprocess.run(
        [
            SOFFICE,
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(tmp_path / "xlsx"),
            str(book),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    recalculated = load_workbook(tmp_path / "xlsx" / "sud.xlsx", data_only=True)["Økonomi"]
    total = next(r for r in recalculated.iter_rows(min_row=2) if r[0].value == "I alt SUD")
    expected = sum(
        FundingLine.objects.filter(plan__committee=sud, total__isnull=False).values_list(
            "total", flat=True
        ),
        Decimal(0),
    )
    assert Decimal(str(total[1].value)) == expected


def test_every_committee_of_the_adopted_appendix_is_in_the_all_committees_workbook():
    codes = [c["code"] for c in ADOPTED["committees"]]
    assert sorted(codes) == sorted(
        Committee.objects.exclude(code="BIU").values_list("code", flat=True)
    )
    titles = {f"{c.code} – {c.name}": c.code for c in Committee.objects.all()}
    money = workbook()[0]["Økonomi"]
    sections = [r[0] for r in money.iter_rows(min_row=2, values_only=True) if r[0] in titles]
    assert [titles[s] for s in sections] == [
        c.code for c in Committee.objects.exclude(code="BIU").order_by("order")
    ]
