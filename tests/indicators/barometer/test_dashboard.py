"""The barometer dashboard: tiles, tables, filters, the first view after a change, ETags, cost."""

import json
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from indicators.barometer.status import Status
from indicators.demo import generate_demo_values
from indicators.models import Breakdown, Indicator, IndicatorValue
from kkintegration.common.formatting import danish_amount
from tests.recount import barometer_counts

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


def test_the_tiles_match_a_recount_from_the_database(bif):
    response = bif.get(URL, {"year": 2012})
    assert response.status_code == 200
    tiles = dict(response.context["tiles"])
    assert tiles == barometer_counts(2012)
    assert response.context["total"] == Indicator.objects.filter(in_barometer=True).count()


def test_the_default_year_is_the_latest_with_approved_values(bif):
    assert bif.get(URL).context["year"] == 2014


def table_rows(response):
    """The records in the dashboard's indicator table (the charts' tables are not it)."""
    from indicators.barometer.tables import IndicatorStatusTable

    for context in response.context:
        table = context.get("table")
        if isinstance(table, IndicatorStatusTable):
            return table.data.data
    raise AssertionError("no indicator table on the page")


def test_the_indicator_table_filters_by_committee_status_and_words(bif):
    response = bif.get(URL, {"year": 2012, "committee": "kfu"})
    rows = table_rows(response)
    assert rows and {r.committee for r in rows} == {"KFU"}
    behind = table_rows(bif.get(URL, {"year": 2012, "status": "behind"}))
    assert behind and {r.status for r in behind} == {Status.BEHIND}
    words = table_rows(bif.get(URL, {"year": 2012, "q": "idrætsforening"}))
    assert words and all("idrætsforening" in r.indicator_text for r in words)
    everything = table_rows(bif.get(URL, {"year": 2012, "all_indicators": "on"}))
    assert len(everything) == Indicator.objects.count()


def test_targets_at_risk_name_the_funding_and_amounts(bif):
    table = bif.get(URL, {"year": 2012}).context["tables"]["targets-at-risk"]
    sud1 = next(r for r in table.rows if r[0] == "SUD" and r[1] == 1)
    assert "Skolesocialrådgivere" in sud1[3]
    assert sud1[4] == Decimal("49200000") + Decimal("7200000")


def test_the_dashboard_costs_a_fixed_number_of_queries(bif, analyst, django_assert_max_num_queries):
    # nothing cached: every committee's part is built, the planned funding's composition
    # and the year's review state
    with django_assert_max_num_queries(21):
        bif.get(URL, {"year": 2012})
    call_command("generate_demo_values", "--remove")
    call_command("generate_demo_values", "--seed", "7")
    with django_assert_max_num_queries(21):
        bif.get(URL, {"year": 2013})
    # cached for this data version: session, user, role, version, review state, the
    # committees' versions (2, for the demo mark) and the theme filter's choices
    with django_assert_max_num_queries(8):
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

    # the year starts empty, so that submitting it withdraws no approved (demo) value
    IndicatorValue.objects.filter(
        year=2014, breakdown__indicator__objective__plan__committee=kfu
    ).delete()
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
    """The dashboard adds the review state; its figures and CSVs are the public ones."""
    assert client.get(URL).status_code == 302
    assert client.get(reverse("indicators:barometer-csv", args=["indicators"])).status_code == 200
    client.force_login(kfu_staff)
    assert client.get(URL).status_code == 403


