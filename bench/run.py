"""`make bench`: what each page and each change costs, against gunicorn in production
settings, and whether the goals (README, "Performance") are met.

On PostgreSQL when DATABASE_URL is set, else SQLite. Starts gunicorn (2 workers, DEBUG
off, static files by whitenoise) on loopback and measures, for each page, p50 and p95
latency of full GETs over --requests requests once its caches are warm, SQL queries per
request (in-process) and the bytes sent; the first view of home, a plan and the
dashboard after an approval (a committee's value changed before every request); each
worker's RSS after the dashboard has been opened for every year; one committee's and all
committees' Bilag built cold in a fresh process; and the queries of saving a
committee-year. Uses the Redis on 127.0.0.1:6379 as the shared cache when one answers and
REDIS_URL is not set, as production does. Writes bench/results/latest.json and
latest.md, and prints the table. Loopback only; every loop is bounded.
"""

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kkintegration.settings")
LOCAL_REDIS = ("127.0.0.1", 6379)


def _local_redis():
    try:
        with socket.create_connection(LOCAL_REDIS, timeout=1):
            return True
    except OSError:
        return False


# Production runs with a shared cache (README: REDIS_URL); so does the bench when a Redis
# answers on loopback, in a database of its own (15). REDIS_URL= (empty) measures without.
if "REDIS_URL" not in os.environ and _local_redis():
    os.environ["REDIS_URL"] = "redis://{}:{}/15".format(*LOCAL_REDIS)

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.concurrent_saves import Client as HttpClient  # noqa: E402
from committees.models import Committee  # noqa: E402
from committees.roles import ensure_analyst_group  # noqa: E402
from indicators.models import Breakdown, Indicator, IndicatorValue  # noqa: E402

PASSWORD = "Bench-kodeord-2014"
PROD_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "bench-" + "s" * 50,
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "false",
    "SESSION_COOKIE_SECURE": "false",
    "CSRF_COOKIE_SECURE": "false",
    "SECURE_HSTS_SECONDS": "0",
    "LOGIN_LIMIT_ADDRESS": "1000",
    "LOG_LEVEL": "ERROR",
}


def users():
    model = get_user_model()
    analyst, _ = model.objects.get_or_create(username="bench-analyst", defaults={"is_staff": True})
    analyst.set_password(PASSWORD)
    analyst.save()
    analyst.groups.add(ensure_analyst_group())
    staff, _ = model.objects.get_or_create(username="bench-kfu")
    staff.set_password(PASSWORD)
    staff.save()
    Committee.objects.get(code="KFU").staff_members.add(staff)
    return analyst, staff


def chosen_year():
    year = max(IndicatorValue.objects.approved().values_list("year", flat=True), default=2014)
    return min(year, 2014)


def pages():
    grade5 = Indicator.objects.get(
        objective__plan__committee__code="KFU", text__contains="5. klasse"
    )
    year = chosen_year()
    return [
        ("home", "/", None),
        ("committee plan", "/udvalg/sud/", None),
        ("indicator page", f"/indikatorer/{grade5.pk}/", None),
        (
            "activities, filtered",
            "/aktiviteter/?committee=sud&financing=separate_appropriation",
            None,
        ),
        ("dashboard", f"/barometer/?year={year}", "analyst"),
        ("drill-down", f"/barometer/indikatorer/{grade5.pk}/?year={year}", "analyst"),
        ("year entry", f"/indberetning/kfu/{year}/", "staff"),
        ("approval overview", "/godkendelse/", "analyst"),
        ("entry start, analyst", "/indberetning/", "analyst"),
        ("export, one committee", "/udvalg/sud/bilag.xlsx", None),
        ("export, all committees", "/bilag.xlsx", None),
    ]


AFTER_APPROVAL = ["home", "committee plan", "dashboard"]


def queries_per_request(path, user):
    client = Client(HTTP_HOST="127.0.0.1")
    if user is not None:
        client.force_login(user)
    client.get(path)  # warm (and receive the CSRF cookie)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(ctx.captured_queries)


