"""The one writer of the Bilag workbooks: sheets in, an A4 print-ready .xlsx out.

Each app's exporter returns a Sheet (title, columns and rows, produced lazily);
`write_workbook` renders any list of them with XlsxWriter in constant-memory mode
(each row goes to disk as it is written), so memory stays flat however large the plans
grow. (pretix's exporter pattern: an exporter yields a header and rows, one shared
writer renders them.)
"""

from dataclasses import dataclass, field

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _

MILLIONS = '#,##0.0,, "mio. kr."'
# Whole kroner with thousands separators: exact by construction, whatever the amount.
KRONER = '#,##0 "kr."'
FORMATS = {
    "percent": '0.0" %"',
    "percentage_points": '0.0" pct.-point"',
    "count": "#,##0",
    "dkk": MILLIONS,
    "score": "0.0",
    "text": "General",
}
FINANCING_FILLS = {
    "separate_appropriation": "F4B6B0",
    "budget_process": "FFE699",
    "within_frame": "B7DDB0",
    "not_stated": "E0E0E0",
}
# Values in the narrow year columns: the unit stands in its own column, so a value needs
# only its digits ("10,2", not "10,2 pct.-point", which would print as "###").
SHORT_FORMATS = {**FORMATS, "percentage_points": "0.0", "dkk": KRONER}
SECTION_FILL = "D9E2EC"
A4 = 9  # the paper size code in Excel's page setup
# The widest band (sum of column widths, in character units) that prints on one A4
# landscape page with no text under 8 pt, also where Calibri is missing and LibreOffice
# measures the columns in the wider DejaVu Sans (about 2,5 mm a unit; Excel with Calibri
# prints larger still); wider sheets print in bands side by side, their first column(s)
# repeated on each.
BAND_WIDTH = 142
PORTRAIT_WIDTH = 96  # narrower sheets print portrait at the same minimum scale


@dataclass
class Column:
    header: str
    width: int
    number_format: str | None = None
    # numbers are right-aligned, and so is their heading, so a value stands under its own
    # year; set explicitly for a text column holding numbers
    align: str | None = None

    def __post_init__(self):
        if self.align is None:
            self.align = "right" if self.number_format else "left"


@dataclass
class Row:
    values: list
    kind: str = "data"  # data | section | heading | subtotal | total | note
    formats: dict = field(default_factory=dict)  # column index → number format
    fills: dict = field(default_factory=dict)  # column index → RGB


@dataclass
class Sheet:
    title: str
    columns: list
    rows: object  # an iterable of Row, consumed once while writing
    repeat_columns: int = 1  # columns printed again on each page band of a wide sheet


@dataclass(frozen=True)
class Formula:
    """A formula and its result, stored with it: spreadsheets recalculate, but previews,
    phones and LibreOffice's default settings show the stored result."""

    text: str
    result: object


class _Formats:
    """The cell formats of one workbook, each made once and shared by every cell that
    uses it: wrapped and top-aligned, so codes and numbers line up with tall text."""

    def __init__(self, wb):
        self.wb = wb
        self.made = {}

    def get(self, kind, fmt, fill, align="left"):
        key = (kind, fmt, fill, align)
        if key not in self.made:
            props = {"valign": "top", "align": align}
            # a section title runs across the empty cells beside it; everything else wraps
            if kind != "section":
                props["text_wrap"] = True
            if fmt:
                props["num_format"] = fmt
            if kind in ("section", "heading", "subtotal", "total"):
                props["bold"] = True
            if kind == "section":
                props.update(font_size=12, pattern=1, bg_color=f"#{SECTION_FILL}")
            if kind in ("subtotal", "total"):
                props.update(bottom=1, bottom_color="#999999")
            if fill:
                props.update(pattern=1, bg_color=f"#{fill}")
            self.made[key] = self.wb.add_format(props)
        return self.made[key]


def _header_text(text):
    return text.replace("&", "&&")  # a lone & starts a code in Excel's headers


