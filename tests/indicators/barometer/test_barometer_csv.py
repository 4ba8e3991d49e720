"""The CSV behind every chart and the indicator table: the page's numbers, Danish decimals."""

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


def test_every_chart_has_its_numbers_as_a_table_and_a_matching_csv(bif):
    html = bif.get(URL, {"year": 2012}).content.decode()
    figure = chart(html, "status-by-committee")
    rows = csv_rows(
        bif.get(reverse("indicators:barometer-csv", args=["status-by-committee"]), {"year": 2012})
    )
    header, body = rows[0], rows[1:]
    assert header[0] == "Udvalg" and header[1:] == [str(s.label) for s in Status]
    for trace in figure["data"]:
        column = header.index(trace["name"])
        assert [float(r[column]) for r in body] == trace["y"]
    assert [r[0] for r in body] == figure["data"][0]["x"]

    share = chart(html, "share-on-track")
    rows = csv_rows(
        bif.get(reverse("indicators:barometer-csv", args=["share-on-track"]), {"year": 2012})
    )
    from_csv = [float(r[1].replace(",", ".")) for r in rows[1:] if r[1]]
    assert from_csv == share["data"][0]["y"]

    money = chart(html, "funding-by-committee")
    rows = csv_rows(bif.get(reverse("indicators:barometer-csv", args=["funding-by-committee"])))
    sud = next(r for r in rows if r[0] == "SUD")
    needs = next(t for t in money["data"] if t["name"] == "kræver særskilt bevilling")
    assert float(sud[1].replace(",", ".")) / 1_000_000 == needs["y"][3]
    assert "Tallene som tabel" in html


def test_the_table_csv_follows_the_filters(bif):
    rows = csv_rows(
        bif.get(
            reverse("indicators:barometer-csv", args=["indicators"]),
            {"year": 2012, "committee": "kfu"},
        )
    )
    assert {r[0] for r in rows[1:]} == {"KFU"}
    assert "demo" in {r[-1] for r in rows[1:]}


def test_an_unknown_csv_is_404_and_a_bad_year_falls_back(bif):
    assert bif.get(reverse("indicators:barometer-csv", args=["nope"])).status_code == 404
    assert bif.get(URL, {"year": "x"}).status_code == 200
    assert bif.get(URL, {"year": "99999"}).status_code == 200


def test_a_csv_computed_with_demo_values_says_so_in_its_name(bif):
    from django.core.management import call_command

    for name in ("status-by-committee", "share-on-track", "indicators"):
        url = reverse("indicators:barometer-csv", args=[name])
        disposition = bif.get(url, {"year": 2013})["Content-Disposition"]
        assert disposition.endswith(f'barometer-{name}-2013-demo.csv"'), disposition
    money = reverse("indicators:barometer-csv", args=["funding-by-year"])
    assert "-demo" not in bif.get(money, {"year": 2013})["Content-Disposition"]  # no demo money
    call_command("generate_demo_values", "--remove")
    url = reverse("indicators:barometer-csv", args=["status-by-committee"])
    assert bif.get(url, {"year": 2013})["Content-Disposition"].endswith('-2013.csv"')
PAYLOADS = [
    "=1+1",
    "+1+1",
    "-1+1",
    "\u22121+1",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    '=HYPERLINK("http://example.org/","kommentar")',
]


def formula_like(field):
    return field[:1] in ("=", "+", "-", "\u2212", "@", "\t", "\r") and not re.fullmatch(
        r"[-+\u2212]?\d[\d.,]*( ?%)?", field
    )


@pytest.mark.parametrize("payload", PAYLOADS, ids=repr)
def test_no_text_in_any_csv_can_start_a_formula(bif, payload):
    from budgets.models import FundingLine
    from goals.models import Target
    from indicators.models import Indicator

    Indicator.objects.update(text=payload)
    Target.objects.update(text=payload)
    FundingLine.objects.update(name=payload)
    names = [
        "indicators",
        "status-by-committee",
        "status-by-committee-year",
        "share-on-track",
        "funding-by-committee",
        "funding-by-year",
        "targets-at-risk",
    ]
    seen = 0
    for name in names:
        response = bif.get(reverse("indicators:barometer-csv", args=[name]), {"year": 2012})
        assert response.status_code == 200, name
        for row in csv_rows(response):
            for field in row:
                assert not formula_like(field), (name, field)
                seen += field == "'" + payload
    assert seen > 0  # the payload is there, neutralised, as the OWASP advice says
    numbers = csv_rows(bif.get(reverse("indicators:barometer-csv", args=["funding-by-year"])))
    assert any(re.fullmatch(r"\d+(,\d+)?", f) for row in numbers[1:] for f in row)
