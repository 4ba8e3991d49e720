from django.db.models import Count
from django.shortcuts import render

from .models import Committee


def home(request):
    """The committees with the size of their plans."""
    committees = Committee.objects.annotate(
        n_objectives=Count("plans__objectives", distinct=True),
        n_targets=Count("plans__objectives__targets", distinct=True),
        n_indicators=Count("plans__objectives__targets__indicators", distinct=True),
        n_activities=Count("plans__activities", distinct=True),
    ).order_by("order")
    return render(request, "committees/home.html", {"committees": committees})