def write_workbook(sheets, out, *, title, subject):
    """Render `sheets` into the file-like `out`: A4 landscape, print-ready, Danish formats."""
    wb = xlsxwriter.Workbook(
        out,
        {
            "constant_memory": True,
            # text stays text: no formulas, numbers or links read into what people typed
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    wb.set_properties(
        {
            "title": title,
            "subject": subject,
            "author": "kkintegration",
            "created": timezone.now().replace(tzinfo=None),
        }
    )
    today = timezone.localdate().strftime("%d.%m.%Y")
    formats = _Formats(wb)
    page = _("Page &P of &N")
    for sheet in sheets:
        ws = wb.add_worksheet(sheet.title[:31])
        columns = sheet.columns
        for i, column in enumerate(columns):
            ws.set_column(i, i, column.width)
        ws.freeze_panes(1, 0)
        ws.repeat_rows(0)
        _page_setup(ws, columns, sheet.repeat_columns)
        ws.set_header(f"&L{_header_text(f'{subject}: {sheet.title}')}&R{today}")
        ws.set_footer(f"&L{_header_text(title)}&R{page}")
        header = Row([c.header for c in columns], kind="heading")
        _write_row(ws, formats, 0, header, columns, header=True)
        for number, row in enumerate(sheet.rows, start=1):
            _write_row(ws, formats, number, row, columns)
    wb.close()


def _page_setup(ws, columns, repeat):
    """A4 with no text under 8 pt: portrait when the columns fit, else landscape, in as
    many bands side by side as the width needs (the first columns repeated on each)."""
    width = sum(c.width for c in columns)
    repeated = sum(c.width for c in columns[:repeat])
    ws.set_paper(A4)
    ws.set_margins(left=0.4, right=0.4, top=0.75, bottom=0.75)
    bands = 1
    if width <= PORTRAIT_WIDTH:
        ws.set_portrait()
    else:
        ws.set_landscape()
        used = 0
        for column in columns:  # page breaks fall between columns: pack them into bands
            if used + column.width > BAND_WIDTH and used > repeated:
                bands += 1
                used = repeated
            used += column.width
        if bands > 1:
            ws.print_across()  # each band beside its rows: pages read left to right
            if repeat:
                ws.repeat_columns(0, repeat - 1)
    ws.fit_to_pages(bands, 0)


def _write_row(ws, formats, number, row, columns, header=False):
    if number:
        ws.set_row(number, _height(row, columns))
    kind, fills, row_formats = row.kind, row.fills, row.formats
    for index, value in enumerate(row.values):
        fill = fills.get(index)
        align = columns[index].align if index < len(columns) else "left"
        if kind == "section" and not header:
            align = "left"
        if value is None or value == "":
            if fill is None and kind in ("data", "note"):
                continue  # nothing would show
            ws.write_blank(number, index, None, formats.get(kind, None, fill, align))
        elif isinstance(value, str):
            ws.write_string(number, index, value, formats.get(kind, None, fill, align))
        else:
            fmt = formats.get(
                kind, row_formats.get(index, columns[index].number_format), fill, align
            )
            if isinstance(value, Formula):
                ws.write_formula(number, index, value.text, fmt, float(value.result))
            else:
                ws.write_number(number, index, value, fmt)


def _height(row, columns):
    """Row height in points for wrapped text (spreadsheets do not grow rows on their own)."""
    lines = 1
    for value, column in zip(row.values, columns, strict=False):
        if isinstance(value, str):
            per_line = max(int(column.width * 1.0), 1)  # DejaVu Sans runs wider than Calibri
            wrapped = sum(max(1, -(-len(part) // per_line)) for part in value.split("\n"))
            if row.kind == "section":
                wrapped = 1
            lines = max(lines, wrapped)
    return min(15 * lines + 3, 409)


def committee_title(c):
    """The heading of a committee's section in any sheet: "SUD – Socialudvalget"."""
    return f"{c.code} – {c.name}"


def grouped(rows):
    """{key: [rest of row, ...]} from (key, *rest) tuples, keeping their order."""
    groups = {}
    for key, *rest in rows:
        groups.setdefault(key, []).append(rest)
    return groups


def texts_stay_text(workbook):
    """Mark every cell of an openpyxl workbook that openpyxl took for a formula (a text
    starting with "=") as the text it is: nothing a user typed becomes a live formula.
    For workbooks that hold no formulas of their own (the entry template)."""
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    return workbook
