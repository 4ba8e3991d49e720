"""Totals of funding lines that say what they contain: each line counted once, and how
much of the sum is ceilings ("op til"), approximate ("ca."), state pools (Satspuljen,
Socialministeriet) and money for years before the plan period."""

from decimal import Decimal

from django.db.models import F, Sum
from django.utils.translation import gettext as _

from kkintegration.common.formatting import danish_amount

from .models import FundingLine, FundingSource, FundingYear

PARTS = ("up_to", "approx", "state_pool", "past_years")


def funding_composition(lines=None):
    """{"total", "lines", "up_to", "approx", "state_pool", "past_years"} of the distinct
    funding lines with a stated total in `lines` (a FundingLine queryset; default all), as
    Decimals and a count (3 queries)."""
    if lines is None:
        lines = FundingLine.objects.all()
    stated = lines.filter(total__isnull=False).order_by().distinct()
    ids = list(stated.values_list("pk", flat=True))
    by_qualifier = dict(
        FundingLine.objects.filter(pk__in=ids)
        .order_by()
        .values_list("qualifier")
        .annotate(sum=Sum("total"))
        .values_list("qualifier", "sum")
    )
    state = FundingSource.objects.filter(
        funding_line__in=ids, state_pool=True, amount__isnull=False
    ).aggregate(sum=Sum("amount"))["sum"]
    past = FundingYear.objects.filter(
        funding_line__in=ids, year__lt=F("funding_line__plan__period_start")
    ).aggregate(sum=Sum("amount"))["sum"]
    zero = Decimal(0)
    return {
        "total": sum(by_qualifier.values(), zero),
        "lines": len(ids),
        "up_to": by_qualifier.get(FundingLine.Qualifier.UP_TO, zero),
        "approx": by_qualifier.get(FundingLine.Qualifier.APPROX, zero),
        "state_pool": state or zero,
        "past_years": past or zero,
    }


def composition_text(c):
    """What a total contains, in words (translated): "614,5 mio. kr. from 31 funding lines,
    each counted once; of which ceilings (“op til”) 180 mio. kr., …"."""
    text = _("%(total)s from %(n)s funding lines with a stated amount, each counted once") % {
        "total": danish_amount(c["total"]),
        "n": c["lines"],
    }
    labels = {
        "up_to": _("ceilings (“op til”)"),
        "approx": _("approximate amounts (“ca.”)"),
        "state_pool": _("state pools (Satspuljen, Socialministeriet)"),
        "past_years": _("money for years before the plan period"),
    }
    parts = [f"{labels[k]} {danish_amount(c[k])}" for k in PARTS if c[k]]
    if parts:
        text += _("; of which %(parts)s") % {"parts": ", ".join(parts)}
    return text + "."
