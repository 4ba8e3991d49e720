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
FORMAT_VERSION = 1
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


def build_template(*, committee, year, breakdowns, values, last_year):
    """The template workbook as bytes (no queries: everything is passed in).

    `breakdowns`: Breakdowns with their indicator (and its target) in plan order;
    `values`: {breakdown_id: IndicatorValue} of the year; `last_year`: {breakdown_id: Decimal}.
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
        "2. Skriv tal som 12,5 eller 12.5. Procentsatser mellem 0 og 100, antal som hele tal.",
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
    meta.sheet_state = "veryHidden"
    meta.protection.sheet = True
    wb.active = 0
    wb.properties.title = f"Indberetning {committee.code} {year}"
    wb.properties.creator = "kkintegration"
    texts_stay_text(wb)  # a comment "=HYPERLINK(…)" is written as text, not as a formula
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


@dataclass
class ReadResult:
    rows: list = field(default_factory=list)  # dicts: breakdown, value, no_data_reason, …
    errors: list = field(default_factory=list)  # dicts: row, column, message

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


def changes_between(rows, existing, breakdowns):
    """The rows that differ from the saved values, as JSON-able old → new records."""
    by_id = {b.pk: b for b in breakdowns}
    changes = []
    for row in rows:
        old = existing.get(row["breakdown"])
        before = {
            "value": old.value if old else None,
            "no_data_reason": old.no_data_reason if old else "",
            "comment": old.comment if old else "",
            "source": old.source if old else "",
            "is_provisional": old.is_provisional if old else False,
        }
        after = {k: row[k] for k in before}
        if before == after:
            continue
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
            }
        )
    return changes
