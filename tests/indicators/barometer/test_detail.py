"""The public indicator page: definition, approved values, chart data and the gap."""

import json
import re

import pytest
from django.urls import reverse

from indicators.models import Breakdown, Indicator, IndicatorValue

pytestmark = pytest.mark.django_db


@pytest.fixture
def grade5(db):
    return Indicator.objects.get(objective__plan__committee__code="KFU", text__contains="5. klasse")


def chart(html, element_id):
    match = re.search(
        rf'<script id="{element_id}" type="application/json">(.*?)</script>', html, re.S
    )
    return json.loads(match.group(1))


def test_it_shows_definition_source_baseline_and_target(client, grade5):
    html = client.get(reverse("indicators:detail", args=[grade5.pk])).content.decode()
    assert "Københavnerbarometer" in html
    assert "9 pct.-point (2009)" in html
    assert "0 pct.-point" in html
    assert "0 pct.-point (2014)" not in html  # KFU gives no target year: none is invented
    assert 'href="/udvalg/kfu/#resultatmaal-1"' in html


def test_the_values_table_has_every_breakdown_of_2009(client, grade5):
    response = client.get(reverse("indicators:detail", args=[grade5.pk]))
    [(year, cells, gap, note)] = response.context["table"]
    assert year == 2009
    assert sorted(cells) == sorted([52, 68, 41, 61, 61, 55])
    assert gap == 9
    assert "Københavnerbarometer" in " ".join(note.sources)


def test_the_chart_shows_the_gap_baseline_target_and_path(client, grade5):
    html = client.get(reverse("indicators:detail", args=[grade5.pk])).content.decode()
    figure = chart(html, "chart-main")
    traces = {t["name"]: t for t in figure["data"]}
    assert traces["Forskel"]["y"] == [9.0]
    # KFU gives no target year: no line to a made-up year, the target drawn as a level
    assert "Forventet forløb" not in traces and "Mål" not in traces
    assert traces["Mål (intet målår)"]["y"] == [0.0, 0.0]
    groups = chart(html, "chart-groups")
    assert len(groups["data"]) == 6  # two groups × all/boys/girls


def test_the_gap_by_sex_is_derived_from_the_group_values(client, grade5):
    response = client.get(reverse("indicators:detail", args=[grade5.pk]))
    gaps = dict((label, dict(values)) for label, values in response.context["gaps_by_sex"])
    assert gaps["alle"][2009] == 9  # 61 − 52
    assert gaps["drenge/mænd"][2009] == -7  # 61 − 68
    assert gaps["piger/kvinder"][2009] == 14  # 55 − 41


def test_values_waiting_for_approval_stay_off_the_page(client, grade5):
    breakdown = Breakdown.objects.get(indicator=grade5, group="Tosprogede elever", sex="all")
    IndicatorValue.objects.create(breakdown=breakdown, year=2012, value="47.3", status="submitted")
    response = client.get(reverse("indicators:detail", args=[grade5.pk]))
    assert [row[0] for row in response.context["table"]] == [2009]
    assert "47,3" not in response.content.decode()


def test_plotly_is_served_by_the_application(client, grade5):
    html = client.get(reverse("indicators:detail", args=[grade5.pk])).content.decode()
    assert "/static/plotly/plotly.min.js" in html
    assert "cdn" not in html.lower()
    response = client.get("/static/plotly/plotly.min.js")
    assert response.status_code == 200


def test_an_indicator_without_values_says_so(client):
    indicator = Indicator.objects.filter(breakdowns__values__isnull=True).first()
    html = client.get(reverse("indicators:detail", args=[indicator.pk])).content.decode()
    assert "Der er endnu ingen godkendte værdier for denne indikator." in html


def test_unknown_indicator_is_404(client):
    assert client.get(reverse("indicators:detail", args=[999999])).status_code == 404


def test_the_page_costs_a_fixed_number_of_queries(client, grade5, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):
        client.get(reverse("indicators:detail", args=[grade5.pk]))


def test_a_provisional_approved_value_is_marked_wherever_it_is_shown(client, grade5):
    for group, value in (("Tosprogede elever", "55"), ("Etsprogede elever", "60")):
        IndicatorValue.objects.create(
            breakdown=Breakdown.objects.get(indicator=grade5, group=group, sex="all"),
            year=2012,
            value=value,
            status="approved",
            is_provisional=True,
            source="Københavnerbarometer 2012",
        )
    detail = client.get(reverse("indicators:detail", args=[grade5.pk])).content.decode()
    assert "foreløbig" in detail and "Københavnerbarometer 2012" in detail
    plan = client.get(reverse("committees:plan", args=["kfu"])).content.decode()
    assert '5 pct.-point (2012) <span class="provisional">foreløbig</span>' in plan
