"""Every URL pattern × every role, generated from the URL configuration.

A new view without an entry in EXPECTED makes `test_every_url_is_in_the_matrix` fail,
so nothing reaches production without someone deciding who may see it."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from committees.roles import ANALYST_GROUP
from indicators.models import Indicator, ValueImport

pytestmark = pytest.mark.django_db


ROLES = ["anonymous", "kfu_staff", "sud_staff", "analyst", "admin_user"]


LOGIN = 302  # anonymous users are sent to the login page


EXPECTED = {
    "committees:home": (200, 200, 200, 200, 200),
    "committees:plan": (200, 200, 200, 200, 200),
    "committees:plan-short": (200, 200, 200, 200, 200),
    "committees:search": (200, 200, 200, 200, 200),
    "committees:bilag": (200, 200, 200, 200, 200),
    "committees:bilag-all": (200, 200, 200, 200, 200),
    "committees:audit-log": (LOGIN, 403, 403, 403, 200),
    "indicators:detail": (200, 200, 200, 200, 200),
    "activities:list": (200, 200, 200, 200, 200),
    "budgets:list": (200, 200, 200, 200, 200),
    "indicators:status-rules": (200, 200, 200, 200, 200),
    "indicators:entry-start": (LOGIN, 200, 200, 200, 200),
    "indicators:year-entry": (LOGIN, 200, 404, 200, 200),
    "indicators:entry-template": (LOGIN, 200, 404, 200, 200),
    "indicators:entry-upload": (LOGIN, 405, 405, 405, 405),  # POST only (see test_permissions)
    "indicators:import-detail": (LOGIN, 200, 404, 200, 200),
    "indicators:year-history": (LOGIN, 200, 404, 200, 200),
    "indicators:indicator-history": (LOGIN, 200, 404, 200, 200),
    "indicators:approval-overview": (LOGIN, 403, 403, 200, 200),
    "indicators:year-review": (LOGIN, 403, 403, 200, 200),
    "indicators:dashboard": (LOGIN, 403, 403, 200, 200),
    "indicators:public-barometer": (200, 200, 200, 200, 200),
    "indicators:barometer-csv": (200, 200, 200, 200, 200),  # approved values only, as public
    "indicators:drilldown": (LOGIN, 403, 403, 200, 200),
    "healthz": (200, 200, 200, 200, 200),
    "login": (200, 200, 200, 200, 200),
    "logout": (405, 405, 405, 405, 405),  # POST only
    "set_language": (302, 302, 302, 302, 302),  # a GET just goes back
    # Django's password views (not linked; accounts are made by BIF)
    "password_change": (LOGIN, 200, 200, 200, 200),
    "password_change_done": (LOGIN, 200, 200, 200, 200),
    # not offered without an e-mail server (EMAIL_HOST): tests/committees/test_accounts.py
    "password_reset": (404, 404, 404, 404, 404),
    "password_reset_done": (404, 404, 404, 404, 404),
    "password_reset_confirm": (404, 404, 404, 404, 404),
    "password_reset_complete": (404, 404, 404, 404, 404),
}


def named_patterns(resolver=None, namespace=""):
    """(full name, pattern) for every named URL outside the admin."""
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            if p.namespace == "admin":
                continue
            inner = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from named_patterns(p, inner)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}", p


@pytest.fixture
def sample_kwargs(kfu, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    record = ValueImport(committee=kfu, year=2012, original_name="x.xlsx", state="rejected")
    record.file.save("x.xlsx", ContentFile(b"x"), save=True)
    indicator = Indicator.objects.filter(objective__plan__committee=kfu).first()
    by_name = {
        "indicators:import-detail": {"pk": record.pk},
        "password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
    }
    defaults = {"slug": "kfu", "year": 2012, "pk": indicator.pk, "name": "status-by-committee"}
    return by_name, defaults


def url_for(name, pattern, sample_kwargs):
    by_name, defaults = sample_kwargs
    kwargs = {k: defaults[k] for k in pattern.pattern.converters if k in defaults}
    kwargs.update(by_name.get(name, {}))
    return reverse(name, kwargs=kwargs)


def admin_urls():
    """Every admin URL that takes no arguments: the index, each changelist and add page."""
    from django.contrib import admin

    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        opts = model._meta
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    return urls


ENTRY = "/indberetning/kfu/2012/"


DASHBOARD = "/barometer/"


def _signed_in(username, password="Rigtigt-kodeord-7"):
    browser = Client()
    assert (
        browser.post(reverse("login"), {"username": username, "password": password}).status_code
        == 302
    )
    return browser


def _sent_to_login(response):
    return response.status_code == 302 and reverse("login") in response["Location"]


YEAR = 2012


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def kfu_import(kfu):
    record = ValueImport(committee=kfu, year=YEAR, original_name="x.xlsx", state="rejected")
    record.file.save("x.xlsx", ContentFile(b"x"), save=True)
    return record


def urls(kfu_import):
    kfu_indicator = Indicator.objects.filter(objective__plan__committee__code="KFU").first()
    return {
        "start": ("get", reverse("indicators:entry-start")),
        "entry": ("get", reverse("indicators:year-entry", args=["kfu", YEAR])),
        "entry-post": ("post", reverse("indicators:year-entry", args=["kfu", YEAR])),
        "template": ("get", reverse("indicators:entry-template", args=["kfu", YEAR])),
        "upload": ("post", reverse("indicators:entry-upload", args=["kfu", YEAR])),
        "import": ("get", reverse("indicators:import-detail", args=["kfu", YEAR, kfu_import.pk])),
        "year-history": ("get", reverse("indicators:year-history", args=["kfu", YEAR])),
        "indicator-history": (
            "get",
            reverse("indicators:indicator-history", args=[kfu_indicator.pk]),
        ),
        "overview": ("get", reverse("indicators:approval-overview")),
        "review": ("get", reverse("indicators:year-review", args=["kfu", YEAR])),
        "review-post": ("post", reverse("indicators:year-review", args=["kfu", YEAR])),
    }


ENTRY_EXPECTED = {
    "start": (302, 200, 200, 200, 200),
    "entry": (302, 200, 404, 200, 200),
    "entry-post": (302, 200, 404, 200, 200),  # 200: the form comes back with its errors
    "template": (302, 200, 404, 200, 200),
    "upload": (302, 302, 404, 302, 302),  # 302: back to the entry page with the message
    "import": (302, 200, 404, 200, 200),
    "year-history": (302, 200, 404, 200, 200),
    "indicator-history": (302, 200, 404, 200, 200),
    "overview": (302, 403, 403, 200, 200),
    "review": (302, 403, 403, 200, 200),
    "review-post": (302, 403, 403, 200, 200),
}


def test_every_url_is_in_the_matrix():
    names = {name for name, _ in named_patterns()}
    assert names - set(EXPECTED) == set(), "add the new URL to EXPECTED with who may see it"
    assert set(EXPECTED) - names == set()


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_url_by_role(client, request, sample_kwargs, name, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    pattern = dict(named_patterns())[name]
    response = client.get(url_for(name, pattern, sample_kwargs))
    expected = EXPECTED[name][ROLES.index(role)]
    if name == "password_reset_confirm" and expected == 200:  # an invalid link: "invalid" page
        expected = 200 if response.status_code == 200 else 302
    assert response.status_code == expected, (name, role, response.status_code)
    if response.status_code == LOGIN and role == "anonymous" and name not in ("set_language",):
        assert "/konto/login/" in response["Location"] or "login" in response["Location"]


@pytest.mark.parametrize("role", ROLES)
def test_the_admin_is_for_administrators_and_analysts_only(client, request, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    for url in admin_urls():
        status = client.get(url).status_code
        if role in ("anonymous", "kfu_staff", "sud_staff"):
            assert status == 302, (url, role, status)  # to the admin's login
        elif role == "admin_user":
            assert status == 200, (url, role, status)
        else:  # analysts: the plan apps, not user accounts or lockouts
            plan_app = any(
                f"/admin/{app}/" in url
                for app in ("committees", "goals", "indicators", "activities", "budgets")
            ) and "/admin/committees/loginthrottle/" not in url  # log-in locks: administrators
            assert status == (200 if plan_app or url == "/admin/" else 403), (url, status)


@pytest.mark.django_db
def test_a_lost_role_counts_at_the_next_request(client, analyst):
    client.force_login(analyst)
    assert client.get(DASHBOARD).status_code == 200
    assert client.get(DASHBOARD).status_code == 200  # now from the kept user
    analyst.groups.clear()
    assert client.get(DASHBOARD).status_code == 403


@pytest.mark.django_db
def test_a_renamed_analyst_group_no_longer_gives_the_role(client, analyst):
    client.force_login(analyst)
    assert client.get(DASHBOARD).status_code == 200
    group = Group.objects.get(name=ANALYST_GROUP)
    group.name = "Tidligere analytikere"
    group.save()
    assert client.get(DASHBOARD).status_code == 403


@pytest.mark.django_db
def test_a_deactivated_user_is_signed_out_at_their_next_request(client, kfu_staff):
    client.force_login(kfu_staff)
    assert client.get(ENTRY).status_code == 200
    kfu_staff.is_active = False
    kfu_staff.save()
    assert _sent_to_login(client.get(ENTRY))


@pytest.mark.django_db
def test_a_new_password_signs_out_the_other_browsers(kfu_staff):
    kfu_staff.set_password("Rigtigt-kodeord-7")
    kfu_staff.save()
    browser = _signed_in(kfu_staff.username)
    assert browser.get(ENTRY).status_code == 200
    kfu_staff.set_password("Et-helt-nyt-kodeord-8")
    kfu_staff.save()
    assert _sent_to_login(browser.get(ENTRY))


@pytest.mark.django_db
def test_a_permission_taken_from_the_group_counts_at_once(client, analyst):
    client.force_login(analyst)
    assert client.get("/admin/goals/target/").status_code == 200
    Group.objects.get(name=ANALYST_GROUP).permissions.remove(
        *Permission.objects.filter(content_type__app_label="goals", codename__endswith="_target")
    )
    assert client.get("/admin/goals/target/").status_code == 403


@pytest.mark.parametrize("name", ENTRY_EXPECTED)
@pytest.mark.parametrize("role", ROLES)
def test_entry_urls_by_role(client, request, kfu_import, name, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    method, url = urls(kfu_import)[name]
    response = getattr(client, method)(url)
    assert response.status_code == ENTRY_EXPECTED[name][ROLES.index(role)], (name, role)
    if response.status_code == 302 and role == "anonymous":
        assert response["Location"].startswith(reverse("login"))


def test_a_hand_made_post_for_another_committee_writes_nothing(client, sud_staff):
    from indicators.models import IndicatorValue

    client.force_login(sud_staff)
    response = client.post(
        reverse("indicators:year-entry", args=["kfu", YEAR]),
        {
            "version": 0,
            "ind-TOTAL_FORMS": 1,
            "ind-INITIAL_FORMS": 0,
            "ind-0-indicator_id": 1,
            "ind-0-b1": "50",
        },
    )
    assert response.status_code == 404
    assert not IndicatorValue.objects.filter(year=YEAR).exists()


@pytest.mark.parametrize("name", ["entry", "template", "year-history", "import"])
def test_wrong_methods_are_refused(client, kfu_staff, kfu_import, name):
    client.force_login(kfu_staff)
    _method, url = urls(kfu_import)[name]
    assert client.delete(url).status_code == 405