def test_a_repeated_dashboard_is_answered_not_modified_for_that_browser_only(
    bif, analyst, django_assert_max_num_queries
):
    from django.contrib.auth import get_user_model
    from django.test import Client

    from committees.roles import ensure_analyst_group

    bif.get(URL, {"year": 2012})  # sets the CSRF cookie
    first = bif.get(URL, {"year": 2012})
    etag = first["ETag"]
    # the session, the user, the role, the data version and the review state: nothing is
    # rendered
    with django_assert_max_num_queries(5):
        again = bif.get(URL, {"year": 2012}, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert bif.get(URL, {"year": 2013}, HTTP_IF_NONE_MATCH=etag).status_code == 200

    other = get_user_model().objects.create_user("anden-analytiker", password="pw")
    other.groups.add(ensure_analyst_group())
    browser = Client()
    browser.force_login(other)
    browser.get(URL, {"year": 2012})
    page = browser.get(URL, {"year": 2012}, HTTP_IF_NONE_MATCH=etag)
    assert page.status_code == 200  # another visitor never gets the first one's page
    html = page.content.decode()
    assert "<span>anden-analytiker</span>" in html and "<span>analyst</span>" not in html


def test_a_change_of_the_data_renews_the_etag(bif, kfu):
    bif.get(URL, {"year": 2012})
    etag = bif.get(URL, {"year": 2012})["ETag"]
    target = kfu.plans.get().objectives.first().targets.first()
    target.text = "Et resultatmål skrevet om efter første visning"
    target.save()
    response = bif.get(URL, {"year": 2012}, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response["ETag"] != etag


def test_the_page_is_private_and_revalidated(bif):
    response = bif.get(URL, {"year": 2012})
    assert "private" in response["Cache-Control"] and "no-cache" in response["Cache-Control"]


def test_losing_the_analyst_role_takes_effect_at_once_despite_the_cache(bif, analyst):
    bif.get(URL)
    assert bif.get(URL).status_code == 200
    analyst.groups.clear()
    assert bif.get(URL).status_code == 403


@pytest.mark.parametrize(
    ("number", "per_page"), [(1, 25), (1, 10), (2, 10), (3, 10), (2, 7), (4, 7)]
)
def test_the_unfiltered_table_pages_through_the_barometer_in_plan_order(bif, number, per_page):
    ordered = list(
        Indicator.objects.filter(in_barometer=True)
        .order_by(
            "objective__plan__committee__order",
            "objective__plan__period_start",
            "objective__order",
            "order",
        )
        .values_list("pk", flat=True)
    )
    response = bif.get(URL, {"year": 2012, "page": number, "per_page": per_page})
    table = next(
        c["table"]
        for c in response.context
        if type(c.get("table")).__name__ == "IndicatorStatusTable"
    )
    shown = [row.record.pk for row in table.paginated_rows]
    assert shown == ordered[(number - 1) * per_page : number * per_page]
    assert table.paginator.count == len(ordered)


def test_a_sort_key_given_twice_sorts_the_unfiltered_table(bif):
    """Found by the fuzzer: django-tables2 reads every ?sort= given, the view the last."""
    response = bif.get(URL, {"year": 2012, "sort": ["-change", ""]})
    assert response.status_code == 200
    shown = [r.change_sort for r in table_rows(response)]
    assert shown == sorted(shown, reverse=True)


def test_demo_figures_say_so_in_their_titles_and_real_ones_do_not(bif):
    response = bif.get(URL, {"year": 2013})
    html = response.content.decode()
    tables = response.context["tables"]
    for name in ("status-by-committee", "status-by-committee-year", "share-on-track"):
        assert tables[name].title.endswith("(indeholder demoværdier)"), name
    heading = html.split('id="tiles-heading">')[1].split("</h2>")[0]
    assert "(indeholder demoværdier)" in heading
    assert 'opfyldt <span class="demo">demo</span></a>' in html  # the tiles' badges
    call_command("generate_demo_values", "--remove")
    response = bif.get(URL, {"year": 2013})
    html = response.content.decode()
    for name in ("status-by-committee", "status-by-committee-year", "share-on-track"):
        assert "demo" not in response.context["tables"][name].title, name
    assert "indeholder demoværdier" not in html
    assert '<span class="demo">' not in html


def test_direction_only_statuses_are_counted_in_their_own_columns(bif):
    response = bif.get(URL, {"year": 2014})
    tiles = dict(response.context["tiles"])
    assert tiles[Status.BETTER] > 0  # "skal stige", "en stigende andel", …
    table = response.context["tables"]["status-by-committee"]
    assert "i den rigtige retning" in table.header and "uændret" in table.header
    assert "i den forkerte retning" in table.header
    share = response.context["tables"]["share-on-track"]
    assert share.header[2:5] == ["opfyldt", "på rette vej", "bagud"]
    assert share.header[5:8] == ["i den rigtige retning", "uændret", "i den forkerte retning"]
    assert "kun vurderes på retningen" in table.summary


def test_targets_at_risk_count_each_funding_line_once(bif):
    from budgets.models import FundingLine

    risks = bif.get(URL, {"year": 2014}).context["tables"]["targets-at-risk"]
    lines = FundingLine.objects.filter(
        status="separate_appropriation", dependent_targets__isnull=False, total__isnull=False
    ).distinct()
    total = sum(line.total for line in lines)
    assert f"i alt {danish_amount(total)}" in risks.summary
    assert "hver linje talt én gang" in risks.summary
    # Skolesocialrådgivere serves SUD targets 1 and 2: each shows it and names the other
    sud = {r[1]: r for r in risks.rows if r[0] == "SUD"}
    assert "Skolesocialrådgivere (49,2 mio. kr.)" in sud[1][3]
    assert "Skolesocialrådgivere (49,2 mio. kr.)" in sud[2][3]
    assert "2" in sud[1][5].split(", ") and "1" in sud[2][5].split(", ")
    assert sum(r[4] or 0 for r in risks.rows) > total  # the rows repeat shared lines
