"""The Excel round-trip: download the template, fill it in with openpyxl, upload, confirm."""

import shutil
import subprocess
import zipfile
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from indicators.entry.imports import COL, DATA_SHEET
from indicators.models import Breakdown, CommitteeYear, IndicatorValue, ValueImport

pytestmark = pytest.mark.django_db


YEAR = 2012


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def staff_client(client, kfu_staff):
    client.force_login(kfu_staff)
    return client


def download(client, slug="kfu", year=YEAR):
    response = client.get(reverse("indicators:entry-template", args=[slug, year]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(BytesIO(response.content))


def upload(client, wb_or_bytes, name="indberetning.xlsx", slug="kfu"):
    if isinstance(wb_or_bytes, bytes):
        content = wb_or_bytes
    else:
        out = BytesIO()
        wb_or_bytes.save(out)
        content = out.getvalue()
    response = client.post(
        reverse("indicators:entry-upload", args=[slug, YEAR]),
        {"file": SimpleUploadedFile(name, content)},
    )
    return response


def rows_by_key(ws):
    return {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}


def test_the_template_has_a_row_per_indicator_and_breakdown_and_locked_keys(staff_client):
    wb = download(staff_client)
    ws = wb[DATA_SHEET]
    expected = Breakdown.objects.filter(indicator__objective__plan__committee__code="KFU").count()
    assert ws.max_row - 1 == expected
    assert ws.protection.sheet
    assert ws.cell(row=2, column=COL["Nøgle"]).protection.locked
    assert not ws.cell(row=2, column=COL["Værdi"]).protection.locked
    validations = [dv for dv in ws.data_validations.dataValidation]
    assert any(dv.type == "decimal" and dv.formula2 == "100" for dv in validations)
    assert "Vejledning" in wb.sheetnames
    assert wb["_meta"].sheet_state == "veryHidden"


def test_a_filled_template_round_trips_through_preview_and_confirm(staff_client):
    wb = download(staff_client)
    ws = wb[DATA_SHEET]
    first, second = list(rows_by_key(ws).items())[:2]
    ws.cell(row=first[1], column=COL["Værdi"]).value = 52.5
    ws.cell(row=second[1], column=COL["Værdi"]).value = "61,25"
    ws.cell(row=second[1], column=COL["Kommentar"]).value = "Fra Københavnerbarometeret"
    ws.cell(row=second[1], column=COL["Foreløbig (ja/nej)"]).value = "ja"
    response = upload(staff_client, wb)
    record = ValueImport.objects.get()
    assert response["Location"] == reverse(
        "indicators:import-detail", args=["kfu", YEAR, record.pk]
    )
    assert record.state == "preview" and record.errors == []
    assert len(record.changes) == 2
    assert record.file.read()[:2] == b"PK"  # the uploaded file is kept for audit
    preview = staff_client.get(response["Location"]).content.decode()
    assert "52,5 %" in preview and "61,25 %" in preview
    assert not IndicatorValue.objects.filter(year=YEAR).exists()  # nothing before confirming

    assert staff_client.post(response["Location"]).status_code == 302
    record.refresh_from_db()
    assert record.state == "applied"
    saved = IndicatorValue.objects.get(breakdown_id=second[0], year=YEAR)
    assert (saved.value, saved.comment, saved.is_provisional) == (
        Decimal("61.25"),
        "Fra Københavnerbarometeret",
        True,
    )
    assert IndicatorValue.objects.get(breakdown_id=first[0], year=YEAR).value == Decimal("52.5")


def test_bad_rows_are_listed_with_row_column_and_message_and_nothing_is_written(staff_client):
    wb = download(staff_client)
    ws = wb[DATA_SHEET]
    keys = list(rows_by_key(ws).items())
    ws.cell(row=keys[0][1], column=COL["Værdi"]).value = "mange"
    ws.cell(row=keys[1][1], column=COL["Værdi"]).value = "=40+2"
    ws.cell(row=keys[2][1], column=COL["Værdi"]).value = 140
    ws.cell(row=keys[3][1], column=COL["Nøgle"]).value = 999999
    ws.cell(row=keys[4][1], column=COL["Nøgle"]).value = keys[5][0]
    ws.cell(row=keys[6][1], column=COL["Foreløbig (ja/nej)"]).value = "måske"
    upload(staff_client, wb)
    record = ValueImport.objects.get()
    assert record.state == "rejected"
    found = {(e["row"], e["column"]) for e in record.errors}
    assert (keys[0][1], "Værdi") in found
    assert (keys[1][1], "Værdi") in found
    assert (keys[2][1], "Værdi") in found
    assert (keys[3][1], "Nøgle") in found
    assert (keys[6][1], "Foreløbig (ja/nej)") in found
    assert any("Dobbelt række" in e["message"] for e in record.errors)
    messages = " ".join(e["message"] for e in record.errors)
    assert "Formler er ikke tilladt" in messages
    assert "“mange” er ikke et tal" in messages
    assert "En procentsats skal ligge mellem 0 og 100." in messages
    assert "Ukendt indikator" in messages
    assert not IndicatorValue.objects.filter(year=YEAR).exists()
    page = staff_client.get(reverse("indicators:import-detail", args=["kfu", YEAR, record.pk]))
    assert "Intet er gemt" in page.content.decode()
    assert (
        staff_client.post(
            reverse("indicators:import-detail", args=["kfu", YEAR, record.pk])
        ).status_code
        == 405
    )


def test_a_template_for_another_committee_is_refused(client, analyst):
    client.force_login(analyst)
    wb = download(client, "sud")
    upload(client, wb, slug="kfu")
    record = ValueImport.objects.get()
    assert record.errors[0]["message"] == "Skabelonen gælder SUD 2012, ikke KFU 2012."


def test_a_plain_workbook_is_not_a_template(staff_client):
    from openpyxl import Workbook

    upload(staff_client, Workbook())
    assert "ikke en skabelon fra dette system" in ValueImport.objects.get().errors[0]["message"]


def test_files_over_the_size_limit_are_refused_at_the_field(staff_client):
    response = upload(staff_client, b"0" * (2 * 1024 * 1024 + 1))
    assert response.status_code == 302
    page = staff_client.get(response["Location"]).content.decode()
    assert "grænsen er 2 MB" in page
    assert not ValueImport.objects.exists()


def test_a_year_saved_after_the_upload_makes_the_import_a_conflict(staff_client, kfu_staff):
    wb = download(staff_client)
    ws = wb[DATA_SHEET]
    key, row = next(iter(rows_by_key(ws).items()))
    ws.cell(row=row, column=COL["Værdi"]).value = 33
    upload(staff_client, wb)
    record = ValueImport.objects.get()
    cy = CommitteeYear.objects.get(committee__code="KFU", year=YEAR)
    cy.version += 1
    cy.save()
    staff_client.post(reverse("indicators:import-detail", args=["kfu", YEAR, record.pk]))
    record.refresh_from_db()
    assert record.state == "conflict"
    assert not IndicatorValue.objects.filter(breakdown_id=key, year=YEAR).exists()


def test_staff_cannot_download_or_upload_for_another_committee(staff_client):
    assert (
        staff_client.get(reverse("indicators:entry-template", args=["sud", YEAR])).status_code
        == 404
    )
    response = staff_client.post(
        reverse("indicators:entry-upload", args=["sud", YEAR]),
        {"file": SimpleUploadedFile("x.xlsx", b"x")},
    )
    assert response.status_code == 404
    assert not ValueImport.objects.exists()


def _colleague_saves(kfu, colleague, breakdown_id, value):
    from indicators.entry.services import Entry, committee_year_for, values_save_year

    cy = committee_year_for(kfu, YEAR)
    values_save_year(
        committee=kfu,
        year=YEAR,
        user=colleague,
        version=cy.version,
        entries=[Entry(breakdown=Breakdown.objects.get(pk=breakdown_id), value=Decimal(value))],
    )


@pytest.fixture
def colleague(db, kfu):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("kollega", password="pw")
    kfu.staff_members.add(user)
    return user


def test_a_template_carries_the_version_and_values_it_was_made_from(staff_client, kfu):
    from indicators.entry.imports import META_SHEET

    wb = download(staff_client)
    meta = wb[META_SHEET]
    assert meta["A4"].value == "version"
    assert meta["B4"].value == CommitteeYear.objects.get(committee=kfu, year=YEAR).version


def test_an_untouched_old_template_does_not_revert_a_colleagues_newer_figures(
    staff_client, kfu, colleague
):
    wb = download(staff_client)
    ws = wb[DATA_SHEET]
    (key, _row), (other_key, other_row) = list(rows_by_key(ws).items())[:2]
    _colleague_saves(kfu, colleague, key, "25.5")
    _colleague_saves(kfu, colleague, key, "33.3")
    ws.cell(row=other_row, column=COL["Værdi"]).value = 40  # my own change elsewhere
    response = upload(staff_client, wb)
    record = ValueImport.objects.get()
    stale = [c for c in record.changes if c["stale"]]
    assert [c["breakdown"] for c in stale] == [key]
    preview = staff_client.get(response["Location"]).content.decode()
    assert "1 række blev ændret af en anden, efter skabelonen blev hentet." in preview
    assert "Ændret siden din download (var –)" in preview
    assert f'name="use-{key}" value="stored" id="use-{key}-stored" checked' in preview
    # confirming with the default keeps the colleague's 33,3 and saves my 40
    assert staff_client.post(response["Location"]).status_code == 302
    assert IndicatorValue.objects.get(breakdown_id=key, year=YEAR).value == Decimal("33.3")
    assert IndicatorValue.objects.get(breakdown_id=other_key, year=YEAR).value == 40


def test_the_uploaded_value_replaces_a_newer_one_only_when_chosen(staff_client, kfu, colleague):
    wb = download(staff_client)
    ws = wb[DATA_SHEET]
    key, row = next(iter(rows_by_key(ws).items()))
    _colleague_saves(kfu, colleague, key, "33.3")
    ws.cell(row=row, column=COL["Værdi"]).value = "25,5"
    response = upload(staff_client, wb)
    assert staff_client.post(response["Location"], {f"use-{key}": "upload"}).status_code == 302
    assert IndicatorValue.objects.get(breakdown_id=key, year=YEAR).value == Decimal("25.5")


def test_a_template_keeps_each_breakdowns_comment(staff_client, kfu, colleague):
    wb = download(staff_client)
    ws = wb[DATA_SHEET]
    (first, first_row), (second, second_row) = list(rows_by_key(ws).items())[:2]
    ws.cell(row=first_row, column=COL["Værdi"]).value = 50
    ws.cell(row=first_row, column=COL["Kommentar"]).value = "Første opdeling"
    ws.cell(row=second_row, column=COL["Værdi"]).value = 51
    ws.cell(row=second_row, column=COL["Kommentar"]).value = "Anden opdeling"
    staff_client.post(upload(staff_client, wb)["Location"])
    page = staff_client.get(reverse("indicators:year-entry", args=["kfu", YEAR]))
    html = page.content.decode()
    assert "Første opdeling</textarea>" in html and "Anden opdeling</textarea>" in html
    again = download(staff_client)[DATA_SHEET]
    rows = rows_by_key(again)
    assert again.cell(row=rows[first], column=COL["Kommentar"]).value == "Første opdeling"
    assert again.cell(row=rows[second], column=COL["Kommentar"]).value == "Anden opdeling"


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (.ci/run installs it)")
def test_a_template_saved_by_libreoffice_still_knows_its_age(
    staff_client, kfu, colleague, tmp_path
):
    response = staff_client.get(reverse("indicators:entry-template", args=["kfu", YEAR]))
    source = tmp_path / "in" / "indberetning.xlsx"
    source.parent.mkdir()
    source.write_bytes(response.content)
    out = tmp_path / "out"
    subprocess.run(
        [
            SOFFICE,
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    saved = (out / "indberetning.xlsx").read_bytes()
    key = next(iter(rows_by_key(load_workbook(BytesIO(saved))[DATA_SHEET])))
    _colleague_saves(kfu, colleague, key, "33.3")
    upload(staff_client, saved)
    record = ValueImport.objects.get()
    assert record.errors == []
    assert [c["breakdown"] for c in record.changes if c["stale"]] == [key]


def test_a_file_that_is_not_a_workbook_is_refused_and_not_kept(staff_client, settings):
    response = upload(staff_client, b"this is not a spreadsheet", name="tal.xlsx")
    page = staff_client.get(response["Location"])  # back on the year's page, with the reason
    assert "Filen er ikke en Excel-projektmappe (.xlsx)." in page.content.decode()
    assert not ValueImport.objects.exists()
    assert not any(Path(settings.MEDIA_ROOT).rglob("*.*"))


def test_a_zip_bomb_is_refused_with_a_danish_message_and_nothing_is_kept(staff_client, settings):
    row = '<row><c t="inlineStr"><is><t>xxxxxxxxxxxxxxxxxxxxxx</t></is></c></row>' * 200_000
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(
            "xl/worksheets/sheet1.xml", f"<worksheet><sheetData>{row}</sheetData></worksheet>"
        )
    response = upload(staff_client, out.getvalue())
    page = staff_client.get(response["Location"]).content.decode()
    assert "Projektmappen pakkes ud til mere end 8 MB" in page
    assert not ValueImport.objects.exists()
    assert not any(Path(settings.MEDIA_ROOT).rglob("*.*"))


def test_the_stored_errors_of_an_upload_are_capped_at_a_hundred_and_a_count(staff_client):
    wb = download(staff_client)
    ws = wb[DATA_SHEET]
    for row in range(2, 400):
        ws.cell(row=row, column=COL["Nøgle"]).value = 10_000_000 + row
    upload(staff_client, wb)
    record = ValueImport.objects.get()
    assert record.state == "rejected" and len(record.errors) == 101
    assert "298 problemer mere" in record.errors[-1]["message"]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_the_template_saved_as_ods_in_libreoffice_uploads_like_the_xlsx(staff_client, tmp_path):
    wb = download(staff_client)
    ws = wb[DATA_SHEET]
    key, row = next(iter(rows_by_key(ws).items()))
    ws.cell(row=row, column=COL["Værdi"]).value = 52.5
    wb.save(tmp_path / "skabelon.xlsx")
    subprocess.run(
        [
            *("soffice", "--headless", "--norestore"),
            f"-env:UserInstallation=file://{tmp_path}/lo",
            *("--convert-to", "ods", "--outdir", str(tmp_path), str(tmp_path / "skabelon.xlsx")),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    upload(staff_client, (tmp_path / "skabelon.ods").read_bytes(), name="skabelon.ods")
    record = ValueImport.objects.get()
    assert record.errors == [] and record.state == "preview"
    assert [c["breakdown"] for c in record.changes] == [key]
    assert record.file.name.endswith(".ods")


FORMULA_PAYLOADS = ['=HYPERLINK("http://example.org/","kommentar")', "=1+1", "+1+1", "@SUM(A1)"]


@pytest.mark.parametrize("payload", FORMULA_PAYLOADS)
def test_typed_text_is_written_into_the_template_as_text_and_it_uploads_back_cleanly(
    staff_client, kfu_staff, payload
):
    from indicators.models import Indicator

    breakdowns = Breakdown.objects.filter(indicator__objective__plan__committee__code="KFU")
    first = breakdowns.order_by("pk").first()
    Indicator.objects.filter(pk=first.indicator_id).update(text=payload)
    IndicatorValue.objects.create(
        breakdown=first,
        year=YEAR,
        value=Decimal("10"),
        comment=payload,
        source=payload,
        no_data_reason="",
        created_by=kfu_staff,
    )
    wb = download(staff_client)
    ws = wb[DATA_SHEET]
    row = rows_by_key(ws)[first.pk]
    for column in ("Indikator", "Kommentar", "Kilde"):
        cell = ws.cell(row=row, column=COL[column])
        assert (cell.value, cell.data_type) == (payload, "s"), column
    upload(staff_client, wb)  # untouched
    record = ValueImport.objects.get()
    assert record.errors == [] and record.changes == []
