"""N× the real plans, for benchmarks: as if every municipality had plans like Copenhagen's.

Copies 2..N of every committee get the codes "SUD-2", "SUD-3", … and everything below
them (plans, themes, objectives, targets, indicators with breakdowns, activities,
funding lines with years and sources, dependencies), plus yearly values 2010–2024 for
every breakdown in every workflow status. Deterministic from the seed; bulk inserts,
so 100× takes minutes, not hours. Copies carry no history (they never happened).
"""

import random
from decimal import Decimal

from django.db import connection, transaction

from activities.models import Activity
from budgets.models import FundingLine, FundingSource, FundingYear
from committees import versions
from committees.models import ActionPlan, Committee, PlanSection
from goals.models import Objective, Target, Theme
from indicators.models import Breakdown, Indicator, IndicatorValue

YEARS = range(2010, 2025)
BATCH = 2000


def _copy(instance, **changes):
    """An unsaved copy of a model instance with some fields changed."""
    data = {
        f.attname: getattr(instance, f.attname)
        for f in instance._meta.concrete_fields
        if not f.primary_key
    }
    data.update(changes)
    return type(instance)(**data)


def _bulk(model, objects):
    return model.objects.bulk_create(objects, batch_size=BATCH)


def _status(rng, year):
    if year <= 2020:
        return IndicatorValue.Status.APPROVED
    return rng.choice(
        [
            IndicatorValue.Status.APPROVED,
            IndicatorValue.Status.SUBMITTED,
            IndicatorValue.Status.RETURNED,
            IndicatorValue.Status.DRAFT,
        ]
    )


@transaction.atomic
def generate_scale(factor, *, seed=2014, stdout=None):
    """Create copies 2..factor of every original committee; returns rows created."""
    rng = random.Random(seed)
    originals = list(Committee.objects.exclude(code__contains="-").order_by("order"))
    existing = set(Committee.objects.values_list("code", flat=True))
    copies = [
        k for k in range(2, factor + 1) if any(f"{c.code}-{k}" not in existing for c in originals)
    ]
    created = 0

    plans = {c.pk: list(ActionPlan.objects.filter(committee=c)) for c in originals}
    for k in copies:
        new_committees = _bulk(
            Committee,
            [
                _copy(
                    c,
                    code=f"{c.code}-{k}",
                    slug=f"{c.slug}-{k}",
                    name=f"{c.name} ({k})",
                    order=c.order + 10 * k,
                )
                for c in originals
                if f"{c.code}-{k}" not in existing
            ],
        )
        by_code = {c.code: c for c in new_committees}
        for original in originals:
            new_c = by_code.get(f"{original.code}-{k}")
            if new_c is None:
                continue
            for plan in plans[original.pk]:
                created += _copy_plan(plan, new_c, rng)
        created += len(new_committees)
        if stdout:
            stdout.write(f"copy {k}/{factor}: {created} rows so far\n")
    # bulk inserts send no signals: every committee's cached figures are renewed here
    versions.changed_everywhere()
    return created


