"""With REDIS_URL set (production with more than one worker or server): the shared cache
is Redis, sessions are read from it and written through to the database."""

import os
import socket
from urllib.parse import urlparse

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from committees.roles import ensure_analyst_group

REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


def _redis_answers():
    url = urlparse(REDIS)
    try:
        with socket.create_connection((url.hostname, url.port or 6379), timeout=1):
            return True
    except OSError:
        return False


pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not _redis_answers(), reason=f"no Redis server answers at {REDIS}"),
]


@pytest.fixture
def redis_settings(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS},
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    caches["default"].clear()
    yield settings
    caches["default"].clear()


@pytest.fixture
def signed_in(redis_settings, django_user_model):
    user = django_user_model.objects.create_user("ida", password="Rigtigt-kodeord-7")
    user.groups.add(ensure_analyst_group())
    browser = Client()
    response = browser.post(reverse("login"), {"username": "ida", "password": "Rigtigt-kodeord-7"})
    assert response.status_code == 302
    return browser


def test_a_session_is_kept_in_redis_and_in_the_database(signed_in):
    key = signed_in.cookies["sessionid"].value
    cached = caches["default"].get(f"django.contrib.sessions.cached_db{key}")
    assert cached and "_auth_user_id" in cached
    assert Session.objects.filter(session_key=key).exists()
    assert signed_in.get("/barometer/?year=2012").status_code == 200


def test_a_session_survives_a_redis_restart(signed_in):
    caches["default"].clear()  # what a restarted Redis without persistence holds
    assert signed_in.get("/barometer/?year=2012").status_code == 200


def test_after_logout_the_old_cookie_opens_nothing(signed_in):
    stolen = Client()
    stolen.cookies["sessionid"] = signed_in.cookies["sessionid"].value
    assert stolen.get("/barometer/?year=2012").status_code == 200
    signed_in.post(reverse("logout"))
    response = stolen.get("/barometer/?year=2012")
    assert response.status_code == 302 and reverse("login") in response["Location"]
