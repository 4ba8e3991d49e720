"""The benchmark data generator keeps working: 2× the plans, every status, same queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Activity
from bench.scale import generate_scale
from budgets.models import FundingLine
from committees.models import Committee
from goals.models import Target
from indicators.models import Breakdown, Indicator, IndicatorValue

pytestmark = pytest.mark.django_db


MODELS = (Committee, Target, Indicator, Breakdown, Activity, FundingLine)


def test_factor_2_doubles_the_plans_with_values_in_every_status(client):
    before = {m: m.objects.count() for m in MODELS}
    generate_scale(2)
    for model, count in before.items():
        assert model.objects.count() == 2 * count, model
    copies = IndicatorValue.objects.filter(
        breakdown__indicator__objective__plan__committee__code__endswith="-2"
    )
    assert set(copies.values_list("status", flat=True)) == {
        "draft",
        "submitted",
        "approved",
        "returned",
    }
    assert set(copies.values_list("year", flat=True)) == set(range(2010, 2025))
    assert copies.count() == before[Breakdown] * 15
    generate_scale(2)  # again: nothing new
    assert Committee.objects.count() == 2 * before[Committee]


def test_a_copy_renders_like_its_original_in_the_same_number_of_queries(client):
    generate_scale(2)
    for slug in ("sud", "sud-2"):  # warm the roll-up cache first
        client.get(reverse("committees:plan", args=[slug]))
    counts = []
    for slug in ("sud", "sud-2"):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("committees:plan", args=[slug]))
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_the_same_seed_gives_the_same_data():
    generate_scale(2, seed=5)
    first = list(
        IndicatorValue.objects.filter(source="Skaleringsdata")
        .order_by(
            "breakdown__indicator__objective__plan__committee__code",
            "year",
            "breakdown__order",
            "breakdown__indicator__order",
        )
        .values_list("value", "status")[:200]
    )
    from committees.models import ActionPlan

    IndicatorValue.objects.filter(source="Skaleringsdata").delete()
    ActionPlan.objects.filter(committee__code__endswith="-2").delete()
    Committee.objects.filter(code__endswith="-2").delete()
    generate_scale(2, seed=5)
    again = list(
        IndicatorValue.objects.filter(source="Skaleringsdata")
        .order_by(
            "breakdown__indicator__objective__plan__committee__code",
            "year",
            "breakdown__order",
            "breakdown__indicator__order",
        )
        .values_list("value", "status")[:200]
    )
    assert again == first
