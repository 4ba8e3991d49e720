"""Load the committees' action plans from the JSON fixtures, idempotently.

The format is described in fixtures/plans_2011_2014/SCHEMA.md. Loading the same
files twice changes nothing: rows are matched on their natural keys and only
saved when a field differs. Values entered by staff are never overwritten.
"""

import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from activities.models import Activity
from budgets.models import FundingLine, FundingSource, FundingYear
from committees import versions
from committees.models import ActionPlan, Committee, PlanSection, committee_slug
from goals.models import AppendixRow, Objective, Target, Theme
from indicators.models import Breakdown, Indicator, IndicatorValue

PLANS_DIR = Path(settings.BASE_DIR) / "fixtures" / "plans_2011_2014"
APPENDIX_FILE = "bilag2.json"  # Bilag 2 as adopted; not a committee's plan


class PlanFileError(Exception):
    """A fixture file that does not follow the format; the message says where."""


@dataclass
class LoadStats:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    links: int = 0
    files: list = field(default_factory=list)
    # committee code → {target key: Target}, for Bilag 2's rows
    target_keys: dict = field(default_factory=dict, repr=False)

    @property
    def changed(self):
        return self.created + self.updated + self.links


def _decimal(raw, where):
    if raw is None:
        return None
    if isinstance(raw, float):
        raise PlanFileError(f"{where}: write amounts and values as strings, not floats ({raw!r})")
    try:
        return Decimal(str(raw))
    except InvalidOperation:
        raise PlanFileError(f"{where}: {raw!r} is not a number") from None


def _check(obj):
    """Fields and model rules in Python; the named constraints are the database's, which
    refuses a row that breaks one (reported with the file's name): checking each of them
    with a query of its own would cost most of the load."""
    obj.full_clean(validate_unique=False, validate_constraints=False)


