"""Reads for the public plan pages; each says what it costs in queries."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Sum
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from budgets.models import FundingLine
from budgets.totals import funding_composition
from committees.models import ActionPlan
from goals.anchors import target_anchors
from goals.models import AppendixRow, Objective, Target
from indicators.barometer.figures import targets_at_risk
from indicators.barometer.rollup import FIRST_YEAR, assess_indicators
from indicators.barometer.status import (
    Goal,
    Status,
    assess,
    change_since_last_year,
    count_statuses,
)
from indicators.models import Indicator


def _counts_by_committee(queryset, path, committees):
    """{committee id: count} for `committees` in one grouped query."""
    return dict(
        queryset.filter(**{f"{path}__in": committees})
        .order_by()
        .values_list(path)
        .annotate(n=Count("pk"))
        .values_list(path, "n")
    )


def committees_with_counts(committees):
    """The committees (a list or page) with counts of objectives, targets, indicators,
    activities and their planned funding (5 grouped queries for any number of them)."""
    committees = list(committees)
    objectives = _counts_by_committee(Objective.objects.all(), "plan__committee", committees)
    targets = _counts_by_committee(Target.objects.all(), "objective__plan__committee", committees)
    indicators = _counts_by_committee(
        Indicator.objects.all(), "objective__plan__committee", committees
    )
    activities = _counts_by_committee(Activity.objects.all(), "plan__committee", committees)
    funding = dict(
        FundingLine.objects.filter(plan__committee__in=committees)
        .order_by()
        .values_list("plan__committee")
        .annotate(total=Sum("total"))
        .values_list("plan__committee", "total")
    )
    for c in committees:
        c.n_objectives = objectives.get(c.pk, 0)
        c.n_targets = targets.get(c.pk, 0)
        c.n_indicators = indicators.get(c.pk, 0)
        c.n_activities = activities.get(c.pk, 0)
        c.funding_total = funding.get(c.pk)
    return committees


def planned_funding_total():
    """What the funding lines' stated totals add up to, each line once, and what the sum
    contains (budgets.totals.funding_composition, 3 queries)."""
    return funding_composition()


@dataclass
class TargetBlock:
    target: Target
    anchor: str
    indicators: list = field(default_factory=list)  # IndicatorRow
    activities: list = field(default_factory=list)
    funding: list = field(default_factory=list)  # FundingLine it depends on
    # the earlier target (TargetBlock) whose reservation is word for word this one's
    same_reservation_as: object = None
    # (row number, text) of the adopted Bilag 2 rows that word the target differently
    appendix_wording: list = field(default_factory=list)


@dataclass
class ObjectiveBlock:
    objective: Objective
    indicators: list = field(default_factory=list)  # IndicatorRows of the whole objective
    targets: list = field(default_factory=list)


@dataclass
class ThemeBlock:
    theme: object  # Theme or None
    objectives: list = field(default_factory=list)


@dataclass
class PlanSummary:
    """The one-screen summary a plan page opens with, for a chosen year."""

    year: int
    counts: list  # [(Status, n)] of the plan's barometer indicators
    better: list  # [IndicatorRow] better than the year before
    worse: list
    newly_achieved: list
    risks: object  # the barometer's DataTable of targets at risk, this committee only
    demo: bool  # whether any status counted rests on a demo value

    @property
    def changes(self):
        """(arrow, rows, what) for the summary's list of changes."""
        return [
            ("↑", self.better, _("better than the year before")),
            ("↓", self.worse, _("worse than the year before")),
            ("★", self.newly_achieved, _("newly achieved")),
        ]


def plan_years(plan):
    """The years a plan page can be shown for: from the barometer's first year to the
    plan's last year."""
    return list(range(FIRST_YEAR, plan.period_end + 1))


def plan_summary(rows, year, committee_versions):
    """PlanSummary of a plan's assessed rows as of `year` (no queries but the targets at
    risk: 2 queries unless cached)."""
    counted = [r for r in rows if r.indicator.in_barometer]
    counts = count_statuses(r.status for r in counted)
    changes = {Status.BETTER: [], Status.WORSE: []}
    newly_achieved = []
    for row in counted:
        if row.change in changes:
            changes[row.change].append(row)
        if row.status == Status.ACHIEVED and row.status_before != Status.ACHIEVED:
            newly_achieved.append(row)
    return PlanSummary(
        year=year,
        counts=[(status, n) for status, n in counts.items() if n],
        better=changes[Status.BETTER],
        worse=changes[Status.WORSE],
        newly_achieved=newly_achieved,
        risks=targets_at_risk(year, committee_versions),
        demo=any(r.status_is_demo for r in counted),
    )


