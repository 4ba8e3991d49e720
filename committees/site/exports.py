"""The council's appendices (Bilag): one workbook assembled from each app's sheet.

Bilag 2 (the adopted appendix, row by row) is made here; the funding sheet comes from
budgets, the values and barometer sheets from indicators.barometer, and
kkintegration.common.xlsx writes them all. The download views and `manage.py
export_bilag` call the same code.
"""

from io import BytesIO

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from activities.models import Activity
from budgets.exports import finance_sheet
from budgets.models import FundingYear
from committees import versions
from committees.models import ActionPlan, Committee
from goals.models import AppendixRow, Objective, Target
from indicators.barometer.exports import barometer_sheet, values_sheet
from indicators.models import Indicator, IndicatorValue
from kkintegration.common.cache import cached
from kkintegration.common.xlsx import Column, Row, Sheet, committee_title, grouped, write_workbook

# The source's own title of the appendix (seeds/002_…, first lines), printed as written.
APPENDIX_TITLE = (
    "Bilag 2. Oversigt over resultatmål, indikatorer og aktiviteter mål og aktiviteter "
    "i de 6 udvalgs handleplaner (minus BIU)"
)
# What Bilag 2 prints where a plan fixed nothing: kept as written, and explained.
INDICATOR_PLACEHOLDERS = {"??????", "Ingen", "-", "–"}
ACTIVITY_PLACEHOLDERS = {"-", "–"}
PERIOD = "2011-14"


def bilag2_sheet(committees):
    """Bilag 2 as adopted: the committees in the appendix's order (ØU, TMU, BUU, SUD, KFU,
    SOU), each with its table title, Målsætning headings and numbered rows in Bilag 2's
    own wording; a committee outside the appendix (BIU) comes last, from its plan, headed
    as not part of it (5 queries for any number of committees)."""
    columns = [
        Column(_("No."), 5, align="right"),
        Column(_("Results target"), 40),
        Column(_("Indicator"), 40),
        Column(_("Activities"), 50),
    ]
    no_indicator = _("(no indicator set in the plan)")
    no_activity = _("(no activities given in the plan)")

    def indicator_cell(text):
        if text.strip() in INDICATOR_PLACEHOLDERS:
            return f"{text.strip()} {no_indicator}"
        return text

    def activities_cell(lines):
        if len(lines) == 1 and lines[0].strip() in ACTIVITY_PLACEHOLDERS:
            return f"{lines[0].strip()} {no_activity}"
        return "\n".join(f"• {a}" for a in lines)

    def rows():
        adopted = grouped(
            AppendixRow.objects.filter(committee__in=committees)
            .order_by("position")
            .values_list(
                "committee_id", "table", "heading", "number", "text", "indicator", "activities"
            )
        )
        yield Row([APPENDIX_TITLE, None, None, None], kind="section")
        for c in _appendix_order(committees, adopted):
            heading = None
            table = adopted[c.pk][0][0]
            yield Row([table, None, None, None], kind="section")
            for _table, section, number, text, indicator, activities in adopted[c.pk]:
                if section != heading:
                    heading = section
                    yield Row([None, section, None, None], kind="heading")
                yield Row(
                    [
                        number,
                        text,
                        indicator_cell(indicator),
                        activities_cell(activities.split("\n")) if activities else "",
                    ]
                )
        outside = [c for c in committees if c.pk not in adopted]
        if outside:
            yield from _plan_rows(outside, indicator_cell, activities_cell)

    return Sheet(_("Bilag 2"), columns, rows())


def _appendix_order(committees, adopted):
    """The committees of `adopted` in the order their rows stand in Bilag 2 (`adopted` is
    grouped from rows in the appendix's order, so its keys are in that order)."""
    by_pk = {c.pk: c for c in committees}
    return [by_pk[pk] for pk in adopted]