def _upsert(model, stats, lookup, values):
    """Create or update one row on its natural key, saving only when something differs."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        _check(obj)
        obj.save()
        stats.created += 1
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if not changed:
        stats.unchanged += 1
        return obj
    for name in changed:
        setattr(obj, name, values[name])
    _check(obj)
    obj.save(update_fields=changed)
    stats.updated += 1
    return obj


def _set_m2m(manager, objects, stats):
    wanted = {o.pk for o in objects}
    if {o.pk for o in manager.all()} != wanted:
        manager.set(wanted)
        stats.links += 1


def load_plan_file(path, stats):
    """Load one committee file; raise PlanFileError or ValidationError on bad content."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise PlanFileError(f"{path.name}: not valid JSON ({exc})") from None

    c = data["committee"]
    committee = _upsert(
        Committee,
        stats,
        {"code": c["code"]},
        {
            "slug": committee_slug(c["code"]),
            "name": c["name"],
            "administration_code": c["administration_code"],
            "administration_name": c["administration_name"],
            "order": c["order"],
        },
    )
    p = data["plan"]
    plan = _upsert(
        ActionPlan,
        stats,
        {"committee": committee, "period_start": p["period_start"]},
        {
            "period_end": p["period_end"],
            "title": p["title"],
            "source_reference": p.get("source_reference", ""),
            "introduction": p.get("introduction", ""),
            "challenges": p.get("challenges", ""),
        },
    )
    for order, section in enumerate(p.get("sections", []), start=1):
        _upsert(
            PlanSection,
            stats,
            {"plan": plan, "order": order},
            {"heading": section["heading"], "body": section["body"]},
        )

    themes = {}
    for order, t in enumerate(data.get("themes", []), start=1):
        themes[t["key"]] = _upsert(
            Theme,
            stats,
            {"plan": plan, "slug": t["key"]},
            {"name": t["name"], "description": t.get("description", ""), "order": order},
        )

    def theme_id(key, where):
        if key is None:
            return None
        if key not in themes:
            raise PlanFileError(f"{path.name}: {where} names unknown theme {key!r}")
        return themes[key].pk

    targets = {}
    for o_order, o in enumerate(data.get("objectives", []), start=1):
        objective = _upsert(
            Objective,
            stats,
            {"plan": plan, "order": o_order},
            {
                "title": o.get("title", ""),
                "text": o.get("text", ""),
                "theme_id": theme_id(o.get("theme"), "an objective"),
            },
        )
        # Indicators of the objective as a whole come first, then each target's.
        i_order = 0
        for ind in o.get("indicators", []):
            i_order += 1
            where = f"{path.name}: objective {o_order}, indicator {i_order}"
            _load_indicator(objective, None, i_order, ind, where, stats)
        for t in o.get("targets", []):
            where = f"{path.name}: target {t.get('key')}"
            if not isinstance(t.get("number"), int):
                raise PlanFileError(f"{where}: the number must be a whole number")
            if t["key"] in targets:
                raise PlanFileError(f"{where}: the key is used twice")
            target = _upsert(
                Target,
                stats,
                {"objective": objective, "number": t["number"]},
                {
                    "text": t["text"],
                    "reservation": t.get("reservation", ""),
                    "note": t.get("note", ""),
                },
            )
            targets[t["key"]] = target
            for ind in t.get("indicators", []):
                i_order += 1
                _load_indicator(objective, target, i_order, ind, f"{where}, indicator", stats)

    def target_list(keys, where):
        missing = [k for k in keys if k not in targets]
        if missing:
            raise PlanFileError(f"{path.name}: {where} names unknown targets {missing}")
        return [targets[k] for k in keys]

    activities = {}
    for a_order, a in enumerate(data.get("activities", []), start=1):
        where = f"activity {a.get('key')}"
        activity = _upsert(
            Activity,
            stats,
            {"plan": plan, "order": a_order},
            {
                "name": a["name"],
                "description": a.get("description", ""),
                "theme_id": theme_id(a.get("theme"), where),
                "status": a.get("status", Activity.Status.NOT_STATED),
                "start_year": a.get("start_year"),
                "end_year": a.get("end_year"),
            },
        )
        _set_m2m(activity.targets, target_list(a.get("targets", []), where), stats)
        activities[a["key"]] = activity

    for f_order, f in enumerate(data.get("funding_lines", []), start=1):
        _load_funding_line(plan, f_order, f, path.name, themes, activities, target_list, stats)
    # targets the file no longer has (a plan restructured): their indicators, activities
    # and funding lines now point at the file's targets, so only the empty shells go
    stale = Target.objects.filter(objective__plan=plan).exclude(
        pk__in=[t.pk for t in targets.values()]
    )
    stats.updated += stale.count()
    stale.delete()
    stats.files.append(path.name)
    stats.target_keys[committee.code] = targets
    return committee


