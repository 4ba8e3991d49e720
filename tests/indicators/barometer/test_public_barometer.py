"""The public integration barometer (indicators.barometer.views.public_barometer), as a
visitor without login sees it, recounted from the database by the rules page alone."""

import csv
import io
import re
from collections import Counter
from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.demo import generate_demo_values
from indicators.models import CommitteeYear, Indicator
from tests.recount import ALL_STATUSES, recount_status, series_from_rows

pytestmark = pytest.mark.django_db

URL = reverse("indicators:public-barometer")


@pytest.fixture
def demo(db):
    generate_demo_values(seed=2014)


def csv_rows(client, name, year):
    url = reverse("indicators:barometer-csv", args=[name])
    response = client.get(url, {"year": year})
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def recount(year):
    """{indicator id: status} of the barometer's indicators as of `year`."""
    return {
        ind.pk: recount_status(ind, series_from_rows(ind), year)
        for ind in Indicator.objects.filter(in_barometer=True)
    }


def test_anyone_sees_the_tiles_of_a_chosen_year_recounted(client, demo):
    response = client.get(URL, {"year": 2012})
    assert response.status_code == 200
    tiles = {status.value: n for status, n in response.context["tiles"]}
    counted = Counter(recount(2012).values())
    assert tiles == {s: counted.get(s, 0) for s in ALL_STATUSES}
    html = response.content.decode()
    assert "Integrationsbarometer 2012" in html
    assert "Godkendelsen af" not in html  # the review state is the analysts' own


def test_status_by_theme_counts_each_indicator_under_its_objectives_theme(client, demo):
    statuses = recount(2013)
    themes = dict(Indicator.objects.values_list("pk", "objective__theme__name"))
    expected = Counter((themes[pk] or "Uden tema", status) for pk, status in statuses.items())
    header, *rows = csv_rows(client, "status-by-theme", 2013)
    found = Counter()
    for row in rows:
        for status, n in zip(ALL_STATUSES, row[1:], strict=True):
            if int(n):
                found[(row[0], status)] = int(n)
    assert found == expected
    assert len(header) == 1 + len(ALL_STATUSES)


def test_the_share_judged_each_year_adds_up(client, demo):
    total = Indicator.objects.filter(in_barometer=True).count()
    _header, *rows = csv_rows(client, "share-judged", 2014)
    assert [int(r[0]) for r in rows] == list(range(int(rows[0][0]), 2015))
    for year, judged, unjudged, share in rows:
        statuses = Counter(recount(int(year)).values())
        assert int(unjudged) == statuses["no_data"] + statuses["not_measurable"]
        assert int(judged) + int(unjudged) == total
        expected = (Decimal(100 * int(judged)) / total).quantize(Decimal("0.1"))
        assert Decimal(share.replace(",", ".")) == expected


def test_every_chart_has_its_table_and_a_csv_anyone_can_download(client, demo):
    html = client.get(URL, {"year": 2014}).content.decode()
    names = re.findall(r'href="/barometer/data/([\w-]+)\.csv\?year=2014"', html)
    for name in ("status-by-committee", "status-by-theme", "share-judged", "funding-by-year"):
        assert name in names
    for name in set(names):
        assert csv_rows(client, name, 2014)
    assert html.count('class="chart-table"') >= 6


def test_the_indicators_link_to_their_public_page_which_says_why(client, demo):
    html = client.get(URL, {"year": 2014}).content.decode()
    links = re.findall(r'href="(/indikatorer/\d+/)"', html)
    assert links and "/barometer/indikatorer/" not in html
    page = client.get(links[0]).content.decode()
    assert "Hvorfor denne status" in page
    why = re.search(r'<p class="explanation">(.*?)</p>', page, re.S).group(1)
    assert len(re.sub(r"<[^>]+>", "", why).strip()) > 20


def test_the_analysts_dashboard_adds_the_review_state(client, analyst, demo):
    client.force_login(analyst)
    html = client.get(reverse("indicators:dashboard"), {"year": 2014}).content.decode()
    assert "Godkendelsen af 2014" in html
    counts = Counter(CommitteeYear.objects.filter(year=2014).values_list("status", flat=True))
    for status in CommitteeYear.Status:
        n = counts.get(status.value, 0)
        assert f"<dt>{status.label.capitalize()}</dt><dd>{n} udvalgsår</dd>" in html


def test_the_public_barometer_is_in_the_main_menu(client):
    html = client.get(reverse("committees:home")).content.decode()
    assert f'<a href="{URL}">Integrationsbarometer</a>' in html


def test_the_change_since_last_year_is_said_in_words_and_arrows(client, demo):
    html = client.get(URL, {"year": 2013, "per_page": 100}).content.decode()
    rows = re.findall(
        r'href="/indikatorer/(\d+)/".*?<span class="change change-(\w+)">'
        r'<span aria-hidden="true">([↑→↓])</span> (\w+)</span>',
        html,
        re.S,
    )
    assert len(rows) > 10
    words = {"better": ("↑", "bedre"), "unchanged": ("→", "uændret"), "worse": ("↓", "dårligere")}
    for pk, trend, arrow, word in rows:
        ind = Indicator.objects.get(pk=pk)
        series = {y: v for y, v in series_from_rows(ind).items() if y <= 2013}
        year = max(series)
        q = Decimal(1).scaleb(-ind.decimals)
        now, before = series[year].quantize(q), series[year - 1].quantize(q)
        higher = ind.direction in ("increase", "at_least", "maintain")
        expected = (
            "unchanged" if now == before else ("better" if (now > before) == higher else "worse")
        )
        assert (trend, arrow, word) == (expected, *words[expected]), ind.text
