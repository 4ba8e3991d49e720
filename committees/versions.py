"""Data versions: one counter for the whole policy and one per committee.

Every change to a committee's plan, values or money raises its committee's counter and
the policy's, in the transaction that makes the change: each app's `signals.py` calls
`changed()` from module-level receivers. Caches (`kkintegration.common.cache`) and
ETags are keyed by these versions, so a change costs only what it touches: one
committee's approval leaves every other committee's cached figures valid.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import F

from .models import ActionPlan, Committee, DataVersion

POLICY = "policy"
_batch = ContextVar("versions_batch", default=None)
_bulk = ContextVar("versions_bulk", default=False)


def scope_of(committee_id):
    return f"committee-{committee_id}"


def _raise(scopes):
    """Raise the versions of `scopes` by one (1 query; 1 more per row not yet made)."""
    scopes = sorted(set(scopes))  # always the same order: no deadlock between writers
    updated = DataVersion.objects.filter(scope__in=scopes).update(version=F("version") + 1)
    if updated < len(scopes):
        for scope in scopes:
            DataVersion.objects.get_or_create(scope=scope, defaults={"version": 1})


def changed(committee_id=None):
    """Record that data of the committee (None: of the policy only) changed.

    Inside `deferred()`, the versions are raised once when the block ends; otherwise at
    once (1 query), in the caller's transaction.
    """
    if _bulk.get():
        return  # raised for every committee when the bulk write ends
    scopes = {POLICY} | ({scope_of(committee_id)} if committee_id else set())
    batch = _batch.get()
    if batch is not None:
        batch.update(scopes)
    else:
        _raise(scopes)


def changed_everywhere():
    """Record a change that touches every committee (a bulk load, a restore) (3 queries)."""
    DataVersion.objects.update(version=F("version") + 1)
    have = set(DataVersion.objects.values_list("scope", flat=True))
    wanted = [POLICY, *(scope_of(pk) for pk in Committee.objects.values_list("pk", flat=True))]
    DataVersion.objects.bulk_create(
        [DataVersion(scope=scope, version=1) for scope in wanted if scope not in have],
        ignore_conflicts=True,
    )


@contextmanager
def deferred():
    """Collect the changes made inside the block and raise each version once at its end.

    Use it inside the transaction of a write that saves many rows (a committee-year of
    values): one query for the versions instead of one per row. Also a decorator; an
    inner block adds to the outer one's collection.
    """
    if _batch.get() is not None:
        yield
        return
    collected = set()
    token = _batch.set(collected)
    try:
        yield
    finally:
        _batch.reset(token)
    if collected:
        _raise(collected)


@contextmanager
def bulk():
    """A write that touches every committee (loading the plans): the receivers do nothing
    inside the block, and every version is raised once at its end (3 queries)."""
    token = _bulk.set(True)
    try:
        yield
    finally:
        _bulk.reset(token)
    changed_everywhere()


def in_bulk():
    """Whether a bulk write is under way: receivers need not find the committee."""
    return _bulk.get()


def read(committee_ids=None):
    """{committee id: version} for the committees (default: all that have one) (1 query)."""
    rows = DataVersion.objects.exclude(scope=POLICY)
    if committee_ids is not None:
        rows = rows.filter(scope__in=[scope_of(pk) for pk in committee_ids])
    prefix = len(scope_of(""))
    return {int(scope[prefix:]): version for scope, version in rows.values_list("scope", "version")}


def policy():
    """The policy's version: changes with any change anywhere (1 query)."""
    return DataVersion.objects.filter(scope=POLICY).values_list("version", flat=True).first() or 0


def policy_for(request):
    """The policy's version, read once per request however many parts of it ask."""
    memo = request.__dict__.setdefault("_kk_memo", {})
    if "policy-version" not in memo:
        memo["policy-version"] = policy()
    return memo["policy-version"]


def of_committee(committee_id):
    """One committee's version (1 query)."""
    return read([committee_id]).get(committee_id, 0)


def committee_of_plan(plan_id):
    """The committee of a plan (1 query; None when the plan is gone)."""
    return ActionPlan.objects.filter(pk=plan_id).values_list("committee_id", flat=True).first()
