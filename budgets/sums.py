"""What a set of funding lines adds up to, for the sums above a filtered list.

Each funding line is counted once. Lines without an amount are counted, not guessed;
the amounts are the plans' own (see `FundingLine.amount_text` for how they are written).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from .models import FundingLine, FundingYear


@dataclass
class StatusSum:
    status: str
    label: str
    lines: int = 0
    without_amount: int = 0
    total: Decimal = Decimal(0)


@dataclass
class FundingSums:
    lines: int = 0
    without_amount: int = 0
    total: Decimal = Decimal(0)
    by_status: list = field(default_factory=list)  # [StatusSum] in the statuses' order
    by_year: list = field(default_factory=list)  # [(year, Decimal)] of the per-year amounts


def funding_sums(lines):
    """FundingSums of a FundingLine queryset, each line once (2 queries)."""
    rows = list(lines.order_by().distinct().values_list("pk", "status", "total"))
    sums = FundingSums(lines=len(rows))
    by_status = {s: StatusSum(s, str(label)) for s, label in FundingLine.Status.choices}
    for _pk, status, total in rows:
        entry = by_status[status]
        entry.lines += 1
        if total is None:
            entry.without_amount += 1
            sums.without_amount += 1
        else:
            entry.total += total
            sums.total += total
    sums.by_status = [s for s in by_status.values() if s.lines]
    years = defaultdict(Decimal)
    for year, amount in FundingYear.objects.filter(funding_line__in=lines.values("pk")).values_list(
        "year", "amount"
    ):
        years[year] += amount
    sums.by_year = sorted(years.items())
    return sums
