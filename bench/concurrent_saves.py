"""Bounded load on loopback: several clients saving the same committee-year at once,
through two gunicorn processes on one PostgreSQL. Prints a JSON report; stops by itself.

    python bench/concurrent_saves.py --base http://127.0.0.1:8001 --users u1,u2 \
        --password PW --slug kfu --year 2014 --rounds 5

Each client loads the entry page, changes one value to a number of its own, and saves.
The server must either accept the save (302) or show the field both changed side by side
(200 with a `class="conflict"` fieldset); anything else is an error. Used by
tests/system/test_two_servers.py.
"""

import argparse
import gzip
import html
import http.cookiejar
import json
import re
import threading
import time
import urllib.parse
import urllib.request

INPUT = re.compile(r"<input\b([^>]*)>", re.S)
TEXTAREA = re.compile(r"<textarea\b([^>]*)>(.*?)</textarea>", re.S)
ATTR = re.compile(r'(\w[\w-]*)="([^"]*)"')


def form_fields(page):
    """The year-entry form's fields as a browser would post them."""
    form = page[page.index('class="year-entry"') :]
    fields = {}
    for attrs in INPUT.findall(form):
        a = dict(ATTR.findall(attrs))
        if "name" not in a or a.get("type") in ("submit", "file"):
            continue
        if a.get("type") == "checkbox" and "checked" not in attrs:
            continue
        fields[a["name"]] = html.unescape(
            a.get("value", "on" if a.get("type") == "checkbox" else "")
        )
    for attrs, body in TEXTAREA.findall(form):
        fields[dict(ATTR.findall(attrs))["name"]] = html.unescape(body.strip())
    return fields


class Client:
    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def request(self, path, data=None):
        status, body, encoding = self._send(path, data)
        if encoding == "gzip":
            body = gzip.decompress(body)
        return status, body.decode(errors="replace")

    def request_bytes(self, path, data=None):
        """Status and body as sent (compressed when the server compressed it)."""
        status, body, _ = self._send(path, data)
        return status, body

    def _send(self, path, data):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(
            self.base + path,
            data=body,
            # like a browser, the client accepts compressed pages
            headers={"Referer": self.base + path, "Accept-Encoding": "gzip"},
        )
        try:
            with self.opener.open(req, timeout=60) as resp:
                return resp.status, resp.read(), resp.headers.get("Content-Encoding")
        except urllib.error.HTTPError as err:
            return err.code, err.read(), err.headers.get("Content-Encoding")

    def csrf(self):
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def login(self, username, password):
        self.request("/konto/login/")
        status, _ = self.request(
            "/konto/login/",
            {"csrfmiddlewaretoken": self.csrf(), "username": username, "password": password},
        )
        assert status == 302, f"login failed for {username}: {status}"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def run(base, users, password, slug, year, rounds, deadline):
    path = f"/indberetning/{slug}/{year}/"
    report = {"accepted": [], "conflicts": 0, "errors": []}
    lock = threading.Lock()
    start = time.monotonic()

    def worker(i, username):
        try:
            work(i, username)
        except Exception as exc:  # reported, so that a broken client never passes silently
            with lock:
                report["errors"].append(f"{username}: {exc!r}")

    def work(i, username):
        client = Client(base)
        client.login(username, password)
        for r in range(rounds):
            if time.monotonic() - start > deadline:
                return
            status, page = client.request(path)
            if status != 200:
                with lock:
                    report["errors"].append(f"GET {status}")
                continue
            fields = form_fields(page)
            target = next(k for k in fields if re.fullmatch(r"ind-\d+-b\d+", k))
            value = f"{10 + i}.{r + 1}"  # a value only this client, this round, sends
            fields[target] = value
            fields["save"] = "1"
            status, page = client.request(path, fields)
            with lock:
                if status == 302:
                    report["accepted"].append(
                        {"field": target, "value": value, "at": time.monotonic()}
                    )
                elif status == 200 and 'class="conflict"' in page:
                    report["conflicts"] += 1
                else:
                    report["errors"].append(f"POST {status}")

    threads = [threading.Thread(target=worker, args=(i, u)) for i, u in enumerate(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(deadline + 30)
    report["posts"] = (
        len(report["accepted"])
        + report["conflicts"]
        + len([e for e in report["errors"] if e.startswith("POST")])
    )
    report["accepted"].sort(key=lambda a: a["at"])
    return report


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8001")
    parser.add_argument("--users", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--slug", default="kfu")
    parser.add_argument("--year", type=int, default=2014)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--deadline", type=float, default=60.0, help="seconds, then stop")
    args = parser.parse_args()
    if not args.base.startswith(("http://127.", "http://localhost", "http://[::1]")):
        raise SystemExit("loopback addresses only")
    print(
        json.dumps(
            run(
                args.base,
                args.users.split(","),
                args.password,
                args.slug,
                args.year,
                args.rounds,
                args.deadline,
            )
        )
    )


if __name__ == "__main__":
    main()
