"""The public pages in a real browser: navigation, filters, language, accessibility, layout."""

import re

import pytest
from playwright.sync_api import expect

from committees.models import PlanSection
from indicators.demo import generate_demo_values
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
    ("barometer", "/integrationsbarometer/?year=2013"),
    ("plan-sud-short", "/udvalg/sud/kort/"),
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


def test_a_search_hit_in_the_plans_text_opens_its_folded_section(page, site, console_errors):
    section = PlanSection.objects.select_related("plan__committee").order_by("pk").first()
    word = max(section.heading.split(), key=len).strip(".,:;()")
    page.goto(site + "/soeg/?q=" + word)
    page.locator(f'a[href$="#afsnit-{section.order}"]').first.click()
    page.wait_for_url(f"**/udvalg/{section.plan.committee.slug}/#afsnit-{section.order}")
    expect(page.locator(f"#afsnit-{section.order}")).to_have_attribute("open", "")
    expect(page.locator(f"#afsnit-{section.order} p").first).to_be_visible()
    assert console_errors == []


def test_charts_are_plain_local_danish_and_told_in_words(page, site, console_errors):
    """The indicator page's chart: a three-button toolbar in Danish, no request or link to
    another host, the drawing hidden from screen readers, its trend in the caption."""
    generate_demo_values(seed=2014)  # approved (demo) values for several years
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    kfu = Indicator.objects.get(objective__plan__committee__code="KFU", text__contains="5. klasse")
    page.goto(site + f"/indikatorer/{kfu.pk}/")
    page.wait_for_selector('[data-chart="chart-main"] .main-svg')
    chart = page.locator('[data-chart="chart-main"]')
    chart.hover()
    buttons = chart.locator(".modebar-btn")
    titles = [buttons.nth(i).get_attribute("data-title") for i in range(buttons.count())]
    assert titles == ["Hent grafen som billede (PNG)", "Zoom", "Nulstil akserne"]
    assert chart.locator("a[href*='plotly'], .modebar-btn--logo").count() == 0
    svgs = chart.locator("svg")
    assert svgs.count() >= 1
    assert all(svgs.nth(i).get_attribute("aria-hidden") == "true" for i in range(svgs.count()))
    assert all(url.startswith(site) for url in requests), requests
    years = page.locator("table.values-table tbody th[scope=row]").all_inner_texts()
    first, last = years[0].split()[0], years[-1].split()[0]
    caption = page.locator('[data-chart="chart-main"] + script + figcaption').inner_text()
    assert first != last
    assert (
        re.search(
            rf"(faldt|steg) fra -?[\d.,]+ pct\.-point i {first} "
            rf"til -?[\d.,]+ pct\.-point i {last}\. ",
            caption,
        )
        or "uændret på" in caption
    ), caption
    assert console_errors == []


def test_cards_on_a_phone_keep_their_column_names(page, site):
    page.set_viewport_size({"width": 375, "height": 800})
    for path, first_label in (("/finansiering/", "Udvalg"), ("/aktiviteter/", "Udvalg")):
        page.goto(site + path)
        cells = page.locator("table.reflow tbody tr").first.locator("td")
        labels = [
            cells.nth(i).evaluate("td => getComputedStyle(td, '::before').content")
            for i in range(cells.count())
        ]
        assert labels[0] == f'"{first_label}"'
        assert all(label not in ("none", '""', "normal") for label in labels), labels


def test_the_pager_speaks_danish_and_forgives_a_page_too_far(page, site):
    page.goto(site + "/aktiviteter/")
    pager = page.get_by_role("navigation", name="Sider")
    expect(pager.get_by_role("link", name="Næste")).to_be_visible()
    assert "next" not in pager.inner_text().lower()
    page.goto(site + "/aktiviteter/?page=999")
    pager = page.get_by_role("navigation", name="Sider")
    expect(pager).to_contain_text("Side 4 af 4")
    expect(pager.get_by_role("link", name="Forrige")).to_be_visible()


def test_a_target_has_a_visible_link_that_survives_the_language_switch(page, site):
    page.goto(site + "/udvalg/sud/#resultatmaal-3")
    link = page.locator("#resultatmaal-3 .share-link a")
    expect(link).to_be_visible()
    expect(link).to_have_text("Link til dette resultatmål")
    assert link.get_attribute("href") == "/udvalg/sud/#resultatmaal-3"
    page.get_by_role("button", name="English").click()
    page.wait_for_selector("html[lang=en]")
    assert page.url.endswith("/udvalg/sud/#resultatmaal-3")
    expect(page.locator("#resultatmaal-3 .share-link a")).to_have_text(
        "Link to this results target"
    )


def test_a_reservation_the_plan_repeats_is_printed_once(page, site):
    page.goto(site + "/udvalg/sud/")
    refs = page.locator(".reservation-ref a")
    assert refs.count() >= 3
    for i in range(refs.count()):
        target = refs.nth(i).get_attribute("href")
        expect(page.locator(target)).to_contain_text("Forbehold")
    texts = page.locator("p.reservation:not(.reservation-ref)").all_inner_texts()
    assert len(texts) == len(set(texts))


def test_the_printed_plan_has_no_links_to_download_or_share(page, site):
    page.goto(site + "/udvalg/sud/")
    expect(page.locator("a[download]").first).to_be_visible()
    page.emulate_media(media="print")
    for selector in ("a[download]", ".share-link", ".language-form"):
        hidden = page.locator(selector)
        assert all(not hidden.nth(i).is_visible() for i in range(hidden.count())), selector


def test_the_values_table_fits_a_desktop_screen(page, site):
    generate_demo_values(seed=2014)
    page.set_viewport_size({"width": 1280, "height": 900})
    for indicator in Indicator.objects.filter(objective__plan__committee__code="SUD")[:6]:
        page.goto(site + f"/indikatorer/{indicator.pk}/")
        box = page.locator("table.values-table").locator("xpath=..")
        if box.count():
            widths = box.evaluate("el => [el.scrollWidth, el.clientWidth]")
            assert widths[0] <= widths[1], (indicator.pk, widths)


def test_the_plan_in_short_prints_on_at_most_four_a4_pages(page, site):
    from committees.models import Committee

    generate_demo_values(seed=2014)
    page.goto(site + "/udvalg/sud/")
    page.get_by_role("link", name="Planen kort, til print (højst fire sider)").click()
    page.wait_for_url("**/udvalg/sud/kort/**")
    for committee in Committee.objects.order_by("order"):
        page.goto(site + f"/udvalg/{committee.slug}/kort/")
        expect(page.get_by_role("heading", level=1)).to_contain_text("planen kort")
        page.emulate_media(media="print")
        pdf = page.pdf(format="A4", print_background=True)
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        assert 1 <= pages <= 4, (committee.code, pages)
        for selector in ("a[download]", "[data-print]", ".year-form", ".site-header nav"):
            shown = page.locator(selector)
            assert all(not shown.nth(i).is_visible() for i in range(shown.count())), selector
        if committee.code == "SUD":
            ARTIFACTS.mkdir(exist_ok=True)
            (ARTIFACTS / "plan-sud-kort.pdf").write_bytes(pdf)
        page.emulate_media(media="screen")
