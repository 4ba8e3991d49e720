"""Production settings, headers, CSRF, login throttling, health and fault pages."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[1]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x" * 20 + "-production-secret-for-the-check-" + "y" * 20,
    "ALLOWED_HOSTS": "integration.kk.dk",
    "CSRF_TRUSTED_ORIGINS": "https://integration.kk.dk",
}


def clean_environ():
    """This process's environment without what the browser tests set for themselves."""
    return {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}


def manage(*args, env=None):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**clean_environ(), **(env or {})},
        timeout=120,
    )


def test_check_deploy_is_clean_under_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_debug_off_without_a_secret_key_refuses_to_start():
    result = manage("check", env={"DEBUG": "false", "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_a_malformed_setting_fails_loudly():
    result = manage("check", env={"DEBUG": "maybe"})
    assert "DEBUG must be true or false" in result.stderr


def test_every_page_sends_a_csp_without_inline_scripts(client):
    response = client.get(reverse("committees:plan", args=["kfu"]))
    csp = response["Content-Security-Policy"]
    assert (
        "script-src 'self'" in csp
        and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    )
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "url", ["/", "/udvalg/sud/", "/aktiviteter/", "/finansiering/", "/soeg/?q=bolig"]
)
def test_pages_carry_no_inline_script(client, url):
    html = client.get(url).content.decode()
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag


def test_a_post_without_the_csrf_token_is_refused(kfu_staff):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(reverse("login"), {"username": "x", "password": "y"}).status_code == 403
    strict.force_login(kfu_staff)
    response = strict.post(reverse("indicators:year-entry", args=["kfu", 2012]), {"version": 0})
    assert response.status_code == 403


def test_logout_is_post_only(client, kfu_staff):
    client.force_login(kfu_staff)
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("indicators:entry-start")).status_code == 302


def test_repeated_failed_logins_lock_the_account(client):
    get_user_model().objects.create_user("ola", password="Rigtigt-kodeord-7")
    for _ in range(5):
        client.post(reverse("login"), {"username": "ola", "password": "forkert"})
    response = client.post(reverse("login"), {"username": "ola", "password": "Rigtigt-kodeord-7"})
    assert response.status_code == 429
    assert "For mange mislykkede" in response.content.decode()


def test_sessions_end_with_the_browser_and_after_a_working_day(client, settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600
    get_user_model().objects.create_user("kari", password="Rigtigt-kodeord-7")
    response = client.post(reverse("login"), {"username": "kari", "password": "Rigtigt-kodeord-7"})
    assert response.status_code == 302
    assert response.cookies["sessionid"]["max-age"] == ""  # a browser-session cookie


def test_weak_passwords_are_refused(settings):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("12345678")


def test_healthz_answers_200_when_the_database_does(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_unknown_pages_get_a_danish_404(client):
    response = client.get("/findes-ikke/")
    assert response.status_code == 404
    assert "Siden findes ikke" in response.content.decode()


DOWN = """
import django, os
django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
for url in ("/healthz", "/", "/udvalg/sud/"):
    r = client.get(url, HTTP_HOST="integration.kk.dk", secure=True)
    print(url, r.status_code, "Systemet er midlertidigt utilgængeligt" in r.content.decode())
"""


def test_with_the_database_down_pages_answer_a_danish_503():
    env = {
        **clean_environ(),
        **PRODUCTION,
        "DJANGO_SETTINGS_MODULE": "kkintegration.settings",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none",
        "CONN_MAX_AGE": "0",
    }
    result = subprocess.run(
        [sys.executable, "-c", DOWN], cwd=ROOT, capture_output=True, text=True, env=env, timeout=120
    )
    lines = result.stdout.splitlines()
    assert lines[0] == "/healthz 503 False", result.stdout + result.stderr[-2000:]
    assert lines[1] == "/ 503 True"
    assert lines[2] == "/udvalg/sud/ 503 True"
