"""Uploaded workbooks, bounded before they are parsed.

An .xlsx or .ods file is a zip of XML files: 40 KB can inflate to gigabytes, and a parser
that builds the whole workbook in memory then holds a worker for as long as it takes.
`open_workbook` measures first — the entries and their uncompressed sizes from the zip's
directory, then every sheet's rows and columns while streaming its XML through defusedxml
(no DTDs, no entities), stopping at the first limit passed — and only then builds the
workbook. Macro-enabled content is refused. LibreOffice's .ods is read into the same
openpyxl workbook an .xlsx gives, so the import reads both alike.
"""

import re
import zipfile
from decimal import Decimal, InvalidOperation
from io import BytesIO

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

MAX_BYTES = 2 * 1024 * 1024  # the file as uploaded
MAX_UNCOMPRESSED = 8 * 1024 * 1024  # all its parts unpacked
MAX_ENTRIES = 100  # parts in the zip
MAX_ROWS = 2_000  # per sheet: a template has one row per indicator breakdown
MAX_COLUMNS = 60  # per sheet
MAX_STORED_ERRORS = 100  # rows of errors kept for an upload; the rest are counted

ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_MACRO_PARTS = re.compile(r"(vbaProject\.bin$|vbaData\.xml$|^Basic/|^Scripts/)", re.I)
_CELL_REF = re.compile(r"([A-Z]{1,3})(\d+)$")


class UploadRefused(ValidationError):
    """A file refused before it was parsed: too large, not a workbook, or unsafe."""


def _refuse(message):
    raise UploadRefused(message)


def _column_number(letters):
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _local(tag):
    return tag.rsplit("}", 1)[-1]


