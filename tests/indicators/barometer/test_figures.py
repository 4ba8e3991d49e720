"""The barometer's figures: with many committees the charts show those most behind, the CSVs all."""

import csv
import io
import json
import re

import pytest
from django.urls import reverse

from indicators.barometer.status import Status
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


def csv_rows(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_with_many_committees_the_charts_show_those_most_behind_and_the_csv_all(bif, monkeypatch):
    from indicators.barometer import figures as barometer

    monkeypatch.setattr(barometer, "CHART_COMMITTEES", 3)
    every = csv_rows(
        bif.get(reverse("indicators:barometer-csv", args=["status-by-committee"]), {"year": 2012})
    )[1:]
    assert len(every) == 7
    behind = 1 + [str(s.label) for s in Status].index(str(Status.BEHIND.label))
    no_data = 1 + [str(s.label) for s in Status].index(str(Status.NO_DATA.label))
    ranked = sorted(every, key=lambda r: (-int(r[behind]), -int(r[no_data]), every.index(r)))
    expected = [r[0] for r in every if r in ranked[:3]]  # the three most behind, plan order

    response = bif.get(URL, {"year": 2012})
    html = response.content.decode()
    assert chart(html, "status-by-committee")["data"][0]["x"] == expected
    assert [r[0] for r in response.context["tables"]["funding-by-committee"].rows] == expected
    heatmap = response.context["tables"]["status-by-committee-year"]
    assert [r[0] for r in heatmap.rows] == expected
    assert "de 3 af 7 udvalg med flest indikatorer bagud" in html
    assert "Vis alle 7 udvalg" in html

    everything = bif.get(URL, {"year": 2012, "all_committees": "1"})
    assert len(chart(everything.content.decode(), "status-by-committee")["data"][0]["x"]) == 7
    assert "Vis kun de udvalg, der har flest indikatorer bagud" in everything.content.decode()
