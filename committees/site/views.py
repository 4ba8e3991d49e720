"""The public plan site: home, a committee's plan, search, the Bilag downloads; and the
site's operations (health check, error pages, audit trail)."""

import sys

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_safe

from budgets.totals import composition_text
from committees import versions
from committees.models import Committee
from indicators.barometer.rollup import barometer_overview, demo_present
from indicators.barometer.status import Status
from kkintegration.common.cache import cached
from kkintegration.common.http import page_etag, request_memo

from .audit import historical_models, recent_changes
from .exports import bilag_filename, cached_export
from .search import search_plans
from .selectors import (
    committees_with_counts,
    plan_for,
    plan_page,
    plan_years,
    planned_funding_total,
)

COMMITTEES_PER_PAGE = 25


def _policy_version(request):
    return versions.policy_for(request)


def _home_etag(request):
    return page_etag(request, "home", _policy_version(request))


@require_safe
@condition(etag_func=_home_etag)
@cache_control(no_cache=True)
def home(request):
    """The policy in brief, the committees with the size of their plans (a page of them at
    a time), the barometer's status."""
    version = _policy_version(request)
    page = Paginator(Committee.objects.order_by("order", "code"), COMMITTEES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    funding = cached("planned-funding", planned_funding_total, version=version, translated=False)
    overview = cached("home-barometer", barometer_overview, version=version, translated=False)
    counts = overview["counts"]
    return render(
        request,
        "committees/home.html",
        {
            "committees": committees_with_counts(page.object_list),
            "page": page,
            "status_counts": [(status, counts[status]) for status in Status],
            "barometer": overview,
            "funding_total": funding,
            "funding_composition_text": composition_text(funding),
        },
    )


def _committee(request, slug):
    """The committee of the address and its data version, read once per request."""

    def read():
        committee = Committee.objects.filter(slug=slug).first()
        return committee, versions.of_committee(committee.pk) if committee else None

    return request_memo(request, f"committee:{slug}", read)


def _plan_etag(request, slug):
    committee, version = _committee(request, slug)
    if committee is None:
        return None
    return page_etag(request, "plan", version, _demo(request))


def _demo(request):
    return request_memo(request, "demo-present", lambda: demo_present(_policy_version(request)))


def _plan_year(request):
    """The year asked for (?year=), or None for the latest with approved values."""
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and len(raw) == 4 else None


@require_safe
@condition(etag_func=_plan_etag)
@cache_control(no_cache=True)
def plan(request, slug):
    """A committee's action plan: objectives → targets → indicators → activities → funding.

    The plan itself (all but the page's frame) is the same for every visitor: it is
    rendered once per data version of the committee, demo flag and language.
    """
    committee, version = _committee(request, slug)
    if committee is None:
        raise Http404
    demo = _demo(request)
    year = _plan_year(request)

    def build():
        action_plan = plan_for(slug)
        if action_plan is None:
            return None
        context = {"plan": action_plan, "committee": committee, "demo_values": demo}
        shown = year if year in plan_years(action_plan) else None
        context.update(plan_page(action_plan, shown, {committee.pk: version}))
        return render_to_string("committees/plan_body.html", context)

    body = cached(f"plan-body:{committee.pk}:{demo}:{year}", build, version=version)
    if body is None:
        raise Http404
    return render(request, "committees/plan.html", {"committee": committee, "body": body})


@require_safe
@condition(etag_func=_plan_etag)
@cache_control(no_cache=True)
def plan_short(request, slug):
    """A committee's plan in short, for print (at most four A4 pages): the summary of the
    chosen year, each target with its indicators' latest values and statuses, the money at
    risk."""
    committee, version = _committee(request, slug)
    action_plan = plan_for(slug) if committee else None
    if action_plan is None:
        raise Http404
    year = _plan_year(request)
    shown = year if year in plan_years(action_plan) else None
    context = {"plan": action_plan, "committee": committee, "demo_values": _demo(request)}
    context.update(plan_page(action_plan, shown, {committee.pk: version}))
    return render(request, "committees/plan_short.html", context)


@require_safe
def search(request):
    """Targets, indicators, activities, funding lines and passages of the plans' text
    matching the words typed (the rules are in committees.site.search)."""
    query = request.GET.get("q", "").strip()[:200]
    results = search_plans(query) if query else None
    passages = len(results["sections"]) + len(results["plans"]) if results else 0
    return render(
        request,
        "committees/search.html",
        {"query": query, "results": results, "passage_count": passages},
    )


@require_safe
def bilag(request, slug=None):
    """The Bilag workbook of one committee, or of all (approved values only).

    Danish whatever the browser or the interface language says: the workbook is for the
    council's papers; English only with ?lang=en. BIU, outside the adopted Bilag 2, joins
    the all-committees workbook with ?biu=1.
    """
    committee = get_object_or_404(Committee, slug=slug) if slug else None
    year = request.GET.get("year")
    year = int(year) if year and year.isdigit() and 2000 <= int(year) <= 2050 else None
    language = "en" if request.GET.get("lang") == "en" else "da"
    include_biu = committee is None and request.GET.get("biu") == "1"
    response = HttpResponse(
        cached_export(committee=committee, year=year, language=language, include_biu=include_biu),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = bilag_filename(committee, include_biu=include_biu, language=language)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Content-Language"] = language
    return response


@require_safe
def healthz(request):
    """200 when the database answers, 503 when it does not (for the load balancer); the
    shared cache is reported as "degraded" while Redis does not answer (pages still do)."""
    available = getattr(cache, "available", None)
    cache_state = "local" if available is None else ("ok" if available() else "degraded")
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse(
            {"status": "database unavailable", "database": "unavailable", "cache": cache_state},
            status=503,
        )
    status = "ok" if cache_state != "degraded" else "degraded"
    return JsonResponse({"status": status, "database": "ok", "cache": cache_state})


def server_error(request):
    """The 500 page; a clear Danish 503 page when the cause is the database being down
    (it cannot be reached or the connection broke), not for any other database error.

    Rendered without the request context, so that it needs no database itself.
    """
    exc = sys.exc_info()[1]
    if isinstance(exc, (OperationalError, InterfaceError)):
        return HttpResponse(render_to_string("503.html"), status=503)
    return HttpResponse(render_to_string("500.html"), status=500)


@login_required
@require_safe
def audit_log(request):
    """The audit trail of plan data and values, for administrators."""
    if not request.user.is_superuser:
        raise PermissionDenied
    models = sorted(
        (m.instance_type._meta.label_lower, str(m.instance_type._meta.verbose_name_plural))
        for m in historical_models()
    )
    chosen = request.GET.get("model") or None
    if chosen not in {label for label, _ in models}:
        chosen = None
    return render(
        request,
        "committees/audit_log.html",
        {
            "entries": recent_changes(limit=200, model_label=chosen),
            "models": models,
            "chosen": chosen,
        },
    )