def analyze():
    """Refresh the planner's statistics after the bulk load (run after the commit): without
    them PostgreSQL plans the first queries as if the tables were empty."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _copy_plan(plan, committee, rng):
    """Copy one plan and everything below it to `committee` (about 30 queries)."""
    created = 0
    [new_plan] = _bulk(ActionPlan, [_copy(plan, committee_id=committee.pk)])
    _bulk(PlanSection, [_copy(s, plan_id=new_plan.pk) for s in plan.sections.all()])
    themes = list(plan.themes.all())
    theme_map = dict(
        zip(
            [t.pk for t in themes],
            [t.pk for t in _bulk(Theme, [_copy(t, plan_id=new_plan.pk) for t in themes])],
            strict=True,
        )
    )
    objectives = list(plan.objectives.all())
    objective_map = dict(
        zip(
            [o.pk for o in objectives],
            [
                o.pk
                for o in _bulk(
                    Objective,
                    [
                        _copy(o, plan_id=new_plan.pk, theme_id=theme_map.get(o.theme_id))
                        for o in objectives
                    ],
                )
            ],
            strict=True,
        )
    )
    targets = list(Target.objects.filter(objective__plan=plan))
    target_map = dict(
        zip(
            [t.pk for t in targets],
            [
                t.pk
                for t in _bulk(
                    Target, [_copy(t, objective_id=objective_map[t.objective_id]) for t in targets]
                )
            ],
            strict=True,
        )
    )
    indicators = list(Indicator.objects.filter(objective__plan=plan))
    indicator_map = dict(
        zip(
            [i.pk for i in indicators],
            [
                i.pk
                for i in _bulk(
                    Indicator,
                    [
                        _copy(
                            i,
                            objective_id=objective_map[i.objective_id],
                            target_id=target_map.get(i.target_id),
                        )
                        for i in indicators
                    ],
                )
            ],
            strict=True,
        )
    )
    breakdowns = list(
        Breakdown.objects.filter(indicator__objective__plan=plan).select_related("indicator")
    )
    new_breakdowns = _bulk(
        Breakdown, [_copy(b, indicator_id=indicator_map[b.indicator_id]) for b in breakdowns]
    )
    values = []
    for old, new in zip(breakdowns, new_breakdowns, strict=True):
        ind = old.indicator
        level = float(ind.baseline_value if ind.baseline_value is not None else 40)
        for year in YEARS:
            raw = max(level + rng.uniform(-8, 8), 0)
            if ind.value_unit == "percent":
                raw = min(raw, 100)
            value = (
                Decimal(round(raw))
                if ind.value_unit in ("count", "dkk")
                else Decimal(str(round(raw, 1)))
            )
            values.append(
                IndicatorValue(
                    breakdown_id=new.pk,
                    year=year,
                    value=value,
                    status=_status(rng, year),
                    origin=IndicatorValue.Origin.DEMO,
                    source="Skaleringsdata",
                )
            )
    _bulk(IndicatorValue, values)
    activities = list(plan.activities.prefetch_related("targets"))
    new_activities = _bulk(
        Activity,
        [_copy(a, plan_id=new_plan.pk, theme_id=theme_map.get(a.theme_id)) for a in activities],
    )
    activity_map = dict(
        zip([a.pk for a in activities], [a.pk for a in new_activities], strict=True)
    )
    Activity.targets.through.objects.bulk_create(
        [
            Activity.targets.through(activity_id=activity_map[a.pk], target_id=target_map[t.pk])
            for a in activities
            for t in a.targets.all()
        ],
        batch_size=BATCH,
    )
    lines = list(plan.funding_lines.prefetch_related("years", "sources", "dependent_targets"))
    new_lines = _bulk(
        FundingLine,
        [
            _copy(
                f,
                plan_id=new_plan.pk,
                theme_id=theme_map.get(f.theme_id),
                activity_id=activity_map.get(f.activity_id),
            )
            for f in lines
        ],
    )
    _bulk(
        FundingYear,
        [
            _copy(y, funding_line_id=new.pk)
            for old, new in zip(lines, new_lines, strict=True)
            for y in old.years.all()
        ],
    )
    _bulk(
        FundingSource,
        [
            _copy(s, funding_line_id=new.pk)
            for old, new in zip(lines, new_lines, strict=True)
            for s in old.sources.all()
        ],
    )
    FundingLine.dependent_targets.through.objects.bulk_create(
        [
            FundingLine.dependent_targets.through(fundingline_id=new.pk, target_id=target_map[t.pk])
            for old, new in zip(lines, new_lines, strict=True)
            for t in old.dependent_targets.all()
        ],
        batch_size=BATCH,
    )
    created += (
        1
        + len(themes)
        + len(objectives)
        + len(targets)
        + len(indicators)
        + len(breakdowns)
        + len(values)
        + len(activities)
        + len(lines)
    )
    return created
