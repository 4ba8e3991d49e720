from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from committees.models import Committee
from indicators.barometer.rollup import barometer_summary
from indicators.barometer.status import Status

from .exports import open_cached_export
from .search import search_plans
from .selectors import committees_with_counts, plan_for, plan_page


def home(request):
    """The policy in brief, the seven committees with the size of their plans, the barometer."""
    committees = list(committees_with_counts())
    counts = barometer_summary()
    return render(
        request,
        "committees/home.html",
        {
            "committees": committees,
            "status_counts": [(status, counts[status]) for status in Status],
            "funding_total": sum((c.funding_total or 0) for c in committees),
        },
    )


def plan(request, slug):
    """A committee's action plan: objectives → targets → indicators → activities → funding."""
    action_plan = plan_for(slug)
    if action_plan is None:
        raise Http404
    context = {"plan": action_plan, "committee": action_plan.committee}
    context.update(plan_page(action_plan))
    return render(request, "committees/plan.html", context)


def search(request):
    """Targets, indicators and activities matching the words typed."""
    query = request.GET.get("q", "").strip()[:200]
    results = search_plans(query) if query else None
    return render(request, "committees/search.html", {"query": query, "results": results})


@require_GET
def bilag(request, slug=None):
    """The Bilag workbook of one committee, or of all (approved values only)."""
    committee = get_object_or_404(Committee, slug=slug) if slug else None
    year = request.GET.get("year")
    year = int(year) if year and year.isdigit() and 2000 <= int(year) <= 2050 else None
    return FileResponse(
        open_cached_export(committee=committee, year=year),
        as_attachment=True,
        filename=f"bilag-{committee.slug if committee else 'alle-udvalg'}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@require_GET
def healthz(request):
    """200 when the database answers, 503 when it does not (for the load balancer)."""
    from django.db import DatabaseError, connection
    from django.http import JsonResponse

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


def server_error(request):
    """The 500 page; a clear Danish 503 page when the cause is the database being down.

    Rendered without the request context, so that it needs no database itself.
    """
    import sys

    from django.db import DatabaseError
    from django.http import HttpResponse
    from django.template.loader import render_to_string

    exc = sys.exc_info()[1]
    if isinstance(exc, DatabaseError):
        return HttpResponse(render_to_string("503.html"), status=503)
    return HttpResponse(render_to_string("500.html"), status=500)


@login_required
@require_GET
def audit_log(request):
    """The audit trail of plan data and values, for administrators."""
    from django.core.exceptions import PermissionDenied

    from .audit import historical_models, recent_changes

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
