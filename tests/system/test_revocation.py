"""Revocation at the next request, over HTTP against two gunicorn workers with DEBUG off:
a deactivated user, a role taken away and a changed password (in the admin, on the
password page or straight through the ORM) end the old sessions' access at once, in
whichever worker answers; whoever changed their own password stays signed in."""

import pytest

from .conftest import PASSWORD

REQUESTS = 8  # each may reach either worker


def create(production, name, *, analyst=False):
    production.shell(
        "from django.contrib.auth.models import User; "
        "from committees.models import Committee; "
        "from committees.roles import ensure_analyst_group; "
        f"u = User.objects.create_user({name!r}, password={PASSWORD!r}); "
        + (
            "u.groups.add(ensure_analyst_group())"
            if analyst
            else "Committee.objects.get(code='KFU').staff_members.add(u)"
        )
    )


def pk(production, name):
    return production.shell(
        "from django.contrib.auth.models import User; "
        f"print(User.objects.get(username={name!r}).pk)"
    ).strip()


def signed_in_sessions(production, name, count=2, *, page="/indberetning/"):
    browsers = [production.browser() for _ in range(count)]
    for browser in browsers:
        browser.log_in(name)
        for _ in range(4):  # both workers have served this session
            assert browser.request(page)[0] == 200
    return browsers


def refused(browser, page="/indberetning/"):
    status, headers, _ = browser.request(page)
    return status == 403 or (status == 302 and "/login/" in headers["Location"])


@pytest.mark.parametrize("route", ["orm", "admin"])
def test_a_deactivated_user_is_refused_at_the_next_request(production, route):
    name = f"deaktiveret-{route}"
    create(production, name)
    (session,) = signed_in_sessions(production, name, 1)
    if route == "orm":
        production.shell(
            "from django.contrib.auth.models import User; "
            f"User.objects.filter(username={name!r}).update(is_active=False)"
        )
    else:
        admin = production.browser()
        admin.log_in("root")
        status, _ = admin.submit(
            f"/admin/auth/user/{pk(production, name)}/change/", {"is_active": []}
        )
        assert status == 302
    for _ in range(REQUESTS):
        assert refused(session)


def test_an_analyst_role_taken_away_through_the_orm_counts_at_the_next_request(production):
    create(production, "analytiker-orm", analyst=True)
    (session,) = signed_in_sessions(production, "analytiker-orm", 1, page="/godkendelse/")
    production.shell(
        "from django.contrib.auth.models import User; "
        "User.objects.get(username='analytiker-orm').groups.clear()"
    )
    for _ in range(REQUESTS):
        assert session.request("/godkendelse/")[0] == 403
        assert session.request("/barometer/")[0] == 403


def test_a_password_changed_through_the_orm_ends_every_session(production):
    create(production, "kode-orm")
    sessions = signed_in_sessions(production, "kode-orm")
    production.shell(
        "from django.contrib.auth.models import User; "
        "u = User.objects.get(username='kode-orm'); "
        "u.set_password('Et-helt-nyt-kodeord-9'); u.save()"
    )
    for _ in range(REQUESTS):
        assert all(refused(s) for s in sessions)


def test_changing_your_own_password_keeps_you_signed_in_and_ends_your_other_sessions(
    production,
):
    create(production, "kode-selv")
    mine, other = signed_in_sessions(production, "kode-selv")
    new = "Et-helt-nyt-kodeord-9"
    status, headers = mine.submit(
        "/konto/password_change/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert status == 302, status
    for _ in range(REQUESTS):
        assert mine.request("/indberetning/")[0] == 200
        assert refused(other)
    again = production.browser()
    again.log_in("kode-selv", new)


def test_an_administrator_changing_their_own_password_in_the_admin_stays_signed_in(production):
    production.shell(
        "from django.contrib.auth.models import User; "
        f"User.objects.create_superuser('rod-kode', 'r@example.org', {PASSWORD!r})"
    )
    mine, other = signed_in_sessions(production, "rod-kode", page="/admin/")
    new = "Et-helt-nyt-kodeord-9"
    status, _ = mine.submit(
        f"/admin/auth/user/{pk(production, 'rod-kode')}/password/",
        {"password1": new, "password2": new},
    )
    assert status == 302
    for _ in range(REQUESTS):
        assert mine.request("/admin/")[0] == 200
        assert refused(other, "/admin/")
