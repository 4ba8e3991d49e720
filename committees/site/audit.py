"""The audit trail: every create, change and delete of plan data and values, newest first.

django-simple-history keeps a historical row per save; this module reads them across
all the plan apps and says what changed (old → new), for the administrators' page.
"""

import heapq
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings

AUDITED_APPS = ("committees", "goals", "indicators", "activities", "budgets")
SKIP_FIELDS = {
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user",
    "history_user_id",
    "id",
    "updated_at",
    "created_at",
}
KIND = {"+": "oprettet", "~": "ændret", "-": "slettet"}


@dataclass
class AuditEntry:
    when: object
    who: object
    action: str
    model: str
    object_id: int
    label: str
    changes: list  # (field, old, new)


def historical_models():
    """The history models of the audited apps."""
    return [
        m
        for m in apps.get_models()
        if m._meta.app_label in AUDITED_APPS
        and m.__name__.startswith("Historical")
        and any(f.name == "history_date" for f in m._meta.fields)  # not the m2m tables
    ]


def _entry(record, previous, m2m):
    changes = []
    if record.history_type == "~" and previous is not None:
        m2m_names = [f.name for f in _m2m_fields(type(record))]
        delta = record.diff_against(previous, excluded_fields=m2m_names)
        changes = [(c.field, c.old, c.new) for c in delta.changes if c.field not in SKIP_FIELDS]
        for name in m2m_names:
            old, new = m2m.get((previous, name), ()), m2m.get((record, name), ())
            if set(old) != set(new):
                changes.append((name, ", ".join(old) or "–", ", ".join(new) or "–"))
    return AuditEntry(
        when=record.history_date,
        who=record.history_user,
        action=KIND.get(record.history_type, record.history_type),
        model=str(record.instance_type._meta.verbose_name),
        object_id=record.id,
        label=_label(record)[:120],
        changes=changes,
    )


def _m2m_fields(history_model):
    return getattr(history_model, "_history_m2m_fields", [])


def _m2m_sets(records):
    """{(record, field name): [labels of the related objects]} of the many-to-many fields
    simple-history keeps (e.g. the targets an activity serves), for `records` of one
    history model (2 queries per such field, whatever the number of records)."""
    result = {}
    if not records:
        return result
    history_model = type(records[0])
    by_id = {r.history_id: r for r in records}
    for field in _m2m_fields(history_model):
        through = history_model._meta.get_field(
            f"{history_model._meta.model_name}_{field.name}"
        ).related_model
        related = f"{field.related_model._meta.model_name}_id"
        rows = list(through.objects.filter(history_id__in=by_id).values_list("history_id", related))
        labels = {
            o.pk: str(o) for o in field.related_model.objects.filter(pk__in={r for _h, r in rows})
        }
        for history_id, related_id in rows:
            key = (by_id[history_id], field.name)
            result.setdefault(key, []).append(labels.get(related_id, f"#{related_id}"))
    return result


def _label(record):
    """What the record is about, read from the record and the relations joined in (not
    from the object it stands for, which would cost a query or two each)."""
    if hasattr(record, "breakdown_id"):  # a value: indicator · breakdown · year
        b = record.breakdown
        return f"{b.indicator.text[:70]} · {b.label} · {record.year}"
    if hasattr(record, "committee_id") and hasattr(record, "year"):  # a committee-year
        return f"{record.committee.code} {record.year}"
    for name in ("text", "name", "title", "heading", "code", "group"):
        value = getattr(record, name, None)
        if value:
            return str(value)
    if hasattr(record, "year"):
        return str(record.year)
    return f"{record.instance_type._meta.verbose_name} #{record.id}"


def _labelled_by(model):
    """The relations, two steps deep, that a record's label may read (e.g. a value's
    indicator through its breakdown): joined in, so that labels cost no query each."""
    paths = []
    for f in model._meta.fields:
        if not f.many_to_one or f.name == "history_user" or f.related_model is None:
            continue
        if f.related_model._meta.label == settings.AUTH_USER_MODEL:
            continue
        paths.append(f.name)
        paths += [
            f"{f.name}__{g.name}"
            for g in f.related_model._meta.fields
            if g.many_to_one and g.related_model._meta.label != settings.AUTH_USER_MODEL
        ]
    return paths


def _previous(records):
    """{(model, history_id): the record before it of the same object} for `records` of one
    history model (1 query, whatever their number)."""
    model = type(records[0])
    history = (
        model.objects.filter(
            id__in={r.id for r in records},
            history_date__lte=max(r.history_date for r in records),
        )
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    before, last = {}, {}
    for row in history:
        before[(model, row.history_id)] = last.get(row.id)
        last[row.id] = row
    return before


def recent_changes(limit=100, model_label=None):
    """The newest `limit` changes across the plan data: one query per history model, one
    more per model among them for the earlier versions they are compared with, and two
    per many-to-many field of those; never one per entry."""
    streams = []
    for model in historical_models():
        if model_label and model.instance_type._meta.label_lower != model_label:
            continue
        streams.append(
            model.objects.select_related("history_user", *_labelled_by(model)).order_by(
                "-history_date", "-history_id"
            )[:limit]
        )
    newest = heapq.merge(*streams, key=lambda r: r.history_date, reverse=True)
    chosen = [r for _, r in zip(range(limit), newest, strict=False)]
    by_model = {}
    for record in chosen:
        if record.history_type == "~":
            by_model.setdefault(type(record), []).append(record)
    before, m2m = {}, {}
    for records in by_model.values():
        earlier = _previous(records)
        before.update(earlier)
        both = records + [r for r in earlier.values() if r is not None]
        m2m.update(_m2m_sets(both))
    return [_entry(r, before.get((type(r), r.history_id)), m2m) for r in chosen]
