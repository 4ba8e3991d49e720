"""Committee staff and BIF in a real browser: log in, type, get told, save, approve."""

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
    expect(page.get_by_text("En procentsats skal ligge mellem 0 og 100.")).to_be_visible()
    assert page.get_by_label("Tosprogede elever", exact=True).first.input_value() == "130"
    assert page.get_by_label("Etsprogede elever", exact=True).first.input_value() == "61,5"
    screenshot(page, "entry-error-1280")
    assert axe_violations(page) == []

    page.get_by_label("Tosprogede elever", exact=True).first.fill("52.5")
    page.get_by_role("button", name="Gem kladde").click()
    expect(page.get_by_text("Gemt som kladde.")).to_be_visible()
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
