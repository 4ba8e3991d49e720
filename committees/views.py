from django.http import Http404
from django.shortcuts import render

from indicators.rollup import barometer_summary
from indicators.status import Status

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
