"""The council's appendices (Bilag): one workbook assembled from each app's sheet.

Bilag 2 (the plan's own table) is made here; the funding sheet comes from budgets, the
values and barometer sheets from indicators.barometer, and kkintegration.common.xlsx
writes them all. The download views and `manage.py export_bilag` call the same code.
"""

from datetime import date
from io import BytesIO

from django.utils import translation

from activities.models import Activity
from budgets.exports import finance_sheet
from budgets.models import FundingYear
from committees import versions
from committees.models import ActionPlan, Committee
from goals.models import Objective, Target
from indicators.barometer.exports import barometer_sheet, values_sheet
from indicators.models import Indicator, IndicatorValue
from kkintegration.common.cache import cached
from kkintegration.common.xlsx import Column, Row, Sheet, committee_title, grouped, write_workbook


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
        objectives = grouped(
            Objective.objects.filter(plan__committee__in=committees)
            .order_by("plan__committee__order", "order")
            .values_list("plan__committee_id", "pk", "text", "theme__name")
        )
        in_plans = {"objective__plan__committee__in": committees}
        targets = grouped(
            Target.objects.filter(**in_plans)
            .order_by("number")
            .values_list("objective_id", "pk", "number", "text", "reservation")
        )
        indicators = grouped(
            Indicator.objects.filter(**in_plans, target__isnull=False)
            .order_by("order")
            .values_list("target_id", "text", "target_text", "not_measurable_note")
        )
        activities = grouped(
            Activity.targets.through.objects.filter(
                target__objective__plan__committee__in=committees
            )
            .order_by("activity__order", "activity_id")
            .values_list("target_id", "activity__name")
        )
        for c in committees:
            if many:
                yield Row([committee_title(c), None, None, None], kind="section")
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


def plan_years(committees):
    """The years of the committees' plans, plus the year before (the usual baseline)."""
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


def cached_export(*, committee=None, year=None, language="da"):
    """The Bilag workbook of `committee` (default: all) as bytes, in `language` (Danish
    unless asked otherwise, whatever the visitor's browser says), built once per data
    version (the committee's, or the policy's for all), language and day (the page header
    carries the date); every later download is a cache read."""
    version = versions.of_committee(committee.pk) if committee else versions.policy()

    def build():
        out = BytesIO()
        export_bilag(out, committees=[committee] if committee else None, year=year)
        return out.getvalue()

    who = committee.slug if committee else "alle"
    with translation.override(language):
        return cached(
            f"bilag:{who}:{year or 'seneste'}:{date.today():%Y%m%d}", build, version=version
        )
