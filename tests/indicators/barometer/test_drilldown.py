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


def test_the_drilldown_says_why_in_words(bif):
    grade5 = Indicator.objects.get(
        objective__plan__committee__code="KFU", text__contains="5. klasse"
    )
    for group, value in (("Etsprogede elever", "61"), ("Tosprogede elever", "56.9")):
        b = Breakdown.objects.get(indicator=grade5, group=group, sex="all")
        IndicatorValue.objects.update_or_create(
            breakdown=b,
            year=2012,
            defaults={"value": Decimal(value), "status": "approved", "origin": "entered"},
        )
    response = bif.get(reverse("indicators:drilldown", args=[grade5.pk]), {"year": 2013})
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["row"].assessment.year in (2012, 2013)
    if response.context["row"].assessment.year == 2012:
        assert (
            "En forskel på 4,1 procentpoint i 2012 mod forventet 3,6 på vejen fra 9 i 2009 "
            "til 0 i 2014: bagud."
        ) in html
        assert "1 år før 2013" in html
