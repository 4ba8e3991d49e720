"""The funding sheet (Økonomi) of the Bilag workbook."""

from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from kkintegration.common.formatting import danish_amount
from kkintegration.common.xlsx import (
    FINANCING_FILLS,
    KRONER,
    Column,
    Formula,
    Row,
    Sheet,
    committee_title,
    grouped,
)

from .models import FundingLine, FundingSource, FundingYear


def finance_sheet(committees, years):
    """Funding lines with their total and the years that hold money, in whole kroner, the
    amount as the plan writes it ("ca. 63 mio.", "0-70 mio. kr."), sources and status
    (colour-coded); subtotals per status where they hold money and totals as SUM/SUMIF
    formulas (3 queries in all, plain tuples)."""
    columns = [
        Column(_("Activity / funding line"), 28),
        Column(_("Total"), 15, KRONER),  # "250.000.000 kr."
        *[Column(str(y), 13, KRONER) for y in years],  # "12.300.000 kr."
        Column(_("Amount as written"), 18),
        Column(_("Sources"), 24),
        Column(_("Financing status"), 16),
        Column(_("Remark"), 40),
    ]
    amount_cols = list(range(1, 2 + len(years)))  # "I alt" and the years
    written_col = 2 + len(years)
    status_col = written_col + 2
    letter = {i: get_column_letter(i + 1) for i in range(len(columns))}
    labels = {s.value: str(s.label).capitalize() for s in FundingLine.Status}
    blank = [None] * len(columns)

    def row_of(**cells):
        values = list(blank)
        for index, value in cells.items():
            values[int(index[1:])] = value
        return values

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
                "amount_text",
                "split_text",
                "no_amount_note",
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
            yield Row([committee_title(c), *blank[1:]], kind="section")
            committee_lines = lines.get(c.pk, [])
            first = row_no + 1
            # the formulas' results, computed here too: lines without an amount count as 0
            sums = {status: [Decimal(0)] * len(amount_cols) for status in labels}
            for (
                pk,
                name,
                total,
                status,
                amount_text,
                split_text,
                *notes,
                discrepancy,
            ) in committee_lines:
                row_no += 1
                per_year = dict(amounts.get(pk, []))
                line_amounts = [total, *[per_year.get(y) for y in years]]
                sums[status] = [
                    s + (a or 0) for s, a in zip(sums[status], line_amounts, strict=True)
                ]
                if discrepancy:
                    notes.append(_("Note on the figures: %(note)s") % {"note": discrepancy})
                if split_text and split_text not in amount_text:
                    amount_text = "\n".join(t for t in (amount_text, split_text) if t)
                written = amount_text
                yield Row(
                    [
                        name,
                        *line_amounts,
                        written,
                        "\n".join(
                            (
                                f"{s_name}: {danish_amount(s_amount)}"
                                if s_amount is not None
                                else s_name
                            )
                            + (_(" (state pool)") if state else "")
                            for s_name, s_amount, state in sources.get(pk, [])
                        ),
                        labels[status],
                        "\n".join(n for n in notes if n),
                    ],
                    fills={status_col: FINANCING_FILLS[status]},
                )
            last = row_no
            for status, label in labels.items():
                if not any(sums[status]):
                    continue  # a subtotal of nothing but zeros says nothing
                row_no += 1
                yield Row(
                    [
                        _("Subtotal: %(status)s") % {"status": label},
                        *[
                            Formula(
                                f"=SUMIF({letter[status_col]}{first}:{letter[status_col]}{last},"
                                f'"{label}",{letter[i]}{first}:{letter[i]}{last})',
                                sums[status][j],
                            )
                            for j, i in enumerate(amount_cols)
                        ],
                        "",
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
                    _("Total %(committee)s") % {"committee": c.code},
                    *[
                        Formula(f"=SUM({letter[i]}{first}:{letter[i]}{last})", committee_sums[j])
                        if committee_lines
                        else 0
                        for j, i in enumerate(amount_cols)
                    ],
                    "",
                    "",
                    "",
                    "",
                ],
                kind="total",
            )
        if len(committees) > 1:
            yield Row(
                [
                    _("Total, all committees"),
                    *[
                        Formula(
                            "=" + "+".join(f"{letter[i]}{r}" for r, _sums in totals),
                            sum(sums_of[j] for _r, sums_of in totals),
                        )
                        for j, i in enumerate(amount_cols)
                    ],
                    "",
                    "",
                    "",
                    "",
                ],
                kind="total",
            )
        yield Row([""] * len(columns), kind="note")
        yield Row([_("Colour code (the plans'):"), *[""] * (len(columns) - 1)], kind="heading")
        for status, label in labels.items():
            values = [label, *[""] * (len(columns) - 1)]
            values[status_col] = label
            yield Row(values, fills={status_col: FINANCING_FILLS[status]}, kind="note")
        yield Row(
            [
                _(
                    "Amounts in whole kroner; the column “Amount as written” gives the plan's "
                    "own words (“ca.”, “op til”, ranges). Lines without an amount (“Ikke "
                    "beregnet”, “Ikke opgjort”) count as 0 in the sums; only the years that "
                    "hold money have a column."
                ),
                *[""] * (len(columns) - 1),
            ],
            kind="note",
        )

    return Sheet(_("Funding"), columns, rows())
