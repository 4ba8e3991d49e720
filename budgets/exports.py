"""The funding sheet (Økonomi) of the Bilag workbook."""

from decimal import Decimal

from openpyxl.utils import get_column_letter

from kkintegration.common.formatting import amount_excel_format, danish_amount
from kkintegration.common.xlsx import (
    FINANCING_FILLS,
    MILLIONS,
    Column,
    Formula,
    Row,
    Sheet,
    committee_title,
    grouped,
)

from .models import FundingLine, FundingSource, FundingYear


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
        lines = grouped(
            FundingLine.objects.filter(plan__committee__in=committees)
            .order_by("plan__committee__order", "order")
            .values_list(
                "plan__committee_id",
                "pk",
                "name",
                "total",
                "status",
                "qualifier",
                "no_amount_note",
                "split_text",
                "status_text",
                "note",
                "discrepancy_note",
            )
        )
        amounts = grouped(
            FundingYear.objects.filter(**in_plans).values_list("funding_line_id", "year", "amount")
        )
        sources = grouped(
            FundingSource.objects.filter(**in_plans)
            .order_by("order")
            .values_list("funding_line_id", "name", "amount", "state_pool")
        )
        for c in committees:
            row_no += 1
            yield Row([committee_title(c), *[None] * (len(columns) - 1)], kind="section")
            committee_lines = lines.get(c.pk, [])
            first = row_no + 1
            # the formulas' results, computed here too: lines without an amount count as 0
            sums = {status: [Decimal(0)] * len(amount_cols) for status in labels}
            for pk, name, total, status, qualifier, *notes, discrepancy in committee_lines:
                row_no += 1
                per_year = dict(amounts.get(pk, []))
                line_amounts = [total, *[per_year.get(y) for y in years]]
                sums[status] = [
                    s + (a or 0) for s, a in zip(sums[status], line_amounts, strict=True)
                ]
                if discrepancy:
                    notes.append(f"Note om tallene: {discrepancy}")
                if qualifier:
                    notes.insert(0, f"Beløbet som skrevet: {danish_amount(total, qualifier)}")
                yield Row(
                    [
                        name,
                        *line_amounts,
                        "\n".join(
                            (
                                f"{s_name}: {danish_amount(s_amount)}"
                                if s_amount is not None
                                else s_name
                            )
                            + (" (statslig pulje)" if state else "")
                            for s_name, s_amount, state in sources.get(pk, [])
                        ),
                        labels[status],
                        "\n".join(n for n in notes if n),
                    ],
                    fills={status_col: FINANCING_FILLS[status]},
                    # each amount as written: 5,75 mio. kr., 32.172.000 kr. (no rounding)
                    formats={
                        i: amount_excel_format(a)
                        for i, a in zip(amount_cols, line_amounts, strict=True)
                        if a is not None
                    },
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
                "Beløb vises som planerne skriver dem (5,75 mio. kr., 32.172.000 kr.), "
                "summer i mio. kr. med én decimal; hver linje tælles én gang; linjer uden beløb "
                "(“Ikke beregnet”, “Ikke opgjort”) tæller som 0 i summerne; “op til”-beløb "
                "(lofter), “ca.”-beløb og statslige puljer står i bemærkningen.",
                *[""] * (len(columns) - 1),
            ],
            kind="note",
        )

    return Sheet("Økonomi", columns, rows())
