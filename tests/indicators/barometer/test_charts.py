"""The chart figures: readable without colour, plotly's template sent once per page."""

import json
import re

import pytest
from django.urls import reverse

from indicators.demo import generate_demo_values

pytestmark = pytest.mark.django_db


URL = reverse("indicators:dashboard")


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


def test_charts_can_be_read_without_colour(bif):
    html = bif.get(URL, {"year": 2012}).content.decode()
    traces = chart(html, "status-by-committee")["data"]
    patterns = {t["marker"]["pattern"]["shape"] for t in traces}
    assert len(patterns) == len(traces)  # every status its own pattern
    assert all("text" in t for t in traces)  # counts written on the bars
    assert "I 2012 er " in html  # a summary in words beside the chart


def test_charts_leave_their_template_to_the_one_script_per_page(bif):
    from indicators.barometer.charts import TEMPLATE_SCRIPT, template_script

    html = bif.get(URL, {"year": 2012}).content.decode()
    for name in ("status-by-committee", "share-on-track", "funding-by-year"):
        assert "template" not in chart(html, name)["layout"]
    assert html.count("js/chart-template") == 1
    # the static file is plotly's own template (written again after a plotly upgrade)
    assert TEMPLATE_SCRIPT.read_text() == template_script()
