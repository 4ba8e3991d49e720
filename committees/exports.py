"""The council's appendices (Bilag) as Excel workbooks.

Each sheet is an exporter: a function that returns a Sheet (title, columns and rows,
produced lazily). One writer, `write_workbook`, renders any list of sheets with
openpyxl's write-only mode, so memory stays flat however large the plans grow; the
download views and `manage.py export_bilag` call the same code.
"""

from copy import copy
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from activities.models import Activity
from budgets.models import FundingLine, FundingYear
from goals.models import Objective, Target
from indicators.models import Indicator, IndicatorValue
from indicators.rollup import rows_as_of
from indicators.status import STATUS_ORDER

from .models import Committee

MILLIONS = '#,##0.0,, "mio. kr."'
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
BOLD = Font(bold=True)
HEADING = Font(bold=True, size=12)
WRAP = Alignment(wrap_text=True, vertical="top")
THIN = Border(bottom=Side(style="thin", color="999999"))
SECTION_FILL = PatternFill("solid", fgColor="D9E2EC")


@dataclass
class Column:
    header: str
    width: int
    number_format: str | None = None


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


NO_WRAP = Alignment(wrap_text=False, vertical="top")


_styles = {}


def _style(ws, kind, fmt, fill):
    """The style of a cell kind, built once and then copied (setting styles one attribute
    at a time is what makes large workbooks slow)."""
    key = (kind, fmt, fill)
    if key not in _styles:
        proto = WriteOnlyCell(ws)
        # a section title runs across the empty cells beside it; everything else wraps
        proto.alignment = NO_WRAP if kind == "section" else WRAP
        if fmt:
            proto.number_format = fmt
        if kind in ("section", "heading", "subtotal", "total"):
            proto.font = HEADING if kind == "section" else BOLD
        if kind == "section":
            proto.fill = SECTION_FILL
        if kind in ("subtotal", "total"):
            proto.border = THIN
        if fill:
            proto.fill = PatternFill("solid", fgColor=fill)
        _styles[key] = proto._style
    return copy(_styles[key])


def _cell(ws, value, row, index, column):
    """A styled cell, or the bare value where no style is needed (much faster to write)."""
    fmt = row.formats.get(index, column.number_format)
    fill = row.fills.get(index)
    plain = row.kind in ("data", "note") and fill is None
    if value is None and plain:
        return None
    if plain and not isinstance(value, str) and not fmt:
        return value
    cell = WriteOnlyCell(ws, value=value)
    numeric = not isinstance(value, str) or value.startswith("=")
    cell._style = _style(ws, row.kind, fmt if numeric else None, fill)
    return cell


def write_workbook(sheets, out, *, title, subject):
    """Render `sheets` into the file-like `out`: A4 landscape, print-ready, Danish formats."""
    _styles.clear()  # style indexes belong to one workbook
    wb = Workbook(write_only=True)
    wb.properties.title = title
    wb.properties.subject = subject
    wb.properties.creator = "kkintegration"
    wb.properties.created = timezone.now().replace(tzinfo=None)
    today = date.today().strftime("%d.%m.%Y")
    for sheet in sheets:
        ws = wb.create_sheet(sheet.title[:31])
        for i, column in enumerate(sheet.columns, start=1):
            ws.column_dimensions[get_column_letter(i)].width = column.width
        ws.freeze_panes = "A2"
        ws.print_title_rows = "1:1"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.gridLines = False
        ws.oddHeader.left.text = f"{subject}: {sheet.title}"
        ws.oddHeader.right.text = today
        ws.oddFooter.left.text = title
        ws.oddFooter.right.text = "Side &P af &N"
        header = Row([c.header for c in sheet.columns], kind="heading")
        ws.append([_cell(ws, v, header, i, Column("", 0)) for i, v in enumerate(header.values)])
        for number, row in enumerate(sheet.rows, start=2):
            ws.row_dimensions[number].height = _height(row, sheet.columns)
            ws.append([_cell(ws, v, row, i, sheet.columns[i]) for i, v in enumerate(row.values)])
    wb.save(out)