class Approvals:
    """One approval before each request: an approved value of a committee changed (its
    version and the policy's are raised, as an approval raises them), a different
    committee each time, never the plan page's own (SUD), so that the plan shows what an
    approval elsewhere costs it."""

    def __init__(self):
        values = (
            IndicatorValue.objects.approved()
            .exclude(breakdown__indicator__objective__plan__committee__code="SUD")
            .filter(origin=IndicatorValue.Origin.DEMO)
            .select_related("breakdown__indicator__objective__plan")
            .order_by("breakdown__indicator__objective__plan__committee__order", "pk")
        )
        seen, self.values = set(), []
        for v in values.iterator():
            committee = v.breakdown.indicator.objective.plan.committee_id
            if committee not in seen:
                seen.add(committee)
                self.values.append(v)
        self.n = 0

    def __call__(self):
        value = self.values[self.n % len(self.values)]
        self.n += 1
        value.value = value.value + 1 if self.n % 2 else value.value - 1
        value.save(update_fields=["value"])  # the receivers raise the versions


def save_queries(staff):
    """Queries per value of saving a whole committee-year (KFU, in-process)."""
    from indicators.entry.services import Entry, committee_year_for, values_save_year

    kfu = Committee.objects.get(code="KFU")
    year = 2030  # a year of its own: the bench leaves the plans' years as they are
    cy = committee_year_for(kfu, year)
    breakdowns = Breakdown.objects.filter(indicator__objective__plan__committee=kfu)
    entries = [
        Entry(breakdown=b, value=Decimal(10 + cy.version % 2))
        for b in breakdowns.select_related("indicator")
        if b.indicator.value_unit != "text"
    ]
    with CaptureQueriesContext(connection) as ctx:
        values_save_year(committee=kfu, year=year, user=staff, entries=entries, version=cy.version)
    return round(len(ctx.captured_queries) / len(entries), 2), len(entries)


def export_cold(tmp, slug=None):
    """Seconds and peak memory (MB) of building a Bilag in a fresh process, nothing cached.

    The peak is the child's own VmHWM: getrusage's ru_maxrss would carry over this
    (large) parent's size, which Linux keeps across fork and exec.
    """
    who = f"committees=[Committee.objects.get(slug={slug!r})]" if slug else "committees=None"
    code = (
        "import os, resource, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE',"
        "'kkintegration.settings'); django.setup();"
        "from django.core.cache import cache; cache.clear();"
        "import time; from committees.models import Committee;"
        "from committees.site.exports import export_bilag; t = time.perf_counter();"
        f"export_bilag(open({str(tmp / 'bench.xlsx')!r}, 'wb'), {who});"
        "hwm = [l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')]"
        " if os.path.exists('/proc/self/status') else [];"
        "print(time.perf_counter() - t,"
        " hwm[0] if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    seconds, rss_kb = out.stdout.strip().splitlines()[-1].split()
    return round(float(seconds), 2), round(int(rss_kb) / 1024, 1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(tmp):
    env = {**os.environ, **PROD_ENV, "STATIC_ROOT": str(tmp / "static")}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "kkintegration.wsgi",
            *("--workers", "2", "--bind", f"127.0.0.1:{port}", "--timeout", "120"),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2)
            return server, base
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def worker_rss_mb(server):
    """The resident memory of each gunicorn worker (MB)."""
    out = subprocess.run(
        ["ps", "--ppid", str(server.pid), "-o", "rss="], capture_output=True, text=True
    ).stdout
    return [round(int(kb) / 1024, 1) for kb in out.split()]


def timed(client, path, n, before=None):
    times, size = [], 0
    for _ in range(n):
        if before:
            before()
        start = time.perf_counter()
        status, body = client.request_bytes(path)
        times.append((time.perf_counter() - start) * 1000)
        assert status == 200, (path, status)
        size = len(body)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
        "bytes": size,
    }


