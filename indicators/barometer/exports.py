"""The barometer's sheets of the Bilag workbook: indicator values by year, and status."""

from kkintegration.common.xlsx import FORMATS, Column, Formula, Row, Sheet, grouped

from ..models import Breakdown, Indicator
from .rollup import rows_as_of, snapshot
from .status import STATUS_ORDER, count_statuses


def values_sheet(committees, years):
    """Every indicator × breakdown with baseline, target and approved values by year;
    demo and provisional values are marked (2 queries when the committees' parts are cached)."""
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
            own_fmt = FORMATS.get(ind.unit)
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
        heading = f"Status {year} (godkendte værdier"
        heading += f"; {demo} af {len(data)} beregnet med demoværdier)" if demo else ")"
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
                f"Barometret tæller de {len(data)} indikatorer, planerne følger år for år "
                "(„med i barometret“ på plansiderne); reglerne står på siden „Sådan beregnes "
                "status“. Opfyldt/på rette vej/bagud måles mod et mål, i den rigtige retning/"
                "uændret/i den forkerte retning alene på retningen.",
                "",
                "",
                "",
                "",
                "",
                "",
            ],
            kind="note",
        )

    return Sheet("Barometer", columns, rows())
