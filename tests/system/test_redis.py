"""With REDIS_URL set (more than one worker or server): Redis is the shared cache, and it is
optional at run time. The test starts a Redis server of its own, stops it and starts it
again: every page keeps answering, sessions (in the database) survive, /healthz says the
cache is degraded, and the cache is used again when Redis is back, without a restart."""

import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from committees.roles import ensure_analyst_group

REDIS_SERVER = shutil.which("redis-server")

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(REDIS_SERVER is None, reason="redis-server is not installed"),
]

PAGES = [
    "/",
    "/udvalg/kfu/",
    "/barometer/saadan-beregnes-status/",
    "/aktiviteter/",
    "/finansiering/",
    "/soeg/?q=skole",
    "/barometer/?year=2012",
    "/barometer/data/indicators.csv",
    "/godkendelse/",
    "/indberetning/",
    "/indberetning/kfu/2012/",
]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    """A redis-server of the test's own on a free loopback port (never the machine's)."""

    def __init__(self, tmp_path):
        self.port = _free_port()
        self.dir = tmp_path
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)

    def cached_keys(self):
        out = subprocess.run(
            ["redis-cli", "-p", str(self.port), "--scan"], capture_output=True, text=True
        )
        return out.stdout.split()


@pytest.fixture
def redis_server(tmp_path, settings):
    server = RedisServer(tmp_path)
    server.start()
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "kkintegration.common.redis_cache.TolerantRedisCache",
            "LOCATION": f"redis://127.0.0.1:{server.port}/0",
            "OPTIONS": {"retry_after": 0},  # try again at once: the test controls the server
        },
    }
    yield server
    if server.process.poll() is None:
        server.stop()
    caches["default"].close()


@pytest.fixture
def analyst_browser(django_user_model):
    user = django_user_model.objects.create_user("ida", password="Rigtigt-kodeord-7")
    user.groups.add(ensure_analyst_group())
    return Client()


def log_in(browser):
    response = browser.post(reverse("login"), {"username": "ida", "password": "Rigtigt-kodeord-7"})
    assert response.status_code == 302


def test_with_redis_the_cache_is_shared_and_the_session_is_in_the_database(
    redis_server, analyst_browser
):
    from django.contrib.sessions.models import Session

    log_in(analyst_browser)
    assert analyst_browser.get("/barometer/?year=2012").status_code == 200
    assert any(key.startswith(":1:") for key in redis_server.cached_keys())  # figures cached there
    assert Session.objects.filter(session_key=analyst_browser.cookies["sessionid"].value)
    assert analyst_browser.get("/healthz").json()["cache"] == "ok"


def test_with_redis_stopped_every_page_answers_and_it_is_used_again_when_back(
    redis_server, analyst_browser
):
    log_in(analyst_browser)
    for path in PAGES:
        assert analyst_browser.get(path).status_code == 200, path
    redis_server.stop()

    health = analyst_browser.get("/healthz")
    assert health.status_code == 200
    assert health.json() == {"status": "degraded", "database": "ok", "cache": "degraded"}
    for path in PAGES:  # the signed-in session and every page, without a cache
        assert analyst_browser.get(path).status_code == 200, path
    newcomer = Client()
    log_in(newcomer)  # logging in works too
    assert newcomer.get("/barometer/?year=2013").status_code == 200

    redis_server.start()  # empty, as a restarted Redis without persistence
    assert analyst_browser.get("/healthz").json()["cache"] == "ok"
    assert analyst_browser.get("/barometer/?year=2012").status_code == 200
    assert any(key.startswith(":1:") for key in redis_server.cached_keys())  # cached again


def test_a_log_out_while_redis_is_away_stays_a_log_out_when_it_returns(
    redis_server, analyst_browser
):
    log_in(analyst_browser)
    stolen = Client()
    stolen.cookies["sessionid"] = analyst_browser.cookies["sessionid"].value
    assert stolen.get("/barometer/?year=2012").status_code == 200
    redis_server.stop()
    analyst_browser.post(reverse("logout"))
    redis_server.start()
    response = stolen.get("/barometer/?year=2012")
    assert response.status_code == 302 and reverse("login") in response["Location"]
