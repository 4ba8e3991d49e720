"""The council's appendices (Bilag) as Excel workbooks.

Each sheet is an exporter: a function that returns a Sheet (title, columns and rows,
produced lazily). One writer, `write_workbook`, renders any list of sheets with
XlsxWriter in constant-memory mode (each row goes to disk as it is written), so memory
stays flat however large the plans grow; the download views and `manage.py export_bilag`
call the same code. Imports and the entry template read and write with openpyxl; for
this one large, write-once workbook XlsxWriter is about twice as fast.
"""

import os
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

import xlsxwriter
from django.utils import timezone
from openpyxl.utils import get_column_letter

from activities.models import Activity
from budgets.models import FundingLine, FundingSource, FundingYear
from goals.models import Objective, Target
from indicators.models import Breakdown, Indicator, IndicatorValue
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
SECTION_FILL = "D9E2EC"
A4 = 9  # the paper size code in Excel's page setup


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

    def get(self, kind, fmt, fill):
        key = (kind, fmt, fill)
        if key not in self.made:
            props = {"valign": "top"}
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
    today = date.today().strftime("%d.%m.%Y")
    formats = _Formats(wb)
    for sheet in sheets:
        ws = wb.add_worksheet(sheet.title[:31])
        columns = sheet.columns
        for i, column in enumerate(columns):
            ws.set_column(i, i, column.width)
        ws.freeze_panes(1, 0)
        ws.repeat_rows(0)
        ws.set_landscape()
        ws.set_paper(A4)
        ws.fit_to_pages(1, 0)
        ws.set_header(f"&L{_header_text(f'{subject}: {sheet.title}')}&R{today}")
        ws.set_footer(f"&L{_header_text(title)}&RSide &P af &N")
        header = Row([c.header for c in columns], kind="heading")
        _write_row(ws, formats, 0, header, [Column("", 0)] * len(columns))
        for number, row in enumerate(sheet.rows, start=1):
            _write_row(ws, formats, number, row, columns)
    wb.close()


def _write_row(ws, formats, number, row, columns):
    if number:
        ws.set_row(number, _height(row, columns))
    kind, fills, row_formats = row.kind, row.fills, row.formats
    for index, value in enumerate(row.values):
        fill = fills.get(index)
        if value is None or value == "":
            if fill is None and kind in ("data", "note"):
                continue  # nothing would show
            ws.write_blank(number, index, None, formats.get(kind, None, fill))
        elif isinstance(value, str):
            ws.write_string(number, index, value, formats.get(kind, None, fill))
        else:
            fmt = formats.get(kind, row_formats.get(index, columns[index].number_format), fill)
            if isinstance(value, Formula):
                ws.write_formula(number, index, value.text, fmt, float(value.result))
            else:
                ws.write_number(number, index, value, fmt)