def _measured_entries(archive):
    """The zip's parts, after checking their number and unpacked size (the directory only)."""
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        _refuse(_("The file has too many parts to be a workbook from this system."))
    if sum(info.file_size for info in infos) > MAX_UNCOMPRESSED:
        _refuse(
            _(
                "The workbook unpacks to more than %(limit)s MB: far more than a template "
                "holds. Upload the template downloaded from this page."
            )
            % {"limit": MAX_UNCOMPRESSED // (1024 * 1024)}
        )
    return infos


def _stream(archive, name):
    """Parse one XML part with defusedxml, element by element, reading at most its
    declared size (zipfile stops there and checks the CRC)."""
    try:
        with archive.open(name) as part:
            yield from iterparse(part, events=("start", "end"))
    except DefusedXmlException:
        _refuse(_("The workbook contains XML constructs that are not allowed (DTD or entities)."))
    except (SyntaxError, zipfile.BadZipFile, EOFError, OSError, ValueError):
        # xml.etree's ParseError is a SyntaxError; a lying size is a BadZipFile
        _refuse(_("The workbook is damaged (malformed XML in %(part)s).") % {"part": name})


def _too_large(rows, columns):
    if rows > MAX_ROWS or columns > MAX_COLUMNS:
        _refuse(
            _(
                "A sheet of the workbook is larger than %(rows)s rows or %(columns)s columns: "
                "far more than a template holds. Upload the template downloaded from this page."
            )
            % {"rows": f"{MAX_ROWS:,}".replace(",", "."), "columns": MAX_COLUMNS}
        )


def _check_xlsx(archive, names):
    if any(_MACRO_PARTS.search(n) for n in names) or any(
        b"macroEnabled" in archive.read(n) for n in names if n == "[Content_Types].xml"
    ):
        _refuse(
            _(
                "Workbooks with macros are not accepted. Save the file as an ordinary Excel "
                "workbook (.xlsx) and upload it again."
            )
        )
    for name in names:
        if not name.endswith((".xml", ".rels", ".vml")):
            continue
        sheet = name.startswith("xl/worksheets/")
        rows = columns = 0
        for event, element in _stream(archive, name):
            if not sheet or event != "start":
                if event == "end":
                    element.clear()
                continue
            tag = _local(element.tag)
            if tag == "row":
                number = element.get("r") or ""
                rows = max(rows + 1, int(number) if number.isdigit() else 0)
            elif tag == "c":
                match = _CELL_REF.match(element.get("r") or "")
                columns = max(columns, _column_number(match[1]) if match else 0)
            _too_large(rows, columns)


def _ods_number(text):
    try:
        number = Decimal(text)
    except (InvalidOperation, TypeError):
        return None
    return int(number) if number == number.to_integral_value() else number


def _ods_value(attrs, texts):
    """(value, is a formula) of an .ods cell."""
    if attrs.get("formula"):  # "of:=SUM([.A1])": kept as a formula, which the import refuses
        return "=" + attrs["formula"].split(":", 1)[-1].lstrip("="), True
    if attrs.get("value-type") in ("float", "percentage", "currency"):
        return _ods_number(attrs.get("value")), False
    return ("\n".join(texts) if texts else None), False


def _read_ods(archive):
    """The sheets of an .ods file as an openpyxl workbook (values and formulas only)."""
    if any(_MACRO_PARTS.search(n) for n in archive.namelist()):
        _refuse(
            _(
                "Spreadsheets with macros are not accepted. Save the file without macros and "
                "upload it again."
            )
        )
    if "content.xml" not in archive.namelist():
        _refuse(_("The file is not an Excel workbook (.xlsx) or a LibreOffice spreadsheet (.ods)."))
    wb = Workbook()
    wb.remove(wb.active)
    ws, row, cells, texts = None, 0, {}, []
    column = 0
    for event, element in _stream(archive, "content.xml"):
        tag = _local(element.tag)
        if event == "start":
            if tag == "table":
                name = {_local(k): v for k, v in element.attrib.items()}.get("name", "Ark")
                ws, row = wb.create_sheet(name[:31]), 0
            elif tag == "table-row":
                cells, column = {}, 0
            elif tag in ("table-cell", "covered-table-cell"):
                texts = []
            continue
        attrs = {_local(k): v for k, v in element.attrib.items()}
        if tag == "p":
            texts.append("".join(element.itertext()))
        elif tag in ("table-cell", "covered-table-cell"):
            repeat = int(attrs.get("number-columns-repeated") or 1)
            value = _ods_value(attrs, texts)
            if value[0] is not None:
                _too_large(row + 1, column + repeat)
                for c in range(column + 1, column + repeat + 1):
                    cells[c] = value
            column += repeat
            element.clear()
        elif tag == "table-row" and ws is not None:
            repeat = int(attrs.get("number-rows-repeated") or 1)
            if cells:  # rows without values (LibreOffice writes a million) cost nothing
                _too_large(row + repeat, max(cells))
                for r in range(row + 1, row + repeat + 1):
                    for c, (value, formula) in cells.items():
                        cell = ws.cell(row=r, column=c, value=value)
                        if cell.data_type == "f" and not formula:
                            cell.data_type = "s"  # a text starting with "=" stays text
            row += repeat
            element.clear()
    if not wb.sheetnames:
        _refuse(_("The spreadsheet holds no sheets."))
    return wb


def open_workbook(data):
    """An openpyxl workbook from uploaded bytes (.xlsx or .ods), bounded before parsing.

    Raises UploadRefused (a ValidationError with a Danish message) for a file that is too
    large, too large unpacked, malformed, macro-enabled, or not a workbook at all.
    """
    if len(data) > MAX_BYTES:
        _refuse(_("The file is larger than 2 MB."))
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        _refuse(_("The file is not an Excel workbook (.xlsx)."))
    with archive:
        infos = _measured_entries(archive)
        names = [info.filename for info in infos]
        if "mimetype" in names and archive.read("mimetype").strip() == ODS_MIMETYPE:
            return _read_ods(archive)
        if "[Content_Types].xml" not in names:
            _refuse(_("The file is not an Excel workbook (.xlsx)."))
        _check_xlsx(archive, names)
    try:
        return load_workbook(BytesIO(data), data_only=False)
    except Exception:  # openpyxl raises many kinds for a broken file; all mean the same
        raise UploadRefused(_("The file is not an Excel workbook (.xlsx).")) from None


def capped_errors(errors, limit=MAX_STORED_ERRORS):
    """The first `limit` errors, and one more line that counts the rest."""
    if len(errors) <= limit:
        return list(errors)
    rest = len(errors) - limit
    more = _("… and %(n)s more problems not shown. Correct the ones above and upload again.")
    return [*errors[:limit], {"row": None, "column": None, "message": more % {"n": rest}}]
