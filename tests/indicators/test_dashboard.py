"""The barometer dashboard, its CSV downloads, the drill-down and the rules page."""

import csv
import io
import json
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from indicators.barometer.status import Goal, Status, assess, gap_series
from indicators.demo import generate_demo_values
from indicators.models import Breakdown, Indicator, IndicatorValue

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


def independent_counts(year):
    """Status counts of the barometer recomputed straight from the approved rows."""
    counts = {s: 0 for s in Status}
    for ind in Indicator.objects.filter(in_barometer=True).select_related("objective__plan"):
        values = IndicatorValue.objects.filter(
            breakdown__indicator=ind, status="approved", value__isnull=False
        )
        if ind.is_gap:
            groups = {
                (v.breakdown.group, v.year): v.value
                for v in values.filter(breakdown__sex="all").select_related("breakdown")
            }
            series = gap_series(groups, ind.gap_minuend_group, ind.gap_subtrahend_group)
        else:
            series = {
                v.year: v.value for v in values.filter(breakdown__group="", breakdown__sex="all")
            }
        goal = Goal.of(ind, period_end=ind.objective.plan.period_end)
        counts[assess(goal, series, as_of=year).status] += 1
    return counts


def test_the_tiles_match_a_recount_from_the_database(bif):
    response = bif.get(URL, {"year": 2012})
    assert response.status_code == 200
    tiles = dict(response.context["tiles"])
    assert tiles == independent_counts(2012)
    assert response.context["total"] == Indicator.objects.filter(in_barometer=True).count()


def test_the_default_year_is_the_latest_with_approved_values(bif):
    assert bif.get(URL).context["year"] == 2014


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


def test_charts_can_be_read_without_colour(bif):
    html = bif.get(URL, {"year": 2012}).content.decode()
    traces = chart(html, "status-by-committee")["data"]
    patterns = {t["marker"]["pattern"]["shape"] for t in traces}
    assert len(patterns) == len(traces)  # every status its own pattern
    assert all("text" in t for t in traces)  # counts written on the bars
    assert "I 2012 er " in html  # a summary in words beside the chart


def test_the_indicator_table_filters_by_committee_status_and_words(bif):
    response = bif.get(URL, {"year": 2012, "committee": "kfu"})
    rows = response.context["table"].data.data
    assert rows and {r["committee"] for r in rows} == {"KFU"}
    behind = bif.get(URL, {"year": 2012, "status": "behind"}).context["table"].data.data
    assert behind and {r["status"] for r in behind} == {Status.BEHIND}
    words = bif.get(URL, {"year": 2012, "q": "idrætsforening"}).context["table"].data.data
    assert words and all("idrætsforening" in r["indicator_text"] for r in words)
    everything = bif.get(URL, {"year": 2012, "all_indicators": "on"}).context["table"].data.data
    assert len(everything) == Indicator.objects.count()


def test_the_table_csv_follows_the_filters(bif):
    rows = csv_rows(
        bif.get(
            reverse("indicators:barometer-csv", args=["indicators"]),
            {"year": 2012, "committee": "kfu"},
        )
    )
    assert {r[0] for r in rows[1:]} == {"KFU"}
    assert "demo" in {r[-1] for r in rows[1:]}


def test_targets_at_risk_name_the_funding_and_amounts(bif):
    table = bif.get(URL, {"year": 2012}).context["tables"]["targets-at-risk"]
    sud1 = next(r for r in table.rows if r[0] == "SUD" and r[1] == 1)
    assert "Skolesocialrådgivere" in sud1[3]
    assert sud1[4] == Decimal("49200000") + Decimal("7200000")


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


def test_the_dashboard_costs_a_fixed_number_of_queries(bif, analyst, django_assert_max_num_queries):
    with django_assert_max_num_queries(17):  # cold cache: the roll-up is built once
        bif.get(URL, {"year": 2012})
    call_command("generate_demo_values", "--remove")
    call_command("generate_demo_values", "--seed", "7")
    with django_assert_max_num_queries(17):
        bif.get(URL, {"year": 2013})


