"""The audit trail: every create, change and delete of plan data and values, newest first.

django-simple-history keeps a historical row per save; this module reads them across
all the plan apps and says what changed (old → new), for the administrators' page.
"""

import heapq
from dataclasses import dataclass

from django.apps import apps

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


def _entry(record):
    changes = []
    if record.history_type == "~":
        previous = record.prev_record
        if previous is not None:
            delta = record.diff_against(previous)
            changes = [(c.field, c.old, c.new) for c in delta.changes if c.field not in SKIP_FIELDS]
    return AuditEntry(
        when=record.history_date,
        who=record.history_user,
        action=KIND.get(record.history_type, record.history_type),
        model=str(record.instance_type._meta.verbose_name),
        object_id=record.id,
        label=str(record)[:120],
        changes=changes,
    )


def recent_changes(limit=100, model_label=None):
    """The newest `limit` changes across the plan data (one query per model, plus the diffs)."""
    streams = []
    for model in historical_models():
        if model_label and model.instance_type._meta.label_lower != model_label:
            continue
        streams.append(
            model.objects.select_related("history_user").order_by("-history_date")[:limit]
        )
    newest = heapq.merge(*streams, key=lambda r: r.history_date, reverse=True)
    return [_entry(r) for _, r in zip(range(limit), newest, strict=False)]
