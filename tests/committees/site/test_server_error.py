"""The error pages: a Danish 404, and a Danish 503 when the database is down."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

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


DOWN = """
import django, os
django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
for url in ("/healthz", "/", "/udvalg/sud/"):
    r = client.get(url, HTTP_HOST="integration.kk.dk", secure=True)
    print(url, r.status_code, "Systemet er midlertidigt utilgængeligt" in r.content.decode())
"""


def test_unknown_pages_get_a_danish_404(client):
    response = client.get("/findes-ikke/")
    assert response.status_code == 404
    assert "Siden findes ikke" in response.content.decode()


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
