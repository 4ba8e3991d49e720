"""Word search over targets, indicators and activities.

PostgreSQL uses its Danish full-text search; elsewhere (SQLite) each word is reduced
to its Danish stem with Snowball and matched as a substring, so "hjemløse" finds
"hjemløshed" and "Hjemløsestrategiens" on both.
"""

import re

import snowballstemmer
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q

from activities.models import Activity
from goals.anchors import target_anchors
from goals.models import Target
from indicators.models import Indicator

LIMIT = 50
_stemmer = snowballstemmer.stemmer("danish")

FIELDS = {
    "targets": (Target, ["text", "reservation"]),
    "indicators": (Indicator, ["text", "data_source"]),
    "activities": (Activity, ["name", "description"]),
}


def words(query):
    return [w for w in re.findall(r"\w+", query.lower()) if len(w) > 1][:10]


def _postgres(model, fields, query):
    vector = SearchVector(*fields, config="danish")
    return model.objects.annotate(search=vector).filter(
        search=SearchQuery(query, config="danish", search_type="plain")
    )


def _fallback(model, fields, terms):
    condition = Q()
    for stem in _stemmer.stemWords(terms):
        condition &= Q(*(Q(**{f"{f}__icontains": stem}) for f in fields), _connector=Q.OR)
    return model.objects.filter(condition)


def search_plans(query):
    """{"targets": [...], "indicators": [...], "activities": [...]}, LIMIT each (4 queries)."""
    terms = words(query)
    if not terms:
        return {key: [] for key in FIELDS}
    results = {}
    for key, (model, fields) in FIELDS.items():
        if connection.vendor == "postgresql":
            qs = _postgres(model, fields, " ".join(terms))
        else:
            qs = _fallback(model, fields, terms)
        if model is Activity:
            qs = qs.select_related("plan__committee")
        elif model is Target:
            qs = qs.select_related("objective__plan__committee")
        else:
            qs = qs.select_related("objective__plan__committee", "target")
        results[key] = list(qs.order_by("pk")[:LIMIT])
    _add_anchors(results["targets"])
    return results


def _add_anchors(targets):
    """Give each found target the anchor it has on its plan page (1 query)."""
    plans = {t.objective.plan_id for t in targets}
    if not plans:
        return
    siblings = Target.objects.filter(objective__plan__in=plans).select_related("objective")
    by_plan = {}
    for t in siblings:
        by_plan.setdefault(t.objective.plan_id, []).append(t)
    anchors = {}
    for plan_targets in by_plan.values():
        anchors.update(target_anchors(plan_targets))
    for t in targets:
        t.anchor_id = anchors[t.pk]