def load_appendix_file(path, stats):
    """Load Bilag 2 as adopted (rows in the appendix's order, each mapped to the plan
    targets it stands for); rows no longer in the file are removed."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise PlanFileError(f"{path.name}: not valid JSON ({exc})") from None
    position = 0
    for c in data["committees"]:
        committee = Committee.objects.filter(code=c["code"]).first()
        keys = stats.target_keys.get(c["code"])
        if committee is None or keys is None:
            raise PlanFileError(f"{path.name}: no plan file for committee {c['code']!r}")
        for section in c["sections"]:
            for r in section["rows"]:
                position += 1
                where = f"{path.name}: {c['code']} row {r.get('number')}"
                if not isinstance(r.get("number"), int):
                    raise PlanFileError(f"{where}: the number must be a whole number")
                missing = [k for k in r.get("targets", []) if k not in keys]
                if missing or not r.get("targets"):
                    raise PlanFileError(f"{where}: names unknown or no targets {missing}")
                row = _upsert(
                    AppendixRow,
                    stats,
                    {"position": position},
                    {
                        "committee": committee,
                        "table": c["table"],
                        "heading": section["heading"],
                        "number": r["number"],
                        "text": r.get("text", ""),
                        "indicator": r.get("indicator", ""),
                        "activities": "\n".join(r.get("activities", [])),
                    },
                )
                _set_m2m(row.targets, [keys[k] for k in r["targets"]], stats)
    stale = AppendixRow.objects.filter(position__gt=position)
    stats.updated += stale.count()
    stale.delete()
    stats.files.append(path.name)
DERIVABLE = {"baseline_value", "baseline_year", "target_value", "target_year", "annual_change"}


def _check_indicator(ind, where):
    """What the rules need of an indicator's fields; PlanFileError otherwise."""
    groups = {ind.get("gap_minuend_group", ""), ind.get("gap_subtrahend_group", "")} - {""}
    gap = ind.get("direction") == "close_gap" or groups
    disadvantaged = ind.get("disadvantaged_group", "")
    if gap and not disadvantaged:
        raise PlanFileError(f"{where}: a gap must name its disadvantaged_group")
    if groups and disadvantaged not in groups:
        raise PlanFileError(f"{where}: disadvantaged_group must be one of the gap's groups")
    derived = ind.get("derived", {})
    if not isinstance(derived, dict) or set(derived) - DERIVABLE:
        raise PlanFileError(f"{where}: derived must map fields of {sorted(DERIVABLE)} to words")
    if ind.get("target_is_relative") and ind.get("target_value") is None:
        raise PlanFileError(f"{where}: a relative target needs its target_value (the %)")


def _load_indicator(objective, target, order, ind, where, stats):
    _check_indicator(ind, where)
    indicator = _upsert(
        Indicator,
        stats,
        {"objective": objective, "order": order},
        {
            "target": target,
            "number": ind.get("number", ""),
            "text": ind["text"],
            "unit": ind.get("unit", Indicator.Unit.TEXT),
            "direction": ind.get("direction", Indicator.Direction.UNSPECIFIED),
            "baseline_value": _decimal(ind.get("baseline_value"), where),
            "baseline_year": ind.get("baseline_year"),
            "baseline_text": ind.get("baseline_text", ""),
            "target_value": _decimal(ind.get("target_value"), where),
            "target_year": ind.get("target_year"),
            "target_text": ind.get("target_text", ""),
            "annual_change": _decimal(ind.get("annual_change"), where),
            "data_source": ind.get("data_source", ""),
            "in_barometer": ind.get("in_barometer", True),
            "not_measurable_note": ind.get("not_measurable_note", ""),
            "gap_minuend_group": ind.get("gap_minuend_group", ""),
            "gap_subtrahend_group": ind.get("gap_subtrahend_group", ""),
            "disadvantaged_group": ind.get("disadvantaged_group", ""),
            "decimals": ind.get("decimals", 0 if ind.get("unit") == "count" else 1),
            "target_is_relative": ind.get("target_is_relative", False),
            "reading_note": ind.get("reading_note", ""),
            "derived_fields": list(ind.get("derived", {})),
            "derived_note": "\n".join(ind.get("derived", {}).values()),
        },
    )
    breakdowns = {}
    specs = ind.get("breakdowns") or [{"group": "", "sex": Breakdown.Sex.ALL}]
    for b_order, b in enumerate(specs, start=1):
        key = (b.get("group", ""), b.get("sex", Breakdown.Sex.ALL))
        breakdowns[key] = _upsert(
            Breakdown,
            stats,
            {"indicator": indicator, "group": key[0], "sex": key[1]},
            {"order": b_order},
        )
    for v in ind.get("values", []):
        key = (v.get("group", ""), v.get("sex", Breakdown.Sex.ALL))
        if key not in breakdowns:
            raise PlanFileError(f"{where}: a value names unknown breakdown {key}")
        existing = IndicatorValue.objects.filter(breakdown=breakdowns[key], year=v["year"]).first()
        if existing is not None and existing.origin != IndicatorValue.Origin.PLAN:
            stats.unchanged += 1  # entered or demo values are never overwritten by the plans
            continue
        _upsert(
            IndicatorValue,
            stats,
            {"breakdown": breakdowns[key], "year": v["year"]},
            {
                "value": _decimal(v["value"], where),
                "source": v.get("source", ""),
                "status": IndicatorValue.Status.APPROVED,
                "origin": IndicatorValue.Origin.PLAN,
            },
        )