def test_approving_a_year_updates_the_cached_dashboard(bif, kfu, kfu_staff, analyst):
    from indicators.entry.services import (
        Entry,
        values_approve_year,
        values_save_year,
        values_submit_year,
    )

    def kfu_achieved():
        table = bif.get(URL, {"year": 2015}).context["tables"]["status-by-committee"]
        return next(r for r in table.rows if r[0] == "KFU")[1]

    before = kfu_achieved()
    # equal shares for both groups, and a gap of 0 where the gap itself is entered
    entries = [
        Entry(breakdown=b, value=Decimal("50") if b.group else Decimal("0"))
        for b in Breakdown.objects.filter(indicator__objective__plan__committee=kfu)
    ]
    values_save_year(committee=kfu, year=2014, user=kfu_staff, entries=entries, version=0)
    values_submit_year(committee=kfu, year=2014, user=kfu_staff)
    assert kfu_achieved() == before  # submitted, not approved: nothing changes yet
    values_approve_year(committee=kfu, year=2014, user=analyst)
    assert kfu_achieved() == 4  # all four gaps closed in 2014


def test_only_analysts_see_the_dashboard(client, kfu_staff, demo):
    assert client.get(URL).status_code == 302
    client.force_login(kfu_staff)
    assert client.get(URL).status_code == 403
    assert client.get(reverse("indicators:barometer-csv", args=["indicators"])).status_code == 403


def test_an_unknown_csv_is_404_and_a_bad_year_falls_back(bif):
    assert bif.get(reverse("indicators:barometer-csv", args=["nope"])).status_code == 404
    assert bif.get(URL, {"year": "x"}).status_code == 200
    assert bif.get(URL, {"year": "99999"}).status_code == 200


def test_the_rules_page_explains_the_statuses_with_examples(client):
    response = client.get(reverse("indicators:status-rules"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sådan beregnes status" in html
    assert "En forskel på 4,1 point i 2012 mod forventet 3,6" in html


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


def test_a_repeated_dashboard_is_served_from_the_cache_for_that_browser_only(
    bif, analyst, django_assert_num_queries
):
    from django.contrib.auth import get_user_model
    from django.test import Client

    from committees.roles import ensure_analyst_group

    first = bif.get(URL, {"year": 2012})  # sets the CSRF cookie
    first = bif.get(URL, {"year": 2012})
    with django_assert_num_queries(2):  # session; data token and people stamp (no user query)
        again = bif.get(URL, {"year": 2012})
    assert again.content == first.content

    other = get_user_model().objects.create_user("anden-analytiker", password="pw")
    other.groups.add(ensure_analyst_group())
    browser = Client()
    browser.force_login(other)
    browser.get(URL, {"year": 2012})
    page = browser.get(URL, {"year": 2012}).content.decode()
    assert "<span>anden-analytiker</span>" in page and "<span>analyst</span>" not in page
    assert "<span>analyst</span>" in bif.get(URL, {"year": 2012}).content.decode()


def test_losing_the_analyst_role_takes_effect_at_once_despite_the_cache(bif, analyst):
    bif.get(URL)
    assert bif.get(URL).status_code == 200
    analyst.groups.clear()
    assert bif.get(URL).status_code == 403


def test_charts_leave_their_template_to_the_one_script_per_page(bif):
    from indicators.barometer.charts import TEMPLATE_SCRIPT, template_script

    html = bif.get(URL, {"year": 2012}).content.decode()
    for name in ("status-by-committee", "share-on-track", "funding-by-year"):
        assert "template" not in chart(html, name)["layout"]
    assert html.count("js/chart-template") == 1
    # the static file is plotly's own template (written again after a plotly upgrade)
    assert TEMPLATE_SCRIPT.read_text() == template_script()
