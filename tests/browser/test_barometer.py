"""The barometer in a real browser: charts draw, a filter applies, a drill-down opens."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from committees.roles import ensure_analyst_group
from indicators.demo import generate_demo_values

from .conftest import axe_violations, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def analyst_page(page, live_server, plans):
    generate_demo_values()
    user = get_user_model().objects.create_user("bif", password="Hemmeligt-ord-42", is_staff=True)
    user.groups.add(ensure_analyst_group())
    page.goto(live_server.url + "/konto/login/")
    page.get_by_label("Brugernavn").fill("bif")
    page.get_by_label("Adgangskode").fill("Hemmeligt-ord-42")
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url("**/indberetning/")
    return page


def test_dashboard_filter_and_drilldown_without_javascript_errors(
    analyst_page, live_server, console_errors
):
    page = analyst_page
    page.goto(live_server.url + "/barometer/?year=2012")
    for name in (
        "status-by-committee",
        "status-by-committee-year",
        "share-on-track",
        "funding-by-committee",
        "funding-by-year",
    ):
        page.wait_for_selector(f'[data-chart="chart-{name}"] .main-svg')
    expect(page.get_by_text("Demodata").first).to_be_visible()
    screenshot(page, "barometer-1280")
    assert axe_violations(page) == []

    page.get_by_label("Udvalg", exact=True).fill("kfu")
    page.get_by_role("button", name="Filtrér").click()
    page.wait_for_url("**committee=kfu**")
    rows = page.locator("table.data-table tbody tr")
    assert rows.count() == 4
    assert all("KFU" in rows.nth(i).inner_text() for i in range(rows.count()))

    rows.first.get_by_role("link").first.click()  # the indicator, not its status badge
    page.wait_for_url("**/barometer/indikatorer/**")
    page.wait_for_selector('[data-chart="chart-main"] .main-svg')
    # KFU gives no target year: judged by direction against the baseline, no path to 2014
    explanation = page.locator(".explanation").inner_text()
    assert "procentpoint for Tosprogede elever i 2012" in explanation
    assert "mod udgangspunktet 9 i 2009" in explanation and "forventet" not in explanation
    screenshot(page, "drilldown-1280")
    assert axe_violations(page) == []
    assert console_errors == []
