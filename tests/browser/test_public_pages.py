"""The public pages in a real browser: navigation, filters, language, accessibility, layout."""

import pytest
from playwright.sync_api import expect

from indicators.models import Indicator

from .conftest import ARTIFACTS, axe_violations, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_to_committee_to_target_to_indicator(page, site, console_errors):
    page.goto(site + "/")
    page.get_by_role("link", name="Socialudvalget").click()
    page.wait_for_url("**/udvalg/sud/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Socialudvalget")

    page.goto(site + "/udvalg/sud/#resultatmaal-3")
    target = page.locator("#resultatmaal-3")
    assert "Resultatmål 3" in target.inner_text()
    expect(target).to_be_visible()

    kfu = Indicator.objects.get(objective__plan__committee__code="KFU", text__contains="5. klasse")
    page.goto(site + "/udvalg/kfu/")
    page.locator(f'a[href="/indikatorer/{kfu.pk}/"]').first.click()
    page.wait_for_url(f"**/indikatorer/{kfu.pk}/")
    page.wait_for_selector('[data-chart="chart-main"] .main-svg')
    assert page.locator('[data-chart="chart-groups"] .main-svg').count() >= 1
    assert page.get_by_role("cell", name="9 pct.-point", exact=True).count() >= 1
    assert console_errors == []


def test_filtering_activities(page, site, console_errors):
    page.goto(site + "/aktiviteter/")
    page.get_by_label("Udvalg").fill("kfu")
    page.get_by_role("button", name="Filtrér").click()
    page.wait_for_url("**committee=kfu**")
    rows = page.locator("table.data-table tbody tr")
    assert rows.count() == 8
    assert all("KFU" in rows.nth(i).inner_text() for i in range(rows.count()))
    assert console_errors == []


def test_switching_language_and_back(page, site):
    page.goto(site + "/udvalg/sud/")
    expect(page.get_by_role("link", name="Aktiviteter", exact=True).first).to_be_visible()
    page.get_by_role("button", name="English").click()
    page.wait_for_selector("html[lang=en]")
    expect(page.get_by_role("heading", name="Funding", exact=True)).to_be_visible()
    assert "Skolesocialrådgivere" in page.content()  # plan content stays Danish
    page.get_by_role("button", name="Dansk").click()
    page.wait_for_selector("html[lang=da]")
    expect(page.get_by_role("heading", name="Økonomi", exact=True)).to_be_visible()


PUBLIC_PAGES = [
    ("home", "/"),
    ("plan-sud", "/udvalg/sud/"),
    ("plan-kfu", "/udvalg/kfu/"),
    ("plan-tmu", "/udvalg/tmu/"),
    ("plan-buu", "/udvalg/buu/"),
    ("plan-ou", "/udvalg/ou/"),
    ("plan-biu", "/udvalg/biu/"),
    ("plan-sou", "/udvalg/sou/"),
    ("activities", "/aktiviteter/?committee=sud"),
    ("funding", "/finansiering/"),
    ("search", "/soeg/?q=hjemløse"),
]


def test_axe_finds_no_serious_violation_on_any_public_page(page, site):
    """Every public page, one after the other (one live server and one load of the plans
    for all of them); every page's findings are reported together."""
    kfu = Indicator.objects.get(objective__plan__committee__code="KFU", text__contains="5. klasse")
    found = {}
    for name, path in [*PUBLIC_PAGES, ("indicator-kfu", f"/indikatorer/{kfu.pk}/")]:
        page.goto(site + path)
        if name.startswith("indicator"):
            page.wait_for_selector('[data-chart="chart-main"] .main-svg')
        levels = page.evaluate(
            "[...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1])"
        )
        problems = axe_violations(page)
        if levels.count(1) != 1:
            problems.append("not exactly one h1")
        if not all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)):
            problems.append(f"a heading level skipped: {levels}")
        if problems:
            found[name] = problems
    assert found == {}


def test_pages_fit_the_screen_and_are_kept_as_screenshots(page, site):
    kfu = Indicator.objects.get(objective__plan__committee__code="KFU", text__contains="5. klasse")
    too_wide = []
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in [
            ("home", "/"),
            ("plan-sud", "/udvalg/sud/"),
            ("indicator-kfu", f"/indikatorer/{kfu.pk}/"),
            ("activities", "/aktiviteter/"),
            ("funding", "/finansiering/"),
        ]:
            page.goto(site + path)
            if name.startswith("indicator"):
                page.wait_for_selector('[data-chart="chart-main"] .main-svg')
            overflow = page.evaluate("document.documentElement.scrollWidth")
            if overflow > width:
                too_wide.append(f"{name} scrolls sideways at {width}px ({overflow}px wide)")
            screenshot(page, f"{name}-{width}")
    assert too_wide == []


def test_the_plan_prints_as_a_clean_document(page, site):
    page.goto(site + "/udvalg/sud/")
    page.emulate_media(media="print")
    expect(page.locator(".site-header nav")).to_be_hidden()
    expect(page.locator(".search-form")).to_be_hidden()
    ARTIFACTS.mkdir(exist_ok=True)
    page.emulate_media(media="screen")
    pdf = page.pdf(path=str(ARTIFACTS / "plan-sud.pdf"), format="A4")
    assert len(pdf) > 50_000