def _height(row, columns):
    """Row height in points for wrapped text (spreadsheets do not grow rows on their own)."""
    lines = 1
    for value, column in zip(row.values, columns, strict=False):
        if isinstance(value, str):
            per_line = max(int(column.width * 1.1), 1)
            wrapped = sum(max(1, -(-len(part) // per_line)) for part in value.split("\n"))
            if row.kind == "section":
                wrapped = 1
            lines = max(lines, wrapped)
    return min(15 * lines + 3, 409)


# --- Exporters ---------------------------------------------------------------------------


def _committee_title(c):
    return f"{c.code} – {c.name}"


def _grouped(rows):
    """{key: [rest of row, ...]} from (key, *rest) tuples, keeping their order."""
    groups = {}
    for key, *rest in rows:
        groups.setdefault(key, []).append(rest)
    return groups


def bilag2_sheet(committees):
    """The Bilag 2 table: per objective a heading row, then Nr. · Resultatmål · Indikator ·
    Aktiviteter, activities as a multi-line cell (4 queries for any number of committees,
    reading plain tuples rather than model instances, so memory stays small)."""
    columns = [
        Column("Nr.", 6),
        Column("Resultatmål", 45),
        Column("Indikator", 45),
        Column("Aktiviteter", 55),
    ]

    def rows():
        many = len(committees) > 1
        objectives = _grouped(
            Objective.objects.filter(plan__committee__in=committees)
            .order_by("plan__committee__order", "order")
            .values_list("plan__committee_id", "pk", "text", "theme__name")
        )
        in_plans = {"objective__plan__committee__in": committees}
        targets = _grouped(
            Target.objects.filter(**in_plans)
            .order_by("number")
            .values_list("objective_id", "pk", "number", "text", "reservation")
        )
        indicators = _grouped(
            Indicator.objects.filter(**in_plans, target__isnull=False)
            .order_by("order")
            .values_list("target_id", "text", "target_text", "not_measurable_note")
        )
        activities = _grouped(
            Activity.targets.through.objects.filter(
                target__objective__plan__committee__in=committees
            )
            .order_by("activity__order", "activity_id")
            .values_list("target_id", "activity__name")
        )
        for c in committees:
            if many:
                yield Row([_committee_title(c), None, None, None], kind="section")
            for objective_id, text, theme in objectives.get(c.pk, []):
                yield Row([None, f"Målsætning: {text or theme or ''}", None, None], kind="heading")
                for target_id, number, text, reservation in targets.get(objective_id, []):
                    yield Row(
                        [
                            number,
                            text + (f"\n{reservation}" if reservation else ""),
                            "\n".join(_indicator_text(*i) for i in indicators.get(target_id, []))
                            or "–",
                            "\n".join(f"• {a}" for (a,) in activities.get(target_id, [])) or "–",
                        ]
                    )

    return Sheet("Bilag 2", columns, rows())


def _indicator_text(text, target_text, not_measurable_note):
    if target_text:
        return f"{text} ({target_text})"
    if not_measurable_note and not_measurable_note not in text:
        return f"{text} ({not_measurable_note})"
    return text


def finance_sheet(committees, years):
    """Funding lines with total, one column per year, sources and status (colour-coded),
    subtotals per status and totals as SUM/SUMIF formulas (3 queries in all, plain tuples)."""
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
        totals = []  # (row number, sums per amount column) of each committee's total row
        in_plans = {"funding_line__plan__committee__in": committees}
        lines = _grouped(
            FundingLine.objects.filter(plan__committee__in=committees)
            .order_by("plan__committee__order", "order")
            .values_list(
                "plan__committee_id",
                "pk",
                "name",
                "total",
                "status",
                "no_amount_note",
                "split_text",
                "status_text",
                "note",
                "discrepancy_note",
            )
        )
        amounts = _grouped(
            FundingYear.objects.filter(**in_plans).values_list("funding_line_id", "year", "amount")
        )
        sources = _grouped(
            FundingSource.objects.filter(**in_plans)
            .order_by("order")
            .values_list("funding_line_id", "name", "amount")
        )
        for c in committees:
            row_no += 1
            yield Row([_committee_title(c), *[None] * (len(columns) - 1)], kind="section")
            committee_lines = lines.get(c.pk, [])
            first = row_no + 1
            # the formulas' results, computed here too: lines without an amount count as 0
            sums = {status: [Decimal(0)] * len(amount_cols) for status in labels}
            for pk, name, total, status, *notes, discrepancy in committee_lines:
                row_no += 1
                per_year = dict(amounts.get(pk, []))
                line_amounts = [total, *[per_year.get(y) for y in years]]
                sums[status] = [
                    s + (a or 0) for s, a in zip(sums[status], line_amounts, strict=True)
                ]
                if discrepancy:
                    notes.append(f"Note om tallene: {discrepancy}")
                yield Row(
                    [
                        name,
                        *line_amounts,
                        "\n".join(
                            f"{s_name}: {_amount_text(s_amount)}"
                            if s_amount is not None
                            else s_name
                            for s_name, s_amount in sources.get(pk, [])
                        ),
                        labels[status],
                        "\n".join(n for n in notes if n),
                    ],
                    fills={status_col: FINANCING_FILLS[status]},
                )
            last = row_no
            for status, label in labels.items():
                row_no += 1
                yield Row(
                    [
                        f"Subtotal: {label}",
                        *[
                            Formula(
                                f"=SUMIF({letter[status_col]}{first}:{letter[status_col]}{last},"
                                f'"{label}",{letter[i]}{first}:{letter[i]}{last})',
                                sums[status][j],
                            )
                            if committee_lines
                            else 0
                            for j, i in enumerate(amount_cols)
                        ],
                        "",
                        label,
                        "",
                    ],
                    kind="subtotal",
                    fills={status_col: FINANCING_FILLS[status]},
                )
            row_no += 1
            committee_sums = [sum(column) for column in zip(*sums.values(), strict=True)]
            totals.append((row_no, committee_sums))
            yield Row(
                [
                    f"I alt {c.code}",
                    *[
                        Formula(f"=SUM({letter[i]}{first}:{letter[i]}{last})", committee_sums[j])
                        if committee_lines
                        else 0
                        for j, i in enumerate(amount_cols)
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
                    *[
                        Formula(
                            "=" + "+".join(f"{letter[i]}{r}" for r, _ in totals),
                            sum(sums_of[j] for _, sums_of in totals),
                        )
                        for j, i in enumerate(amount_cols)
                    ],
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
    demo and provisional values are marked (1 query when the roll-up is cached, 3 cold)."""
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
        data = [
            r for r in rows_as_of(max(years)) if r.indicator.objective.plan.committee_id in wanted
        ]
        breakdowns = _grouped(
            Breakdown.objects.filter(indicator__objective__plan__committee__in=committees)
            .order_by("order")
            .values_list("indicator_id", "group", "sex")
        )
        labels = {}  # (group, sex) → label, translated once
        units = {u.value: str(u.label) for u in Indicator.Unit}
        for r in data:
            ind = r.indicator
            own_fmt = FORMATS.get(ind.unit)
            head = [
                ind.objective.plan.committee.code,
                ind.target.number if ind.target_id else "",
                ind.text,
            ]
            about = [
                units[ind.unit],
                ind.baseline_value,
                ind.baseline_year,
                ind.target_value,
                ind.target_year,
            ]
            marks = "; ".join(
                [f"{y}: demo" for y in years if r.is_demo(y)]
                + [f"{y}: foreløbig" for y in years if r.is_provisional(y)]
            )
            formats = {5: own_fmt, 7: own_fmt}
            value_formats = {
                **formats,
                **{9 + i: FORMATS.get(ind.value_unit) for i in range(len(years))},
            }
            for group, sex in breakdowns.get(ind.pk, []):
                if (group, sex) not in labels:
                    labels[group, sex] = Breakdown(group=group, sex=sex).label
                yield Row(
                    [
                        *head,
                        labels[group, sex],
                        *about,
                        *[r.groups.get((group, sex, y)) for y in years],
                        marks,
                    ],
                    formats=value_formats,
                )
            if ind.is_gap:
                yield Row(
                    [*head, "Forskel (beregnet)", *about, *[r.series.get(y) for y in years], ""],
                    formats={**formats, **{9 + i: own_fmt for i in range(len(years))}},
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
        counts = Counter(r.assessment.status for r in data)
        yield Row([""] * len(columns), kind="note")
        yield Row([f"Status {year} (godkendte værdier)", "", "", "", "", "", ""], kind="heading")
        for status in STATUS_ORDER:
            label = str(status.label)
            yield Row(
                [
                    label,
                    "",
                    "",
                    Formula(f'=COUNTIF(F{first}:F{last},"{label}")', counts[status]),
                    "",
                    "",
                    "",
                ],
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


def open_cached_export(*, committee=None, year=None):
    """The Bilag workbook of `committee` (default: all) for the current data, opened for
    reading.

    Written on first use into settings.BILAG_CACHE_DIR and kept while the roll-up token
    (which every change to plans, values or money renews) and the date stay the same, so
    repeated downloads cost a file read and a large export is built once per change.
    Files of earlier tokens for the same workbook are removed when a new one is written.
    """
    from django.conf import settings

    from indicators.rollup import rollup_token

    stem = f"bilag-{committee.slug if committee else 'alle'}-{year or 'seneste'}-"
    directory = Path(settings.BILAG_CACHE_DIR)
    path = directory / f"{stem}{date.today():%Y%m%d}-{rollup_token()}.xlsx"
    try:
        return path.open("rb")
    except FileNotFoundError:
        pass
    directory.mkdir(parents=True, exist_ok=True)
    # written beside the final name and renamed at once: no reader sees half a file
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=stem, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            export_bilag(out, committees=[committee] if committee else None, year=year)
        handle = open(tmp, "rb")  # noqa: SIM115 - the caller closes it
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    for old in directory.glob(f"{stem}*.xlsx"):
        if old != path:
            old.unlink(missing_ok=True)
    return handle
