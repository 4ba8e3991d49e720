"""Committee staff and BIF in a real browser: log in, type, get told, save, approve."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from committees.models import Committee
from committees.roles import ensure_analyst_group
from indicators.models import IndicatorValue

from .conftest import axe_violations, screenshot

pytestmark = pytest.mark.django_db(transaction=True)
YEAR = 2012


@pytest.fixture
def accounts(plans):
    users = get_user_model().objects
    staff = users.create_user("kfu-medarbejder", password="Hemmeligt-ord-42")
    Committee.objects.get(code="KFU").staff_members.add(staff)
    analyst = users.create_user("bif-analytiker", password="Hemmeligt-ord-42", is_staff=True)
    analyst.groups.add(ensure_analyst_group())
    return staff, analyst


def log_in(page, site, username):
    page.goto(site + "/konto/login/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill("Hemmeligt-ord-42")
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url("**/indberetning/")


def test_staff_enter_values_and_are_told_about_bad_input(
    page, live_server, accounts, console_errors
):
    site = live_server.url
    log_in(page, site, "kfu-medarbejder")
    page.get_by_role("link", name=f"Indberet KFU {YEAR}").click()
    page.wait_for_url(f"**/indberetning/kfu/{YEAR}/")
    fields = page.get_by_label("Tosprogede elever", exact=True)
    fields.first.fill("130")
    page.get_by_label("Etsprogede elever", exact=True).first.fill("61,5")
    page.get_by_role("button", name="Gem kladde").click()
    expect(
        page.get_by_text("En procentsats skal ligge mellem 0 og 100.", exact=True)
    ).to_be_visible()
    assert page.get_by_label("Tosprogede elever", exact=True).first.input_value() == "130"
    assert page.get_by_label("Etsprogede elever", exact=True).first.input_value() == "61,5"
    # the valid field is saved, the banner says so and links to the field to fix
    expect(page.get_by_text("1 værdi blev gemt som kladde.")).to_be_visible()
    assert IndicatorValue.objects.filter(year=YEAR, status="draft").count() == 1
    page.locator("#entry-summary a").first.click()
    expect(page.get_by_label("Tosprogede elever", exact=True).first).to_be_focused()
    screenshot(page, "entry-error-1280")
    assert axe_violations(page) == []

    page.get_by_label("Tosprogede elever", exact=True).first.fill("52.5")
    page.get_by_role("button", name="Gem kladde").click()
    expect(page.get_by_text("Gemt som kladde: 1 værdi ændret.")).to_be_visible()
    assert IndicatorValue.objects.filter(year=YEAR, status="draft").count() == 2

    page.get_by_role("button", name="Indsend året").click()
    expect(
        page.get_by_text("Indtast en værdi, eller sæt kryds i “Ingen data i år”").first
    ).to_be_visible()
    assert console_errors == []


def test_bif_sees_the_overview_and_staff_cannot(page, live_server, accounts):
    site = live_server.url
    log_in(page, site, "bif-analytiker")
    page.get_by_role("link", name="Godkendelse").click()
    page.wait_for_url("**/godkendelse/")
    expect(page.get_by_role("heading", name="Indberetningsstatus og godkendelse")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Log ud").click()
    log_in(page, site, "kfu-medarbejder")
    assert page.get_by_role("link", name="Godkendelse").count() == 0
    response = page.goto(site + "/godkendelse/")
    assert response.status == 403


def test_a_count_of_1000_is_shown_and_saved_again_as_1000(page, live_server, accounts):
    from indicators.models import Indicator

    users = get_user_model().objects
    sud_staff = users.create_user("sud-medarbejder", password="Hemmeligt-ord-42")
    Committee.objects.get(code="SUD").staff_members.add(sud_staff)
    count = Indicator.objects.filter(
        objective__plan__committee__code="SUD", unit="count", text__contains="kokainmisbrug"
    ).first()
    site = live_server.url
    log_in(page, site, "sud-medarbejder")
    page.goto(f"{site}/indberetning/sud/{YEAR}/")
    field = page.locator(f"#ind-{count.pk} input[type=text]").first
    field.fill("2.000")  # typed the Danish way: two thousand
    page.get_by_role("button", name="Gem kladde").click()
    expect(page.get_by_text("Gemt som kladde: 1 værdi ændret.")).to_be_visible()
    field = page.locator(f"#ind-{count.pk} input[type=text]").first
    assert field.input_value() == "2000"
    page.get_by_role("button", name="Gem kladde").click()  # again, untouched
    expect(page.get_by_text("Intet var ændret; intet blev gemt.")).to_be_visible()
    assert IndicatorValue.objects.get(breakdown__indicator=count, year=YEAR).value == 2000


def test_leaving_the_page_with_unsaved_changes_asks_first(page, live_server, accounts):
    site = live_server.url
    log_in(page, site, "kfu-medarbejder")
    page.goto(f"{site}/indberetning/kfu/{YEAR}/")
    page.get_by_label("Etsprogede elever", exact=True).first.click()
    page.get_by_label("Etsprogede elever", exact=True).first.fill("61,5")
    with page.expect_event("dialog") as asked:
        page.close(run_before_unload=True)
    assert asked.value.type == "beforeunload"
    asked.value.dismiss()  # "stay on the page"


def test_two_editors_at_once_merge_field_by_field(browser, live_server, accounts):
    """Two staff members in two real browser contexts on the same year (run on PostgreSQL
    by .ci/run): the second save keeps the first one's field and asks about the shared one."""
    users = get_user_model().objects
    colleague = users.create_user("kfu-kollega", password="Hemmeligt-ord-42")
    Committee.objects.get(code="KFU").staff_members.add(colleague)
    site = live_server.url
    first, second = browser.new_context(locale="da-DK"), browser.new_context(locale="da-DK")
    mine, theirs = first.new_page(), second.new_page()
    log_in(mine, site, "kfu-medarbejder")
    log_in(theirs, site, "kfu-kollega")
    for p in (mine, theirs):
        p.goto(f"{site}/indberetning/kfu/{YEAR}/")
    theirs.get_by_label("Tosprogede elever", exact=True).first.fill("33,3")
    theirs.get_by_label("Etsprogede elever", exact=True).first.fill("60")
    theirs.get_by_role("button", name="Gem kladde").click()
    expect(theirs.get_by_text("Gemt som kladde: 2 værdier ændret.")).to_be_visible()

    mine.get_by_label("Etsprogede elever", exact=True).first.fill("61,5")
    mine.get_by_label("Tosprogede elever, drenge/mænd", exact=True).first.fill("40")
    mine.get_by_role("button", name="Gem kladde").click()
    expect(mine.get_by_text("kfu-kollega ændrede 1 felt, som du også ændrede.")).to_be_visible()
    expect(mine.get_by_text("Behold deres: 60 %")).to_be_visible()
    expect(mine.get_by_text("Brug din: 61,5 %")).to_be_visible()

    def value(label, sex="all"):
        return IndicatorValue.objects.get(
            breakdown__indicator__objective__plan__committee__code="KFU",
            breakdown__indicator__text__contains="5. klasse",
            breakdown__group=label,
            breakdown__sex=sex,
            year=YEAR,
        ).value

    assert value("Tosprogede elever") == Decimal("33.3")  # theirs, untouched by me: kept
    assert value("Tosprogede elever", "male") == 40  # only mine: saved
    assert value("Etsprogede elever") == 60  # both: not decided yet
    # "save again" cannot revert their field; choosing mine saves mine
    mine.get_by_role("button", name="Gem kladde").click()
    assert value("Tosprogede elever") == Decimal("33.3") and value("Etsprogede elever") == 60
    mine.get_by_label("Brug din: 61,5 %").check()
    mine.get_by_role("button", name="Gem kladde").click()
    expect(mine.get_by_text("Gemt som kladde: 1 værdi ændret.")).to_be_visible()
    assert value("Etsprogede elever") == Decimal("61.5")
    assert value("Tosprogede elever") == Decimal("33.3")
    first.close()
    second.close()
