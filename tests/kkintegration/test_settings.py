"""Production settings: check --deploy, a secret key, loud failures, CSP, sessions, passwords."""

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db


ROOT = settings.BASE_DIR


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
