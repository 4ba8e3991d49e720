"""The Excel round-trip of year entry: a pre-filled template out, a filled one back in.

`build_template` writes the workbook; `read_template` checks an uploaded one and returns
the changes it would make (old → new) and every bad row, writing nothing.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from kkintegration.common.formatting import danish_measure, parse_number
from kkintegration.common.uploads import open_workbook
from kkintegration.common.xlsx import texts_stay_text

from ..models import check_value

FORMAT = "kkintegration-skabelon"
# 2: the template carries the committee-year's version and the values it was made from
FORMAT_VERSION = 2
DATA_SHEET = "Værdier"
META_SHEET = "_meta"
EDITABLE_FILL = PatternFill("solid", fgColor="FFF7D6")

# (header, width, editable)
COLUMNS = [
    ("Nøgle", 8, False),
    ("Resultatmål", 12, False),
    ("Indikator", 60, False),
    ("Opdeling", 24, False),
    ("Enhed", 14, False),
    ("Udgangspunkt", 16, False),
    ("Mål", 16, False),
    ("Sidste års godkendte værdi", 16, False),
    ("Værdi", 12, True),
    ("Ingen data – begrundelse", 30, True),
    ("Kommentar", 30, True),
    ("Kilde", 24, True),
    ("Foreløbig (ja/nej)", 12, True),
]
COL = {name: i + 1 for i, (name, _w, _e) in enumerate(COLUMNS)}
YES = {"ja", "j", "yes", "y", "x", "1", "true", "sand"}
NO = {"", "nej", "n", "no", "0", "false", "falsk"}


def _fmt(value, unit):
    return danish_measure(value, unit)


def build_template(*, committee, year, breakdowns, values, last_year, version=0):
    """The template workbook as bytes (no queries: everything is passed in).

    `breakdowns`: Breakdowns with their indicator (and its target) in plan order;
    `values`: {breakdown_id: IndicatorValue} of the year; `last_year`: {breakdown_id: Decimal};
    `version`: the committee-year's version the values were read at.
    """
    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    ws.append([name for name, _w, _e in COLUMNS])
    for i, (_name, width, _editable) in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=i)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[cell.column_letter].width = width
    ranges = {"percent": [], "count": [], "other": []}
    for row, b in enumerate(breakdowns, start=2):
        ind = b.indicator
        v = values.get(b.pk)
        target = ""
        if ind.target_value is not None:
            target = _fmt(ind.target_value, ind.unit) + (
                f" ({ind.target_year})" if ind.target_year else ""
            )
        elif ind.annual_change is not None:
            target = _fmt(ind.annual_change, ind.unit) + " om året"
        ws.append(
            [
                b.pk,
                ind.target.number if ind.target_id else "",
                ind.text,
                b.label,
                str(ind.get_unit_display()),
                _fmt(ind.baseline_value, ind.unit)
                + (f" ({ind.baseline_year})" if ind.baseline_year else ""),
                target,
                last_year.get(b.pk),
                v.value if v else None,
                v.no_data_reason if v else "",
                v.comment if v else "",
                v.source if v else "",
                ("ja" if v.is_provisional else "nej") if v else "",
            ]
        )
        for name, _w, editable in COLUMNS:
            cell = ws.cell(row=row, column=COL[name])
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if editable:
                cell.protection = Protection(locked=False)
                cell.fill = EDITABLE_FILL
        kind = ind.value_unit if ind.value_unit in ("percent", "count") else "other"
        ranges[kind].append(f"I{row}")
    rules = {
        "percent": DataValidation(
            type="decimal",
            operator="between",
            formula1="0",
            formula2="100",
            error="En procentsats skal ligge mellem 0 og 100.",
        ),
        "count": DataValidation(
            type="whole",
            operator="greaterThanOrEqual",
            formula1="0",
            error="Et antal skal være et helt tal, 0 eller mere.",
        ),
        "other": DataValidation(
            type="decimal",
            operator="between",
            formula1="-1000000000000",
            formula2="1000000000000",
            error="Skriv et tal, f.eks. 12,5.",
        ),
    }
    for kind, cells in ranges.items():
        if cells:
            rule = rules[kind]
            rule.showErrorMessage = True
            rule.errorTitle = "Ugyldig værdi"
            for ref in cells:
                rule.add(ref)
            ws.add_data_validation(rule)
    yes_no = DataValidation(type="list", formula1='"ja,nej"', allow_blank=True)
    yes_no.add(f"M2:M{max(len(breakdowns) + 1, 2)}")
    ws.add_data_validation(yes_no)
    ws.freeze_panes = "E2"
    ws.protection.sheet = True  # locks the key columns; no password, it guards against slips
    ws.auto_filter.ref = f"A1:M{len(breakdowns) + 1}"

    guide = wb.create_sheet("Vejledning")
    lines = [
        f"Indberetning af indikatorværdier: {committee.code} {committee.name}, år {year}",
        "",
        "1. Udfyld de gule felter på arket “Værdier”: én række pr. indikator og opdeling.",
        "2. Skriv tal som 12,5 (komma er decimaltegn). Et punktum efterfulgt af præcis tre cifre",
        "   adskiller tusinder (1.000 er et tusind); 12.5 læses som 12,5.",
        "   Procentsatser mellem 0 og 100, antal som hele tal.",
        "3. Er der ingen data, så lad Værdi stå tom og skriv en begrundelse.",
        "4. Skriv ikke formler: kun tal og tekst læses.",
        "5. Ret ikke i de grå kolonner, og tilføj ikke rækker:",
        "   nøglen binder rækken til indikatoren.",
        "6. Gem som .xlsx og upload filen på indberetningssiden. Du ser en oversigt over alle",
        "   ændringer (gammel → ny), før noget gemmes.",
        "",
        f"Skabelonen gælder kun {committee.code} for år {year}.",
    ]
    for line in lines:
        guide.append([line])
    guide["A1"].font = Font(bold=True, size=13)
    guide.column_dimensions["A"].width = 100
    guide.protection.sheet = True

    meta = wb.create_sheet(META_SHEET)
    meta.append([FORMAT, FORMAT_VERSION])
    meta.append(["udvalg", committee.slug])
    meta.append(["år", year])
    _write_base(meta, version, breakdowns, values)
    meta.sheet_state = "veryHidden"
    meta.protection.sheet = True
    wb.active = 0
    wb.properties.title = f"Indberetning {committee.code} {year}"
    wb.properties.creator = "kkintegration"
    texts_stay_text(wb)  # a comment "=HYPERLINK(…)" is written as text, not as a formula
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


BASE_ROW = 6  # the values the template was made from start here on the meta sheet
BASE_FIELDS = ["value", "no_data_reason", "comment", "source", "is_provisional"]


def _fields_of(v):
    """The entered fields of a value (or of nothing) as compared between template and store."""
    if v is None:
        return {
            "value": None,
            "no_data_reason": "",
            "comment": "",
            "source": "",
            "is_provisional": False,
        }
    return {f: getattr(v, f) for f in BASE_FIELDS}


def _write_base(meta, version, breakdowns, values):
    """The committee-year's version and each row's values as downloaded, as text (a
    spreadsheet program leaves text as it is), so an upload can tell what changed since."""
    meta.append(["version", version])
    meta.append(["nøgle", *BASE_FIELDS])
    for b in breakdowns:
        f = _fields_of(values.get(b.pk))
        meta.append(
            [
                b.pk,
                "" if f["value"] is None else str(f["value"]),
                f["no_data_reason"],
                f["comment"],
                f["source"],
                "ja" if f["is_provisional"] else "nej",
            ]
        )


def _read_base(meta, result):
    """The version and values a template was made from, when it says (format 2)."""
    if meta["A4"].value != "version":
        return
    try:
        result.base_version = int(meta["B4"].value)
        for row in meta.iter_rows(min_row=BASE_ROW, max_col=6, values_only=True):
            if row[0] in (None, ""):
                continue
            value = None if row[1] in (None, "") else Decimal(str(row[1]))
            result.base[int(row[0])] = {
                "value": value,
                "no_data_reason": str(row[2] or ""),
                "comment": str(row[3] or ""),
                "source": str(row[4] or ""),
                "is_provisional": str(row[5] or "").strip().lower() in YES,
            }
    except (TypeError, ValueError, ArithmeticError):
        # a damaged record of the download: compare with what is stored, as before
        result.base_version, result.base = None, {}


@dataclass
class ReadResult:
    rows: list = field(default_factory=list)  # dicts: breakdown, value, no_data_reason, …
    errors: list = field(default_factory=list)  # dicts: row, column, message
    base_version: int | None = None  # the committee-year's version the template was made at
    base: dict = field(default_factory=dict)  # {breakdown_id: fields as downloaded}

    def error(self, row, column, message):
        self.errors.append({"row": row, "column": column, "message": str(message)})


def _text(cell, result, row, column):
    if cell.data_type == "f":
        result.error(row, column, _("Formulas are not allowed; type the text."))
        return ""
    return "" if cell.value is None else str(cell.value).strip()


def read_template(data, *, committee, year, breakdowns):
    """Check an uploaded workbook (bytes) against the committee-year; write nothing.

    Raises ValidationError for a file that cannot be used at all; otherwise returns a
    ReadResult with a row per breakdown found and every bad cell.
    """
    wb = open_workbook(data)  # bounded before parsing; UploadRefused for an unsafe file
    if META_SHEET not in wb.sheetnames or DATA_SHEET not in wb.sheetnames:
        raise ValidationError(
            _("The workbook is not a template from this system: download the template first.")
        )
    meta = wb[META_SHEET]
    if meta["A1"].value != FORMAT:
        raise ValidationError(_("The workbook is not a template from this system."))
    their_slug, their_year = meta["B2"].value, meta["B3"].value
    if their_slug != committee.slug or their_year != year:
        raise ValidationError(
            _("This template is for %(theirs)s %(their_year)s, not %(ours)s %(year)s.")
            % {
                "theirs": str(their_slug).upper(),
                "their_year": their_year,
                "ours": committee.code,
                "year": year,
            }
        )
    ws = wb[DATA_SHEET]
    headers = [c.value for c in ws[1]]
    if headers[: len(COLUMNS)] != [name for name, _w, _e in COLUMNS]:
        raise ValidationError(_("The columns of the sheet “Værdier” have been changed."))
    by_id = {b.pk: b for b in breakdowns}
    result = ReadResult()
    _read_base(meta, result)
    seen = {}
    for row in ws.iter_rows(min_row=2):
        n = row[0].row
        cells = {name: row[COL[name] - 1] for name, _w, _e in COLUMNS}
        key_cell = cells["Nøgle"]
        if key_cell.value in (None, "") and all(c.value in (None, "") for c in row):
            continue
        try:
            key = int(key_cell.value)
        except (TypeError, ValueError, OverflowError):
            result.error(n, "Nøgle", _("Unknown indicator: the key is missing or changed."))
            continue
        if key not in by_id:
            result.error(n, "Nøgle", _("Unknown indicator (key %(key)s).") % {"key": key})
            continue
        if key in seen:
            result.error(
                n,
                "Nøgle",
                _("Duplicate row: the same indicator is also in row %(row)s.") % {"row": seen[key]},
            )
            continue
        seen[key] = n
        breakdown = by_id[key]
        value_cell = cells["Værdi"]
        value = None
        if value_cell.data_type == "f":
            result.error(n, "Værdi", _("Formulas are not allowed; type the number."))
        elif value_cell.value not in (None, ""):
            try:
                value = check_value(parse_number(value_cell.value), breakdown.indicator.value_unit)
            except ValidationError as exc:
                result.error(n, "Værdi", " ".join(exc.messages))
        provisional_text = _text(
            cells["Foreløbig (ja/nej)"], result, n, "Foreløbig (ja/nej)"
        ).lower()
        if provisional_text not in YES | NO:
            result.error(n, "Foreløbig (ja/nej)", _("Write “ja” or “nej”."))
        result.rows.append(
            {
                "breakdown": key,
                "value": value,
                "no_data_reason": _text(
                    cells["Ingen data – begrundelse"], result, n, "Ingen data – begrundelse"
                ),
                "comment": _text(cells["Kommentar"], result, n, "Kommentar"),
                "source": _text(cells["Kilde"], result, n, "Kilde"),
                "is_provisional": provisional_text in YES,
            }
        )
    return result


def changes_between(rows, existing, breakdowns, base=None):
    """The rows that differ from the saved values, as JSON-able old → new records.

    With `base` (the values the template was made from), a row whose stored value changed
    since the download is marked `stale`: by default the newer stored value is kept, and
    a row the user left as downloaded is no change at all unless they choose it.
    """
    by_id = {b.pk: b for b in breakdowns}
    changes = []
    for row in rows:
        before = _fields_of(existing.get(row["breakdown"]))
        after = {k: row[k] for k in before}
        if before == after:
            continue
        then = (base or {}).get(row["breakdown"])
        stale = then is not None and then != before
        b = by_id[row["breakdown"]]
        unit = b.indicator.value_unit
        changes.append(
            {
                "breakdown": b.pk,
                "indicator": b.indicator.text[:120],
                "label": b.label,
                "old": _fmt(before["value"], unit) or before["no_data_reason"],
                "new": _fmt(after["value"], unit) or after["no_data_reason"],
                "fields": {k: (str(v) if isinstance(v, Decimal) else v) for k, v in after.items()},
                "stale": stale,
                "downloaded": (_fmt(then["value"], unit) or then["no_data_reason"])
                if stale
                else None,
                "untouched": stale and then == after,
            }
        )
    return changes
