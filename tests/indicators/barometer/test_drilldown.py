"""The drill-down: one indicator as of a year, and why it has its status, in words."""

import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.demo import generate_demo_values
from indicators.models import Breakdown, Indicator, IndicatorValue

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    generate_demo_values(seed=2014)


@pytest.fixture
def bif(client, analyst, demo):
    client.force_login(analyst)
    return client


def chart(html, name):
    match = re.search(
        rf'<script id="chart-{name}" type="application/json">(.*?)</script>', html, re.S
    )
    return json.loads(match.group(1))


def grade5():
    return Indicator.objects.get(objective__plan__committee__code="KFU", text__contains="5. klasse")


def set_values(indicator, year, values, origin="entered"):
    for group, value in values.items():
        b = Breakdown.objects.get(indicator=indicator, group=group, sex="all")
        IndicatorValue.objects.update_or_create(
            breakdown=b,
            year=year,
            defaults={"value": Decimal(value), "status": "approved", "origin": origin},
        )


def why(response):
    return response.content.decode().split('id="why"')[1].split("</section>")[0]


def test_the_drilldown_says_why_in_words(bif):
    ind = grade5()
    set_values(ind, 2012, {"Etsprogede elever": "61", "Tosprogede elever": "56.9"})
    response = bif.get(reverse("indicators:drilldown", args=[ind.pk]), {"year": 2012})
    assert response.status_code == 200
    assert response.context["row"].assessment.year == 2012
    # KFU gives no target year: no line to a made-up 2014, judged by its direction
    assert (
        "Et efterslæb på 4,1 procentpoint for Tosprogede elever i 2012 har ikke nået målet 0 "
        "(intet målår); vurderet på retningen mod udgangspunktet 9 i 2009"
    ) in why(response)
    assert ": i den rigtige retning." in why(response)
    assert "forventet" not in why(response)
    assert "procent (%)" not in why(response)


def test_a_gap_that_passed_parity_is_achieved_and_says_it_reversed(bif):
    ind = grade5()
    set_values(ind, 2014, {"Etsprogede elever": "60", "Tosprogede elever": "62.3"})
    # the year's other breakdowns entered too, so that no demo value is left in 2014
    IndicatorValue.objects.filter(breakdown__indicator=ind, year=2014, origin="demo").update(
        origin="entered"
    )
    response = bif.get(reverse("indicators:drilldown", args=[ind.pk]), {"year": 2014})
    assert response.context["row"].assessment.status == "achieved"
    assert "Forskellen er vendt: −2,3 procentpoint i 2014 (Tosprogede elever ligger foran)" in (
        why(response)
    )
    assert "demo" not in why(response)  # entered values: no demo mark


def test_a_status_from_demo_values_is_marked_demo(bif):
    response = bif.get(reverse("indicators:drilldown", args=[grade5().pk]), {"year": 2014})
    assert response.context["row"].status_is_demo
    assert '<span class="demo">demo</span>' in why(response)
    assert "Beregnet med demoværdier." in why(response)


def test_a_per_year_target_shows_its_arithmetic(bif):
    survival = Indicator.objects.get(text__startswith="Overlevelsesraten")
    IndicatorValue.objects.filter(breakdown__indicator=survival).delete()
    b = survival.breakdowns.get()
    for year, value in ((2010, "6.7"), (2013, "12.1")):
        IndicatorValue.objects.create(
            breakdown=b, year=year, value=Decimal(value), status="approved", origin="entered"
        )
    response = bif.get(reverse("indicators:drilldown", args=[survival.pk]), {"year": 2013})
    assert (
        "En værdi på 12,1 % i 2013 mod 12,7 = 6,7 (den godkendte værdi, 2010) + 3 × 2 "
        "procentpoint, målet for 2013: bagud."
    ) in why(response)
    assert "pct.-point" not in why(response)  # a rate is in per cent