def _height(row, columns):
    """Row height in points for wrapped text (spreadsheets do not grow rows on their own)."""
    lines = 1
    for value, column in zip(row.values, columns, strict=False):
        if isinstance(value, str) and not value.startswith("="):
            per_line = max(int(column.width * 1.1), 1)
            wrapped = sum(max(1, -(-len(part) // per_line)) for part in value.split("\n"))
            if row.kind == "section":
                wrapped = 1
            lines = max(lines, wrapped)
    return min(15 * lines + 3, 409)


# --- Exporters ---------------------------------------------------------------------------


def _committee_title(c):
    return f"{c.code} – {c.name}"


def bilag2_sheet(committees):
    """The Bilag 2 table: per objective a heading row, then Nr. · Resultatmål · Indikator ·
    Aktiviteter, activities as a multi-line cell (5 queries for any number of committees)."""
    columns = [
        Column("Nr.", 6),
        Column("Resultatmål", 45),
        Column("Indikator", 45),
        Column("Aktiviteter", 55),
    ]

    def rows():
        many = len(committees) > 1
        objectives = (
            Objective.objects.filter(plan__committee__in=committees)
            .select_related("theme", "plan")
            .prefetch_related(
                Prefetch(
                    "targets",
                    Target.objects.order_by("number").prefetch_related(
                        Prefetch("indicators", Indicator.objects.order_by("order")),
                        Prefetch("activities", Activity.objects.order_by("order")),
                    ),
                ),
            )
            .order_by("plan__committee__order", "order")
        )
        by_committee = {}
        for objective in objectives:
            by_committee.setdefault(objective.plan.committee_id, []).append(objective)
        for c in committees:
            if many:
                yield Row([_committee_title(c), None, None, None], kind="section")
            for objective in by_committee.get(c.pk, []):
                label = objective.text or (objective.theme.name if objective.theme else "")
                yield Row([None, f"Målsætning: {label}", None, None], kind="heading")
                for t in objective.targets.all():
                    yield Row(
                        [
                            t.number,
                            t.text + (f"\n{t.reservation}" if t.reservation else ""),
                            "\n".join(_indicator_text(i) for i in t.indicators.all()) or "–",
                            "\n".join(f"• {a.name}" for a in t.activities.all()) or "–",
                        ]
                    )

    return Sheet("Bilag 2", columns, rows())


def _indicator_text(ind):
    text = ind.text
    if ind.target_text:
        text += f" ({ind.target_text})"
    elif ind.not_measurable_note and ind.not_measurable_note not in text:
        text += f" ({ind.not_measurable_note})"
    return text


def finance_sheet(committees, years):
    """Funding lines with total, one column per year, sources and status (colour-coded),
    subtotals per status and totals as SUM/SUMIF formulas (3 queries in all)."""
    year_cols = [Column(str(y), 13, MILLIONS) for y in years]
    columns = [
        Column("Aktivitet / finansieringslinje", 48),
        Column("I alt", 14, MILLIONS),
        *year_cols,
        Column("Kilder", 34),
        Column("Finansieringsstatus", 26),
        Column("Bemærkning", 40),
    ]
    amount_cols = list(range(1, 2 + len(years)))  # "I alt" and the years
    status_col = 2 + len(years) + 1
    letter = {i: get_column_letter(i + 1) for i in range(len(columns))}
    labels = {s.value: str(s.label).capitalize() for s in FundingLine.Status}

    def rows():
        row_no = 1  # the header
        totals = []  # row numbers of each committee's total row
        all_lines = (
            FundingLine.objects.filter(plan__committee__in=committees)
            .select_related("plan")
            .prefetch_related(Prefetch("years", FundingYear.objects.order_by("year")), "sources")
            .order_by("plan__committee__order", "order")
        )
        by_committee = {}
        for line in all_lines:
            by_committee.setdefault(line.plan.committee_id, []).append(line)
        for c in committees:
            row_no += 1
            yield Row([_committee_title(c), *[None] * (len(columns) - 1)], kind="section")
            lines = by_committee.get(c.pk, [])
            first = row_no + 1
            for line in lines:
                row_no += 1
                per_year = {y.year: y.amount for y in line.years.all()}
                note = "\n".join(
                    n
                    for n in (
                        line.no_amount_note,
                        line.split_text,
                        line.status_text,
                        line.note,
                        f"Note om tallene: {line.discrepancy_note}"
                        if line.discrepancy_note
                        else "",
                    )
                    if n
                )
                yield Row(
                    [
                        line.name,
                        line.total,
                        *[per_year.get(y) for y in years],
                        "\n".join(
                            f"{s.name}: {_amount_text(s.amount)}"
                            if s.amount is not None
                            else s.name
                            for s in line.sources.all()
                        ),
                        labels[line.status],
                        note,
                    ],
                    fills={status_col: FINANCING_FILLS[line.status]},
                )
            last = row_no
            for status, label in labels.items():
                row_no += 1
                yield Row(
                    [
                        f"Subtotal: {label}",
                        *[
                            f"=SUMIF({letter[status_col]}{first}:{letter[status_col]}{last},"
                            f'"{label}",{letter[i]}{first}:{letter[i]}{last})'
                            if lines
                            else 0
                            for i in amount_cols
                        ],
                        "",
                        label,
                        "",
                    ],
                    kind="subtotal",
                    fills={status_col: FINANCING_FILLS[status]},
                )
            row_no += 1
            totals.append(row_no)
            yield Row(
                [
                    f"I alt {c.code}",
                    *[
                        f"=SUM({letter[i]}{first}:{letter[i]}{last})" if lines else 0
                        for i in amount_cols
                    ],
                    "",
                    "",
                    "",
                ],
                kind="total",
            )
        if len(committees) > 1:
            yield Row(
                [
                    "I alt, alle udvalg",
                    *["=" + "+".join(f"{letter[i]}{r}" for r in totals) for i in amount_cols],
                    "",
                    "",
                    "",
                ],
                kind="total",
            )
        yield Row([""] * len(columns), kind="note")
        yield Row(["Farvekode (planernes):", *[""] * (len(columns) - 1)], kind="heading")
        for status, label in labels.items():
            yield Row(
                [label, *[""] * (len(columns) - 3), label, ""],
                fills={status_col: FINANCING_FILLS[status]},
                kind="note",
            )
        yield Row(
            [
                "Beløb vises i mio. kr. med én decimal; linjer uden beløb (“Ikke beregnet”, "
                "“Ikke opgjort”) tæller som 0 i summerne.",
                *[""] * (len(columns) - 1),
            ],
            kind="note",
        )

    return Sheet("Økonomi", columns, rows())


def _amount_text(amount):
    from .formatting import danish_amount

    return danish_amount(amount)


def values_sheet(committees, years):
    """Every indicator × breakdown with baseline, target and approved values by year;
    demo and provisional values are marked (1 query when the roll-up is cached)."""
    columns = [
        Column("Udvalg", 8),
        Column("Mål nr.", 7),
        Column("Indikator", 50),
        Column("Opdeling", 24),
        Column("Enhed", 14),
        Column("Udgangspunkt", 13),
        Column("Basisår", 9),
        Column("Mål", 12),
        Column("Målår", 8),
        *[Column(str(y), 11) for y in years],
        Column("Bemærkning", 30),
    ]
    wanted = {c.pk for c in committees}

    def rows():
        from indicators.models import Breakdown

        data = [
            r for r in rows_as_of(max(years)) if r.indicator.objective.plan.committee_id in wanted
        ]
        breakdowns = {}
        for b in Breakdown.objects.filter(indicator_id__in=[r.indicator.pk for r in data]).order_by(
            "order"
        ):
            breakdowns.setdefault(b.indicator_id, []).append(b)
        for r in data:
            ind = r.indicator
            value_fmt = FORMATS.get(ind.value_unit)
            own_fmt = FORMATS.get(ind.unit)
            for b in breakdowns.get(ind.pk, []):
                values = [r.groups.get((b.group, b.sex, y)) for y in years]
                marks = [f"{y}: demo" for y in years if r.is_demo(y)] + [
                    f"{y}: foreløbig" for y in years if r.is_provisional(y)
                ]
                formats = {5: own_fmt, 7: own_fmt, **{9 + i: value_fmt for i in range(len(years))}}
                yield Row(
                    [
                        ind.objective.plan.committee.code,
                        ind.target.number if ind.target_id else "",
                        ind.text,
                        b.label,
                        str(ind.get_unit_display()),
                        ind.baseline_value,
                        ind.baseline_year,
                        ind.target_value,
                        ind.target_year,
                        *values,
                        "; ".join(marks),
                    ],
                    formats=formats,
                )
            if ind.is_gap:
                gaps = [r.series.get(y) for y in years]
                yield Row(
                    [
                        ind.objective.plan.committee.code,
                        ind.target.number if ind.target_id else "",
                        ind.text,
                        "Forskel (beregnet)",
                        str(ind.get_unit_display()),
                        ind.baseline_value,
                        ind.baseline_year,
                        ind.target_value,
                        ind.target_year,
                        *gaps,
                        "",
                    ],
                    formats={5: own_fmt, 7: own_fmt, **{9 + i: own_fmt for i in range(len(years))}},
                )

    return Sheet("Indikatorværdier", columns, rows())


def barometer_sheet(committees, year):
    """Each indicator's status in `year` (approved values only) and COUNTIF totals."""
    columns = [
        Column("Udvalg", 8),
        Column("Mål nr.", 7),
        Column("Indikator", 60),
        Column("Seneste værdi", 14),
        Column("År", 7),
        Column("Status", 16),
        Column("Bemærkning", 16),
    ]
    wanted = {c.pk for c in committees}

    def rows():
        data = [
            r
            for r in rows_as_of(year)
            if r.indicator.objective.plan.committee_id in wanted and r.indicator.in_barometer
        ]
        first = 2
        for r in data:
            a = r.assessment
            yield Row(
                [
                    r.indicator.objective.plan.committee.code,
                    r.indicator.target.number if r.indicator.target_id else "",
                    r.indicator.text,
                    a.value,
                    a.year,
                    str(a.status.label),
                    "demo" if a.year and r.is_demo(a.year) else "",
                ],
                formats={3: FORMATS.get(r.indicator.unit)},
            )
        last = max(first + len(data) - 1, first)
        yield Row([""] * len(columns), kind="note")
        yield Row([f"Status {year} (godkendte værdier)", "", "", "", "", "", ""], kind="heading")
        for status in STATUS_ORDER:
            label = str(status.label)
            yield Row(
                [label, "", "", f'=COUNTIF(F{first}:F{last},"{label}")', "", "", ""],
                kind="subtotal",
                formats={3: "0"},
            )

    return Sheet("Barometer", columns, rows())


def plan_years(committees):
    """The years of the committees' plans, plus the year before (the usual baseline)."""
    from .models import ActionPlan

    plans = ActionPlan.objects.filter(committee__in=committees)
    start = min((p.period_start for p in plans), default=2011)
    end = max((p.period_end for p in plans), default=2014)
    return list(range(start - 1, end + 1))


def export_bilag(out, *, committees=None, year=None):
    """Write the Bilag workbook for `committees` (default: all) to the file-like `out`."""
    committees = list(committees or Committee.objects.order_by("order"))
    years = plan_years(committees)
    year = year or years[-1]
    value_years = sorted(
        set(years)
        | set(
            IndicatorValue.objects.approved()
            .filter(breakdown__indicator__objective__plan__committee__in=committees)
            .values_list("year", flat=True)
            .distinct()
        )
    )
    money_years = sorted(
        set(years)
        | set(
            FundingYear.objects.filter(funding_line__plan__committee__in=committees)
            .values_list("year", flat=True)
            .distinct()
        )
    )
    who = committees[0].name if len(committees) == 1 else "Alle udvalg"
    write_workbook(
        [
            bilag2_sheet(committees),
            finance_sheet(committees, money_years),
            values_sheet(committees, value_years),
            barometer_sheet(committees, year),
        ],
        out,
        title=f"Bilag: Integrationspolitikken 2011–14 – {who}",
        subject=who,
    )