def plan_page(plan, year=None, committee_versions=None):
    """Everything the committee plan page shows, nested as the plan is, as of `year`
    (None: the latest year with an approved value); with `committee_versions` ({committee
    id: version}) also the summary (18 queries)."""
    objectives = list(plan.objectives.select_related("theme").order_by("order"))
    targets = list(
        Target.objects.filter(objective__plan=plan)
        .select_related("objective")
        .prefetch_related(
            Prefetch("funding_dependencies", queryset=FundingLine.objects.order_by("order"))
        )
        .order_by("objective__order", "number")
    )
    anchors = target_anchors(targets)
    rows = assess_indicators(Indicator.objects.filter(objective__plan=plan))
    if year is None:  # the latest year with an approved value
        year = max((max(r.series) for r in rows if r.series), default=plan.period_start)
    for row in rows:  # as of the year, and the year before (no queries)
        goal = Goal.of(row.indicator)
        row.assessment = assess(goal, row.series, as_of=year)
        row.status_before = assess(goal, row.series, as_of=year - 1).status
        row.change = change_since_last_year(goal, row.series, year)
        row.shown = max(((y, v) for y, v in row.series.items() if y <= year), default=None)
    activities = list(
        plan.activities.select_related("theme")
        .prefetch_related(
            "targets", Prefetch("funding_lines", FundingLine.objects.order_by("order"))
        )
        .order_by("order")
    )
    funding = list(
        plan.funding_lines.select_related("activity", "theme")
        .prefetch_related("years", "sources", "dependent_targets")
        .order_by("order")
    )

    target_blocks = {
        t.pk: TargetBlock(t, anchors[t.pk], funding=list(t.funding_dependencies.all()))
        for t in targets
    }
    first_with_reservation = {}
    for t in targets:  # a reservation the plan repeats is printed once, then referred to
        if t.reservation:
            first = first_with_reservation.setdefault(t.reservation.strip(), target_blocks[t.pk])
            if first.target.pk != t.pk:
                target_blocks[t.pk].same_reservation_as = first
    for target_id, number, text in (
        AppendixRow.targets.through.objects.filter(target__objective__plan=plan)
        .order_by("appendixrow__position")
        .values_list("target_id", "appendixrow__number", "appendixrow__text")
    ):
        block = target_blocks[target_id]
        if text and " ".join(text.split()) != " ".join(block.target.text.split()):
            block.appendix_wording.append((number, text))
    objective_blocks = {o.pk: ObjectiveBlock(o) for o in objectives}
    for t in targets:
        objective_blocks[t.objective_id].targets.append(target_blocks[t.pk])
    for row in rows:
        if row.indicator.target_id:
            target_blocks[row.indicator.target_id].indicators.append(row)
        else:
            objective_blocks[row.indicator.objective_id].indicators.append(row)
    unlinked = []
    for activity in activities:
        linked = activity.targets.all()
        for t in linked:
            target_blocks[t.pk].activities.append(activity)
        if not linked:
            unlinked.append(activity)

    themes = []
    for o in objectives:
        if not themes or themes[-1].theme != o.theme:
            themes.append(ThemeBlock(o.theme))
        themes[-1].objectives.append(objective_blocks[o.pk])
    for line in funding:
        line.dependent_anchors = [(t.number, anchors[t.pk]) for t in line.dependent_targets.all()]
    return {
        "year": year,
        "years": plan_years(plan),
        "summary": plan_summary(rows, year, committee_versions) if committee_versions else None,
        "themes": themes,
        "rows": rows,
        "in_barometer": sum(1 for r in rows if r.indicator.in_barometer),
        "activities": activities,
        "unlinked_activities": unlinked,
        "funding": funding,
        "sections": list(plan.sections.order_by("order")),
        "anchors": anchors,
        "anchors_by_number": {t.number: anchors[t.pk] for t in reversed(targets)},
    }


def plan_for(committee_slug):
    """The committee's current plan with its committee (1 query)."""
    return (
        ActionPlan.objects.select_related("committee")
        .filter(committee__slug=committee_slug)
        .order_by("-period_start")
        .first()
    )
