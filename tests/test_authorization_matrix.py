"""Every URL pattern × every role, generated from the URL configuration.

A new view without an entry in EXPECTED makes `test_every_url_is_in_the_matrix` fail,
so nothing reaches production without someone deciding who may see it.
"""

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from indicators.models import Indicator, ValueImport

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "kfu_staff", "sud_staff", "analyst", "admin_user"]
LOGIN = 302  # anonymous users are sent to the login page

# GET of each named URL, for: anonymous, staff of KFU (A), staff of SUD (B), analyst, admin.
# The URL's committee (where it has one) is KFU.
EXPECTED = {
    "committees:home": (200, 200, 200, 200, 200),
    "committees:plan": (200, 200, 200, 200, 200),
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
    "indicators:barometer-csv": (LOGIN, 403, 403, 200, 200),
    "indicators:drilldown": (LOGIN, 403, 403, 200, 200),
    "healthz": (200, 200, 200, 200, 200),
    "login": (200, 200, 200, 200, 200),
    "logout": (405, 405, 405, 405, 405),  # POST only
    "set_language": (302, 302, 302, 302, 302),  # a GET just goes back
    # Django's password views (not linked; accounts are made by BIF)
    "password_change": (LOGIN, 200, 200, 200, 200),
    "password_change_done": (LOGIN, 200, 200, 200, 200),
    "password_reset": (200, 200, 200, 200, 200),
    "password_reset_done": (200, 200, 200, 200, 200),
    "password_reset_confirm": (200, 200, 200, 200, 200),
    "password_reset_complete": (200, 200, 200, 200, 200),
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
    if name == "password_reset_confirm":  # an invalid link renders the "invalid" page
        expected = 200 if response.status_code == 200 else 302
    assert response.status_code == expected, (name, role, response.status_code)
    if response.status_code == LOGIN and role == "anonymous" and name not in ("set_language",):
        assert "/konto/login/" in response["Location"] or "login" in response["Location"]


def admin_urls():
    """Every admin URL that takes no arguments: the index, each changelist and add page."""
    from django.contrib import admin

    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        opts = model._meta
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    return urls


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
            )
            assert status == (200 if plan_app or url == "/admin/" else 403), (url, status)


@pytest.mark.django_db
def test_each_request_reads_the_user_and_their_role_as_they_are_now(
    client, analyst, kfu_staff, django_user_model
):
    from committees.roles import RoleAwareBackend

    backend = RoleAwareBackend()
    assert backend.get_user(analyst.pk).in_analyst_group is True
    assert backend.get_user(str(kfu_staff.pk)).in_analyst_group is False
    assert backend.get_user("not a number") is None
    assert backend.get_user(10**9) is None
    kfu_staff.is_active = False
    kfu_staff.save()
    assert backend.get_user(kfu_staff.pk) is None
    client.force_login(analyst)
    assert client.get(reverse("indicators:dashboard")).status_code == 200
    analyst.groups.clear()
    assert client.get(reverse("indicators:dashboard")).status_code == 403
