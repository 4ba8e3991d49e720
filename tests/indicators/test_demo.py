"""Demo values: reproducible, marked, never over real values, announced on the pages."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from indicators.demo import generate_demo_values
from indicators.models import IndicatorValue

pytestmark = pytest.mark.django_db


def snapshot():
    return sorted(
        (v.breakdown.indicator.text[:30], v.breakdown.group, v.breakdown.sex, v.year, v.value)
        for v in IndicatorValue.objects.filter(origin="demo").select_related("breakdown__indicator")
    )


def test_the_same_seed_gives_the_same_values_and_a_rerun_adds_nothing():
    created = generate_demo_values(seed=2014)
    assert created > 100
    first = snapshot()
    assert generate_demo_values(seed=2014) == 0
    call_command("generate_demo_values", "--remove")
    assert not IndicatorValue.objects.filter(origin="demo").exists()
    generate_demo_values(seed=2014)
    assert snapshot() == first
    call_command("generate_demo_values", "--remove")
    generate_demo_values(seed=99)
    assert snapshot() != first


def test_demo_values_are_marked_and_plausible():
    generate_demo_values()
    demo = IndicatorValue.objects.filter(origin="demo").select_related("breakdown__indicator")
    assert {v.status for v in demo} == {"approved"}
    assert {v.year for v in demo} <= set(range(2010, 2015))
    for v in demo:
        if v.breakdown.indicator.value_unit == "percent":
            assert 0 <= v.value <= 100
        if v.breakdown.indicator.value_unit == "count":
            assert v.value == v.value.to_integral() and v.value >= 0


def test_real_values_are_never_touched():
    real = {(v.pk, v.value, v.origin) for v in IndicatorValue.objects.exclude(origin="demo")}
    generate_demo_values()
    call_command("generate_demo_values", "--remove")
    assert {(v.pk, v.value, v.origin) for v in IndicatorValue.objects.all()} == real


def test_pages_with_demo_values_say_so(client):
    html = client.get(reverse("committees:home")).content.decode()
    assert "Demodata" not in html
    generate_demo_values()
    for url in (reverse("committees:home"), reverse("committees:plan", args=["kfu"])):
        html = client.get(url).content.decode()
        assert "Demodata" in html
    assert (
        '<span class="demo">demo</span>'
        in client.get(reverse("committees:plan", args=["kfu"])).content.decode()
    )