def _plan_rows(committees, indicator_cell, activities_cell):
    """Committees the adopted appendix leaves out, in its shape, read from their plans."""
    objectives = grouped(
        Objective.objects.filter(plan__committee__in=committees)
        .order_by("plan__committee__order", "order")
        .values_list("plan__committee_id", "pk", "title", "text", "theme__name")
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
        .values_list("target_id", "text")
    )
    activities = grouped(
        Activity.targets.through.objects.filter(target__objective__plan__committee__in=committees)
        .order_by("activity__order", "activity_id")
        .values_list("target_id", "activity__name")
    )
    for c in committees:
        yield Row(
            [
                _("%(committee)s (not part of the adopted Bilag 2)")
                % {"committee": committee_title(c)},
                None,
                None,
                None,
            ],
            kind="section",
        )
        for objective_id, title, text, theme in objectives.get(c.pk, []):
            label = _("Objective")
            yield Row(
                [None, f"{label}: {title or text or theme or ''}", None, None], kind="heading"
            )
            for target_id, number, text, reservation in targets.get(objective_id, []):
                yield Row(
                    [
                        number,
                        text + (f"\n{reservation}" if reservation else ""),
                        "\n".join(indicator_cell(t) for (t,) in indicators.get(target_id, [])),
                        activities_cell([a for (a,) in activities.get(target_id, [])])
                        if target_id in activities
                        else "",
                    ]
                )


def plan_years(committees):
    """The years of the committees' plans, plus the year before (the usual baseline)."""
    plans = ActionPlan.objects.filter(committee__in=committees)
    start = min((p.period_start for p in plans), default=2011)
    end = max((p.period_end for p in plans), default=2014)
    return list(range(start - 1, end + 1))


def appendix_committees(committee=None, *, include_biu=False):
    """The committees of a Bilag workbook: one, or all; BIU (outside the adopted Bilag 2)
    only when asked for."""
    if committee is not None:
        return [committee]
    committees = list(Committee.objects.order_by("order"))
    if include_biu:
        return committees
    return [c for c in committees if c.code != "BIU"]


def export_bilag(out, *, committees=None, year=None, include_biu=False):
    """Write the Bilag workbook for `committees` (default: all of the adopted appendix,
    and BIU with `include_biu`) to the file-like `out`, in the active language."""
    committees = list(committees or appendix_committees(include_biu=include_biu))
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
    # only the years that hold money get a column
    money_years = sorted(
        set(
            FundingYear.objects.filter(funding_line__plan__committee__in=committees)
            .values_list("year", flat=True)
            .distinct()
        )
    )
    who = committees[0].name if len(committees) == 1 else _("All committees")
    write_workbook(
        [
            bilag2_sheet(committees),
            finance_sheet(committees, money_years),
            values_sheet(committees, value_years),
            barometer_sheet(committees, year),
        ],
        out,
        title=_("Bilag: The integration policy 2011–14 – %(who)s") % {"who": who},
        subject=who,
    )


def bilag_filename(committee=None, *, include_biu=False, language="da", day=None):
    """What and when: bilag-2-integrationspolitikken-2011-14-sud-2026-12-01.xlsx (the
    date in Copenhagen; "-en" for an English workbook)."""
    day = day or timezone.localdate()
    who = committee.slug if committee else "alle-udvalg" + ("-med-biu" if include_biu else "")
    suffix = "" if language == "da" else f"-{language}"
    return f"bilag-2-integrationspolitikken-{PERIOD}-{who}-{day:%Y-%m-%d}{suffix}.xlsx"


def cached_export(*, committee=None, year=None, language="da", include_biu=False):
    """The Bilag workbook of `committee` (default: all) as bytes, in `language` (Danish
    unless asked otherwise, whatever the visitor's browser says), built once per data
    version (the committee's, or the policy's for all), language, BIU flag and day (the
    page header carries the date); every later download is a cache read."""
    version = versions.of_committee(committee.pk) if committee else versions.policy()
    include_biu = include_biu and committee is None

    def build():
        out = BytesIO()
        export_bilag(
            out,
            committees=[committee] if committee else None,
            year=year,
            include_biu=include_biu,
        )
        return out.getvalue()

    who = committee.slug if committee else ("alle-med-biu" if include_biu else "alle")
    with translation.override(language):
        return cached(
            f"bilag:{who}:{year or 'seneste'}:{timezone.localdate():%Y%m%d}", build, version=version
        )
