"""An independent recount of every indicator × year of the real plans, with demo values,
from the database and the rules page alone (tests/recount.py, which never calls
status.py), compared with what the dashboard's CSV downloads say."""

import csv
import io

import pytest
from django.urls import reverse

from indicators.demo import generate_demo_values
from indicators.models import Indicator
from tests.recount import ALL_STATUSES, barometer_counts, recount_status, series_from_rows

pytestmark = pytest.mark.django_db

# the statuses as the Danish pages and CSVs write them
DANISH = {
    "opfyldt": "achieved",
    "på rette vej": "on_track",
    "bagud": "behind",
    "i den rigtige retning": "better",
    "uændret": "unchanged",
    "i den forkerte retning": "worse",
    "ingen data": "no_data",
    "ikke målbar": "not_measurable",
}
YEARS = range(2009, 2016)


@pytest.fixture
def bif(client, analyst):
    generate_demo_values(seed=2014)
    client.force_login(analyst)
    return client


def csv_rows(response):
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def plan_order():
    return list(
        Indicator.objects.order_by(
            "objective__plan__committee__order",
            "objective__plan__committee__code",
            "objective__plan__period_start",
            "objective__order",
            "order",
        )
    )


def test_every_indicator_and_year_agrees_with_the_dashboards_csv(bif):
    indicators = plan_order()
    series = {i.pk: series_from_rows(i) for i in indicators}
    assert sum(1 for s in series.values() if s) > 40  # the demo values are there
    checked = 0
    seen = set()
    for year in YEARS:
        url = reverse("indicators:barometer-csv", args=["indicators"])
        header, *rows = csv_rows(bif.get(url, {"year": year, "all_indicators": "on"}))
        text, status = header.index("Indikator"), header.index("Status")
        assert len(rows) == len(indicators)
        for indicator, row in zip(indicators, rows, strict=True):
            assert row[text] == indicator.text
            expected = recount_status(indicator, series[indicator.pk], year)
            assert DANISH[row[status]] == expected, (year, indicator.text[:60], row)
            seen.add(expected)
            checked += 1
    assert checked == len(indicators) * len(YEARS)
    # the real plans with demo values reach every kind of status the rules have
    assert {"achieved", "behind", "better", "worse", "no_data", "not_measurable"} <= seen


def test_the_status_counts_by_committee_agree_with_the_recount(bif):
    for year in (2010, 2012, 2014):
        url = reverse("indicators:barometer-csv", args=["status-by-committee"])
        header, *rows = csv_rows(bif.get(url, {"year": year}))
        assert [DANISH[h] for h in header[1:]] == ALL_STATUSES
        for row in rows:
            counts = barometer_counts(year, committee_code=row[0])
            assert [int(n) for n in row[1:]] == [counts[s] for s in ALL_STATUSES], (year, row)


def test_the_csv_names_each_indicators_unit_as_the_pages_do(bif):
    url = reverse("indicators:barometer-csv", args=["indicators"])
    header, *rows = csv_rows(bif.get(url, {"year": 2014, "all_indicators": "on"}))
    unit = header.index("Enhed")
    by_text = {r[header.index("Indikator")]: r[unit] for r in rows}
    # a difference of shares is in percentage points, a rate in per cent
    assert by_text[next(t for t in by_text if t.startswith("Forskellen mellem andel to- og"))] == (
        "procentpoint"
    )
    assert by_text[next(t for t in by_text if t.startswith("Overlevelsesraten"))] == "procent (%)"
