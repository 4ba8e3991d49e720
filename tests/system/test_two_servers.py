"""Two gunicorn processes on one PostgreSQL, several clients saving the same values at once:
no update is lost, every conflict is reported to its sender, history holds every accepted save."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from committees.models import Committee
from committees.site.loader import load_plans
from indicators.models import Breakdown, IndicatorValue

ROOT = settings.BASE_DIR


GUNICORN = Path(sys.executable).parent / "gunicorn"


PASSWORD = "Samtidig-gemning-42"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two app processes need a shared server database; .ci/run runs this file on PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_two_servers_lose_no_update_and_report_every_conflict(
    django_user_model, tmp_path, settings
):
    from django.conf import global_settings

    # the servers check passwords with the production hashers, not the tests' fast one
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    load_plans()
    kfu = Committee.objects.get(code="KFU")
    names = [f"samtidig{i}" for i in range(4)]
    for name in names:
        kfu.staff_members.add(django_user_model.objects.create_user(name, password=PASSWORD))
    port = free_port()
    db = connection.settings_dict
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "false",
        "SECRET_KEY": "concurrency-test-" + "k" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "CONN_MAX_AGE": "0",
        "LOGIN_LIMIT_ADDRESS": "1000",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
    )
    server = subprocess.Popen(
        [
            str(GUNICORN),
            "kkintegration.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "gunicorn.log").open("w"),  # noqa: SIM115 - lives with the server
        start_new_session=True,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        result = subprocess.run(
            [
                sys.executable,
                "bench/concurrent_saves.py",
                "--base",
                f"http://127.0.0.1:{port}",
                "--users",
                ",".join(names),
                "--password",
                PASSWORD,
                "--rounds",
                "4",
                "--deadline",
                "60",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=150,
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["errors"] == [], (report, (tmp_path / "gunicorn.log").read_text()[-3000:])
    assert report["posts"] == len(names) * 4
    assert report["conflicts"] > 0, "the clients did race"
    assert len(report["accepted"]) + report["conflicts"] == report["posts"]

    breakdown_id = int(report["accepted"][0]["field"].split("-b")[1])
    value = IndicatorValue.objects.get(breakdown_id=breakdown_id, year=2014)
    accepted = [Decimal(a["value"]) for a in report["accepted"]]
    assert value.value == accepted[-1]  # the last accepted save is what stands
    history = list(
        value.history.order_by("history_date", "history_id").values_list("value", flat=True)
    )
    assert history == accepted  # every accepted save is in the history, in order
    assert Breakdown.objects.filter(pk=breakdown_id, indicator__objective__plan=kfu.plans.get())
