"""The barometer's sheets of the Bilag workbook: indicator values by year, and status."""

from django.utils.translation import gettext as _

from kkintegration.common.xlsx import FORMATS, SHORT_FORMATS, Column, Formula, Row, Sheet, grouped

from ..models import Breakdown, Indicator
from .rollup import rows_as_of, snapshot
from .status import STATUS_ORDER, count_statuses


def values_sheet(committees, years):
    """Every indicator × breakdown with baseline, target and approved values by year;
    demo and provisional values are marked (2 queries when the committees' parts are cached)."""
    # numbers in the narrow columns carry only their digits: the unit has its own column
    columns = [
        Column(_("Committee"), 8),
        Column(_("Target no."), 7, align="right"),
        Column(_("Indicator"), 32),
        Column(_("Breakdown"), 16),
        Column(_("Unit"), 11),
        Column(_("Baseline"), 13, align="right"),
        Column(_("Base year"), 7, align="right"),
        Column(_("Target"), 9, align="right"),
        Column(_("Target year"), 7, align="right"),
        *[Column(str(y), 9, align="right") for y in years],
        Column(_("Remark"), 16),
    ]

    def rows():
        data = rows_as_of(max(years), snapshot([c.pk for c in committees]))
        breakdowns = grouped(
            Breakdown.objects.filter(indicator__objective__plan__committee__in=committees)
            .order_by("order")
            .values_list("indicator_id", "group", "sex")
        )
        labels = {}  # (group, sex) → label, translated once
        units = {u.value: str(u.label) for u in Indicator.Unit}
        for r in data:
            ind = r.indicator
            own_fmt = SHORT_FORMATS.get(ind.unit)
            head = [ind.committee_code, ind.target_number or "", ind.text]
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
                **{9 + i: SHORT_FORMATS.get(ind.value_unit) for i in range(len(years))},
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
                    [
                        *head,
                        _("Gap (calculated)"),
                        *about,
                        *[r.series.get(y) for y in years],
                        "",
                    ],
                    formats={**formats, **{9 + i: own_fmt for i in range(len(years))}},
                )

    # printed in two bands when wide: the committee, target and indicator on each
    return Sheet(_("Indicator values"), columns, rows(), repeat_columns=3)


def barometer_sheet(committees, year):
    """Each indicator's status in `year` (approved values only) and COUNTIF totals."""
    columns = [
        Column(_("Committee"), 8),
        Column(_("Target no."), 7, align="right"),
        Column(_("Indicator"), 58),
        Column(_("Latest value"), 16, align="right"),
        Column(_("Year"), 7, align="right"),
        Column(_("Status"), 16),
        Column(_("Remark"), 16),
    ]

    def rows():
        snap = snapshot([c.pk for c in committees])
        data = [r for r in rows_as_of(year, snap) if r.indicator.in_barometer]
        first = 2
        for r in data:
            a = r.assessment
            yield Row(
                [
                    r.indicator.committee_code,
                    r.indicator.target_number or "",
                    r.indicator.text,
                    a.value,
                    a.year,
                    str(a.status.label),
                    "demo" if r.status_is_demo else "",
                ],
                formats={3: FORMATS.get(r.indicator.unit)},
            )
        last = max(first + len(data) - 1, first)
        counts = count_statuses(r.assessment.status for r in data)
        yield Row([""] * len(columns), kind="note")
        demo = sum(1 for r in data if r.status_is_demo)
        if demo:
            heading = _(
                "Status %(year)s (approved values; %(demo)s of %(n)s computed with demo values)"
            ) % {"year": year, "demo": demo, "n": len(data)}
        else:
            heading = _("Status %(year)s (approved values)") % {"year": year}
        yield Row([heading, "", "", "", "", "", ""], kind="heading")
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

        yield Row(
            [
                _(
                    "The barometer counts the %(n)s indicators the plans follow year by year "
                    "(“in the barometer” on the plan pages); the rules are on the page “How "
                    "the status is calculated”. Achieved/on track/behind are judged against a "
                    "target, in the right direction/unchanged/in the wrong direction by the "
                    "direction alone."
                )
                % {"n": len(data)},
                "",
                "",
                "",
                "",
                "",
                "",
            ],
            kind="note",
        )

    return Sheet(_("Barometer"), columns, rows())