def _load_funding_line(plan, order, f, file_name, themes, activities, target_list, stats):
    where = f"{file_name}: funding line {order} ({f['name'][:40]!r})"
    activity_key = f.get("activity")
    if activity_key is not None and activity_key not in activities:
        raise PlanFileError(f"{where}: unknown activity {activity_key!r}")
    theme_key = f.get("theme")
    if theme_key is not None and theme_key not in themes:
        raise PlanFileError(f"{where}: unknown theme {theme_key!r}")
    total = _decimal(f.get("total"), where)
    years = {int(y): _decimal(a, where) for y, a in (f.get("years") or {}).items()}
    discrepancy = f.get("discrepancy_note", "")
    if total is not None and years and sum(years.values()) != total and not discrepancy:
        raise PlanFileError(
            f"{where}: the years add up to {sum(years.values())}, not the total {total}; "
            "say why in discrepancy_note"
        )
    if f.get("qualifier", "") not in FundingLine.Qualifier.values:
        raise PlanFileError(f"{where}: unknown qualifier {f.get('qualifier')!r}")
    line = _upsert(
        FundingLine,
        stats,
        {"plan": plan, "order": order},
        {
            "name": f["name"],
            "activity_id": activities[activity_key].pk if activity_key else None,
            "theme_id": themes[theme_key].pk if theme_key else None,
            "amount_text": f.get("amount_text", ""),
            "total": total,
            "split_text": f.get("split_text", ""),
            "qualifier": f.get("qualifier", FundingLine.Qualifier.EXACT),
            "status": f.get("status", FundingLine.Status.NOT_STATED),
            "status_text": f.get("status_text", ""),
            "no_amount_note": f.get("no_amount_note", ""),
            "discrepancy_note": discrepancy,
            "note": f.get("note", ""),
        },
    )
    for year, amount in years.items():
        _upsert(FundingYear, stats, {"funding_line": line, "year": year}, {"amount": amount})
    for s_order, s in enumerate(f.get("sources", []), start=1):
        _upsert(
            FundingSource,
            stats,
            {"funding_line": line, "order": s_order},
            {
                "name": s["name"],
                "amount": _decimal(s.get("amount"), where),
                "state_pool": s.get("state_pool", False),
                "note": s.get("note", ""),
            },
        )
    _set_m2m(line.dependent_targets, target_list(f.get("dependent_targets", []), where), stats)


@transaction.atomic
def load_plans(directory=PLANS_DIR):
    """Load every committee file in `directory`, all or nothing; return LoadStats."""
    stats = LoadStats()
    files = sorted(p for p in Path(directory).glob("*.json") if p.name != APPENDIX_FILE)
    if not files:
        raise PlanFileError(f"no plan files in {directory}")
    appendix = Path(directory) / APPENDIX_FILE
    if appendix.exists():
        files.append(appendix)
    with versions.bulk():
        for path in files:
            try:
                with transaction.atomic():  # a refused row leaves the transaction usable
                    if path.name == APPENDIX_FILE:
                        load_appendix_file(path, stats)
                    else:
                        load_plan_file(path, stats)
            except ValidationError as exc:
                raise PlanFileError(f"{path.name}: {exc}") from None
            except IntegrityError as exc:
                raise PlanFileError(f"{path.name}: the database refuses a row: {exc}") from None
            except KeyError as exc:
                raise PlanFileError(f"{path.name}: a required field is missing: {exc}") from None
    return stats
