"""A production server for the system tests: gunicorn with two workers and DEBUG off
from start-up, on a database of its own (a file for SQLite; a fresh database on the
same server for PostgreSQL), prepared by the management commands a deployment runs.
The tests reach it over HTTP only, as browsers do."""

import html
import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings

ROOT = settings.BASE_DIR
GUNICORN = Path(sys.executable).parent / "gunicorn"
PASSWORD = "Produktion-kodeord-42"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fresh_database(tmp):
    """A DATABASE_URL of a new, empty database like the tests' own, and how to drop it."""
    config = settings.DATABASES["default"]
    if config["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{tmp / 'kk.sqlite3'}", lambda: None
    import psycopg

    name = f"kk_system_{uuid.uuid4().hex[:8]}"
    params = {"host": config["HOST"], "port": config["PORT"] or 5432, "user": config["USER"]}
    if config.get("PASSWORD"):
        params["password"] = config["PASSWORD"]
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    auth = f"{params['user']}:{params['password']}" if "password" in params else params["user"]
    return f"postgres://{auth}@{params['host']}:{params['port']}/{name}", drop


class Server:
    """A running production server and the commands of its deployment."""

    def __init__(self, base, env):
        self.base = base
        self.env = env

    def manage(self, *args):
        """Run a management command against the server's database; its output."""
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    def shell(self, code):
        return self.manage("shell", "-v0", "-c", code)

    def browser(self, language=None):
        return Browser(self.base, language)

    def workers_seen(self):
        """The process ids of the workers that have answered so far (gunicorn's log)."""
        return set(re.findall(r"^worker <(\d+)> ", self.access_log.read_text(), re.M))


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("production")
    database_url, drop = _fresh_database(tmp)
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE",)},
        "DEBUG": "false",
        "SECRET_KEY": "system-test-" + "s" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "LOGIN_LIMIT_ADDRESS": "1000",
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
        "REDIS_URL": "",  # each worker keeps its own cache: the harder case
        "LOG_LEVEL": "ERROR",
    }
    server = Server(f"http://127.0.0.1:{port}", env)
    server.access_log = tmp / "access.log"
    server.manage("migrate", "--noinput", "-v0")
    server.manage("load_plans")
    server.manage("generate_demo_values")
    server.manage("collectstatic", "--noinput", "-v0")
    server.shell(
        "from django.contrib.auth.models import User; "
        "from committees.models import Committee; "
        "from committees.roles import ensure_analyst_group; "
        f"p = {PASSWORD!r}; "
        "User.objects.create_superuser('root', 'root@example.org', p); "
        "a = User.objects.create_user('analytiker', password=p, is_staff=True); "
        "a.groups.add(ensure_analyst_group()); "
        "Committee.objects.get(code='KFU').staff_members.add("
        "User.objects.create_user('kfu-staff', password=p))"
    )
    log = (tmp / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [
            str(GUNICORN),
            "kkintegration.wsgi",
            *("--workers", "2", "--bind", f"127.0.0.1:{port}"),
            *("--access-logfile", str(server.access_log)),
            *("--access-logformat", "worker %(p)s %(s)s %(r)s"),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
        start_new_session=True,
    )
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{server.base}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        yield server
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()
        drop()


class _Forms(HTMLParser):
    """Every form of a page with the values a browser would send (no JavaScript)."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append(
                {"action": a.get("action", ""), "method": a.get("method", "get"), "fields": []}
            )
        elif not self.forms:
            return
        fields = self.forms[-1]["fields"] if self.forms else None
        if tag == "input" and "name" in a and a.get("type") not in ("submit", "file", "button"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            fields.append([a["name"], a.get("value", "on" if a.get("type") == "checkbox" else "")])
        elif tag == "select" and "name" in a:
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            fields.append([self._select, a.get("value", "")])
        elif tag == "textarea" and "name" in a:
            self._textarea = [a["name"], ""]
            fields.append(self._textarea)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Cookies, CSRF and forms over plain HTTP, as a browser without JavaScript."""

    def __init__(self, base, language=None):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )
        self.language = language

    def request(self, path, data=None, headers=None):
        """(status, headers, body bytes) of a GET, or a POST of `data` (a list of pairs)."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers=headers or {})
        if self.language:
            request.add_header("Accept-Language", self.language)
        if data is not None:
            request.add_header("Referer", self.base + path)
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def get(self, path, **headers):
        status, _headers, body = self.request(path, headers=headers)
        return status, body.decode(errors="replace")

    def forms(self, path):
        status, page = self.get(path)
        assert status == 200, (path, status)
        parser = _Forms()
        parser.feed(page)
        return parser.forms

    def submit(self, path, changes=(), *, index=-1, action=None):
        """Post the form of `path` (the last by default) as a browser would, with the
        field values `changes` ({name: value or [values]}) instead of the page's own."""
        forms = self.forms(path)
        form = forms[index] if action is None else next(f for f in forms if f["action"] == action)
        changes = dict(changes)
        data = [(n, v) for n, v in form["fields"] if n not in changes]
        for name, value in changes.items():
            for v in value if isinstance(value, list) else [value]:
                data.append((name, v))
        target = form["action"] or path
        status, headers, _body = self.request(target, data)
        return status, headers

    def log_in(self, username, password=PASSWORD):
        status, headers = self.submit("/konto/login/", {"username": username, "password": password})
        assert status == 302, ("log in", username, status)


def text_of(page):
    """The visible text of a page, roughly: tags dropped, entities read."""
    return html.unescape(re.sub(r"<[^>]+>", " ", page))
