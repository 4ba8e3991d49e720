"""The accounts' URLs: CSRF on every form, log-out by POST, throttled log-ins."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


ROOT = settings.BASE_DIR


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
    assert "“ola” fra din adresse er sat på pause" in response.content.decode()
