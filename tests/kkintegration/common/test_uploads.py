"""Uploaded workbooks are measured before they are parsed: bombs, oversized sheets,
malformed or hostile XML and macros are refused with a Danish message, within a small,
fixed amount of memory; LibreOffice's .ods is read like an .xlsx."""

import io
import shutil
import subprocess
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from kkintegration.common.uploads import (
    MAX_ROWS,
    UploadRefused,
    capped_errors,
    open_workbook,
)

CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'
)
SHEET = (
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{}</worksheet>'
)


def xlsx(parts):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        for name, text in parts.items():
            z.writestr(name, text)
    return out.getvalue()


def plain_workbook():
    wb = Workbook()
    wb.active.title = "Værdier"
    wb.active["A1"] = "Nøgle"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def bomb(rows=200_000):
    """~40 KB that unpacks to ~11 MB: the same row, over and over."""
    row = '<row><c t="inlineStr"><is><t>xxxxxxxxxxxxxxxxxxxxxx</t></is></c></row>'
    return xlsx({"xl/worksheets/sheet1.xml": SHEET.format(f"<sheetData>{row * rows}</sheetData>")})


def refusal(data):
    with pytest.raises(UploadRefused) as caught:
        open_workbook(data)
    return caught.value.messages[0]


def test_an_ordinary_workbook_opens():
    assert open_workbook(plain_workbook())["Værdier"]["A1"].value == "Nøgle"


def test_a_zip_bomb_is_refused_from_its_directory_in_little_memory():
    data = bomb()
    assert len(data) < 100_000
    tracemalloc.start()
    try:
        message = refusal(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "pakkes ud til mere end 8 MB" in message
    assert peak < 5 * 1024 * 1024


def test_a_sheet_with_too_many_rows_is_refused_before_openpyxl_builds_it():
    rows = "".join(f'<row r="{i}"><c r="A{i}"><v>1</v></c></row>' for i in range(1, MAX_ROWS + 2))
    message = refusal(
        xlsx({"xl/worksheets/sheet1.xml": SHEET.format(f"<sheetData>{rows}</sheetData>")})
    )
    assert "større end 2.000 rækker eller 60 kolonner" in message


def test_a_single_cell_far_out_is_refused_too():
    far = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    assert "større end" in refusal(
        xlsx({"xl/worksheets/sheet1.xml": SHEET.format(f"<sheetData>{far}</sheetData>")})
    )


def test_too_many_parts_are_refused():
    parts = {f"xl/media/{i}.xml": "<a/>" for i in range(150)}
    assert "for mange dele" in refusal(xlsx(parts))


def test_malformed_xml_gives_a_message_not_a_crash():
    message = refusal(xlsx({"xl/worksheets/sheet1.xml": "<worksheet><sheetData><row>"}))
    assert "beskadiget" in message and "xl/worksheets/sheet1.xml" in message


def test_entities_are_refused_so_billion_laughs_cannot_expand():
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        "<worksheet><sheetData>&lol2;</sheetData></worksheet>"
    )
    assert "DTD" in refusal(xlsx({"xl/worksheets/sheet1.xml": laughs}))


@pytest.mark.parametrize(
    "parts",
    [
        {"xl/vbaProject.bin": "macro"},
        {
            "[Content_Types].xml": CONTENT_TYPES.replace(
                "application/xml", "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
            )
        },
    ],
    ids=["vba-project", "macro-enabled-content-type"],
)
def test_macro_enabled_workbooks_renamed_xlsx_are_refused(parts):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        if "[Content_Types].xml" not in parts:
            z.writestr("[Content_Types].xml", CONTENT_TYPES)
        for name, text in parts.items():
            z.writestr(name, text)
    assert "makroer" in refusal(out.getvalue())


@pytest.mark.parametrize("data", [b"", b"PK\x03\x04garbage", b"not a zip at all" * 10])
def test_anything_else_is_not_a_workbook(data):
    assert refusal(data) == "Filen er ikke en Excel-projektmappe (.xlsx)."


def test_an_uploaded_refusal_is_a_validation_error_with_one_message():
    assert issubclass(UploadRefused, ValidationError)


def ods(rows_xml):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        z.writestr(
            "content.xml",
            "<office:document-content "
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
            f'<office:spreadsheet><table:table table:name="Værdier">{rows_xml}</table:table>'
            "</office:spreadsheet></office:body></office:document-content>",
        )
    return out.getvalue()


def test_an_ods_is_read_with_its_numbers_texts_and_formulas_and_its_empty_rows_cost_nothing():
    rows = (
        '<table:table-row><table:table-cell office:value-type="string"><text:p>Nøgle</text:p>'
        '</table:table-cell><table:table-cell office:value-type="float" office:value="12.5"/>'
        '<table:table-cell table:formula="of:=1+1" office:value-type="float" office:value="2"/>'
        "</table:table-row>"
        '<table:table-row table:number-rows-repeated="1048570">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    )
    ws = open_workbook(ods(rows))["Værdier"]
    assert [c.value for c in ws[1]] == ["Nøgle", 12.5, "=1+1"]
    assert ws.max_row == 1


def test_an_ods_with_a_value_a_million_rows_down_is_refused():
    rows = (
        '<table:table-row table:number-rows-repeated="1048570"><table:table-cell/>'
        "</table:table-row><table:table-row>"
        '<table:table-cell office:value-type="float" office:value="1"/></table:table-row>'
    )
    assert "større end" in refusal(ods(rows))


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_workbook_saved_as_ods_by_libreoffice_reads_like_the_xlsx(tmp_path):
    source = tmp_path / "bog.xlsx"
    wb = Workbook()
    wb.active.title = "Værdier"
    wb.active.append(["Nøgle", "Værdi", "Kommentar"])
    wb.active.append([17, 12.5, "æøå"])
    wb.save(source)
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "ods",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    ws = open_workbook((tmp_path / "bog.ods").read_bytes())["Værdier"]
    assert [[c.value for c in row] for row in ws.iter_rows()] == [
        ["Nøgle", "Værdi", "Kommentar"],
        [17, 12.5, "æøå"],
    ]


def test_the_stored_errors_are_the_first_hundred_and_a_count():
    errors = [{"row": i, "column": "Værdi", "message": "Skriv et tal."} for i in range(250)]
    kept = capped_errors(errors)
    assert len(kept) == 101 and kept[:100] == errors[:100]
    assert "150" in kept[-1]["message"]
    assert capped_errors(errors[:3]) == errors[:3]