GOALS = [
    # (what, the result's key, the limit, unit)
    ("home, plan, dashboard p95 warm", "warm_p95_max", 150, "ms"),
    ("home, plan, dashboard p95 on the first view after an approval", "after_p95_max", 500, "ms"),
    ("one committee's Bilag built cold", "export_one_seconds", 1, "s"),
    ("all committees' Bilag built cold", "export_all_seconds", 5, "s"),
    ("saving a committee-year, queries per value", "save_queries_per_value", 3, ""),
    ("worker RSS after the dashboard for every year", "worker_rss_max_mb", 300, "MB"),
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument(
        "--export-requests",
        type=int,
        default=None,
        help="requests for the exports (default: --requests)",
    )
    parser.add_argument("--after-requests", type=int, default=40, help="per first-view row")
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    tmp = ROOT / "bench" / "results" / "tmp"
    tmp.mkdir(parents=True, exist_ok=True)

    analyst, staff = users()
    who = {"analyst": analyst, "staff": staff, None: None}
    plan = pages()
    queries = {name: queries_per_request(path, who[role]) for name, path, role in plan}
    per_value, saved = save_queries(staff)
    export_one = export_cold(tmp, "sud")
    export_all = export_cold(tmp)

    server, base = start_server(tmp)
    try:
        clients = {None: HttpClient(base)}
        clients["analyst"] = HttpClient(base)
        clients["analyst"].login("bench-analyst", PASSWORD)
        clients["staff"] = HttpClient(base)
        clients["staff"].login("bench-kfu", PASSWORD)
        results = []
        for name, path, role in plan:
            n = args.requests
            if name.startswith("export") and args.export_requests:
                n = args.export_requests
            timed(clients[role], path, 3)  # warm both workers' caches
            row = {"page": name, "path": path, "requests": n, **timed(clients[role], path, n)}
            row["queries"] = queries[name]
            results.append(row)
            print(f"  {name}: p50 {row['p50_ms']} ms, p95 {row['p95_ms']} ms", flush=True)
        approve = Approvals()
        for name, path, role in plan:
            if name not in AFTER_APPROVAL:
                continue
            n = args.after_requests
            row = {"page": f"{name}, first view after an approval", "path": path, "requests": n}
            row.update(timed(clients[role], path, n, before=approve))
            row["queries"] = None
            results.append(row)
            print(f"  {row['page']}: p50 {row['p50_ms']} ms, p95 {row['p95_ms']} ms", flush=True)
        dashboard = next(p for n, p, _ in plan if n == "dashboard").split("?")[0]
        for year in range(2009, 2025):
            for _ in range(4):  # both workers, every year
                clients["analyst"].request_bytes(f"{dashboard}?year={year}")
        rss = worker_rss_mb(server)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    by_page = {r["page"]: r for r in results}
    report = {
        "label": args.label,
        "database": connection.vendor,
        "committees": Committee.objects.count(),
        "indicators": Indicator.objects.count(),
        "values": IndicatorValue.objects.count(),
        "pages": results,
        "export_one_seconds": export_one[0],
        "export_one_peak_rss_mb": export_one[1],
        "export_all_seconds": export_all[0],
        "export_all_peak_rss_mb": export_all[1],
        "save_queries_per_value": per_value,
        "save_values": saved,
        "worker_rss_mb": rss,
        "worker_rss_max_mb": max(rss) if rss else None,
        "warm_p95_max": max(by_page[name]["p95_ms"] for name in AFTER_APPROVAL),
        "after_p95_max": max(
            by_page[f"{name}, first view after an approval"]["p95_ms"] for name in AFTER_APPROVAL
        ),
        "cache": "Redis (shared)" if os.environ.get("REDIS_URL") else "per process",
    }
    report["goals"] = [
        {
            "goal": what,
            "result": report[key],
            "limit": limit,
            "unit": unit,
            "met": report[key] is not None and report[key] <= limit,
        }
        for what, key, limit, unit in GOALS
    ]
    out = ROOT / "bench" / "results"
    (out / "latest.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    md = markdown(report)
    (out / "latest.md").write_text(md)
    print(md)


def markdown(r):
    lines = [
        f"**{r['label'] or 'bench'}** — {r['database']}, {r['committees']} committees, "
        f"{r['indicators']} indicators, {r['values']} values; cache: {r['cache']}",
        "",
        "| page | requests | p50 ms | p95 ms | queries | bytes sent |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for p in r["pages"]:
        q = "–" if p["queries"] is None else p["queries"]
        lines.append(
            f"| {p['page']} | {p['requests']} | {p['p50_ms']} | {p['p95_ms']} | "
            f"{q} | {p['bytes']:,} |"
        )
    lines += [
        "",
        f"Bilag built cold (a fresh process, nothing cached): one committee "
        f"{r['export_one_seconds']} s (peak {r['export_one_peak_rss_mb']} MB), all committees "
        f"{r['export_all_seconds']} s (peak {r['export_all_peak_rss_mb']} MB). Saving a "
        f"committee-year of {r['save_values']} values: {r['save_queries_per_value']} queries "
        f"per value. Worker RSS after the dashboard for every year 2009–2024: "
        f"{', '.join(f'{x} MB' for x in r['worker_rss_mb'])}.",
        "Bytes are what was sent to a client that accepts gzip, as browsers do. A first view "
        "after an approval follows a change of one value of another committee each time.",
        "",
        "| goal | result | limit | met |",
        "|---|---:|---:|:---:|",
    ]
    for g in r["goals"]:
        lines.append(
            f"| {g['goal']} | {g['result']} {g['unit']} | {g['limit']} {g['unit']} | "
            f"{'✓' if g['met'] else '✗'} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
