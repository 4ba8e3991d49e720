"""`make bench`: what each page costs, measured against gunicorn with production settings.

On PostgreSQL when DATABASE_URL is set, else SQLite. Starts gunicorn (2 workers, DEBUG
off, static files by whitenoise) on loopback, warms it, then for each page measures p50
and p95 latency over --requests requests, SQL queries per request (in-process, warm) and
response size; the peak RSS of the full export; and the dashboard's throughput against
a trivial view (/healthz: one `SELECT 1`) in the same run, with wrk when it is installed.
Uses the Redis on 127.0.0.1:6379 as the shared cache when one answers and REDIS_URL is
not set, as production does. Writes bench/results/latest.json
and latest.md, and prints the table. Loopback only; every loop is bounded.
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
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
from indicators.models import Indicator, IndicatorValue  # noqa: E402

PASSWORD = "Bench-kodeord-2014"
PROD_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "bench-" + "s" * 50,
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "false",
    "SESSION_COOKIE_SECURE": "false",
    "CSRF_COOKIE_SECURE": "false",
    "SECURE_HSTS_SECONDS": "0",
    "AXES_FAILURE_LIMIT": "1000",
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


def pages():
    grade5 = Indicator.objects.get(
        objective__plan__committee__code="KFU", text__contains="5. klasse"
    )
    year = max(IndicatorValue.objects.approved().values_list("year", flat=True), default=2014)
    year = min(year, 2014)
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
        # a new address every time: the whole-page cache never hits (the first view after
        # a change, or a new filter); the roll-up and the charts stay cached per data token
        ("dashboard, page not cached", f"/barometer/?year={year}&visit={{i}}", "analyst"),
        ("drill-down", f"/barometer/indikatorer/{grade5.pk}/?year={year}", "analyst"),
        ("year entry", f"/indberetning/kfu/{year}/", "staff"),
        ("export, all committees", "/bilag.xlsx", None),
    ]


def queries_per_request(path, user):
    client = Client(HTTP_HOST="127.0.0.1")
    if user is not None:
        client.force_login(user)
    client.get(path.format(i="warm-1"))  # warm (and receive the CSRF cookie)
    client.get(path.format(i="warm-2"))  # a cached page is kept from here
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path.format(i="measured"))
    assert response.status_code == 200, (path, response.status_code)
    return len(ctx.captured_queries)


def export_peak_rss(tmp):
    """Seconds and peak memory (MB) of building the full export in a fresh process.

    The peak is the child's own VmHWM: getrusage's ru_maxrss would carry over this
    (large) parent's size, which Linux keeps across fork and exec.
    """
    code = (
        "import os, resource, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE',"
        "'kkintegration.settings'); django.setup();"
        "import time; from committees.site.exports import export_bilag; t = time.perf_counter();"
        f"export_bilag(open({str(tmp / 'bench.xlsx')!r}, 'wb'));"
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
    return int(rss_kb) / 1024, float(seconds)


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
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "120",
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


def timed(client, path, n):
    times, size = [], 0
    for i in range(n):
        start = time.perf_counter()
        status, body = client.request_bytes(path.format(i=f"{time.time_ns()}-{i}"))
        times.append((time.perf_counter() - start) * 1000)
        assert status == 200, (path, status)
        size = len(body)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
        "bytes": size,
    }


def throughput(client_factory, path, seconds, threads):
    """Requests per second with `threads` Python clients (when wrk is not installed)."""
    done = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def run():
        client = client_factory()
        while time.monotonic() < stop:
            status, _ = client.request_bytes(path)
            if status == 200:
                with lock:
                    done[0] += 1

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(seconds + 60)
    return round(done[0] / seconds, 1)


def wrk_throughput(url, seconds, cookies=None):
    """Requests per second measured by wrk (2 threads, 8 connections), which spends far
    less of the two cores than Python clients would; only 2xx answers count."""
    command = ["wrk", "-t2", "-c8", f"-d{max(int(seconds), 1)}s", "-H", "Accept-Encoding: gzip"]
    if cookies:
        command += ["-H", "Cookie: " + "; ".join(f"{c.name}={c.value}" for c in cookies)]
    out = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, timeout=seconds + 60
    ).stdout
    total = int(re.search(r"(\d+) requests in", out).group(1))
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    elapsed = re.search(r"requests in ([\d.]+)(ms|s|m)", out)
    scale = {"ms": 0.001, "s": 1, "m": 60}[elapsed.group(2)]
    ok = total - (int(failed.group(1)) if failed else 0)
    return round(ok / (float(elapsed.group(1)) * scale), 1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument(
        "--export-requests",
        type=int,
        default=None,
        help="requests for the export (default: --requests)",
    )
    parser.add_argument("--seconds", type=float, default=10.0, help="per throughput run")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    tmp = ROOT / "bench" / "results" / "tmp"
    tmp.mkdir(parents=True, exist_ok=True)

    analyst, staff = users()
    who = {"analyst": analyst, "staff": staff, None: None}
    plan = pages()
    queries = {name: queries_per_request(path, who[role]) for name, path, role in plan}
    rss_mb, export_seconds = export_peak_rss(tmp)

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
            row = {
                "page": name,
                "path": path,
                "requests": n,
                **timed(clients[role], path, n),
                "queries": queries[name],
            }
            results.append(row)
            print(f"  {name}: p50 {row['p50_ms']} ms, p95 {row['p95_ms']} ms", flush=True)

        def analyst_client():
            c = HttpClient(base)
            c.login("bench-analyst", PASSWORD)
            return c

        dashboard_path = next(p for n, p, _ in plan if n == "dashboard")
        if shutil.which("wrk"):
            tool = "wrk -t2 -c8"
            trivial_rps = wrk_throughput(base + "/healthz", args.seconds)
            signed_in = analyst_client()
            signed_in.request_bytes(dashboard_path)  # the CSRF cookie the page cache needs
            dashboard_rps = wrk_throughput(base + dashboard_path, args.seconds, signed_in.jar)
        else:
            tool = f"{args.threads} Python clients (apt-get install wrk to measure with wrk)"
            trivial_rps = throughput(
                lambda: HttpClient(base), "/healthz", args.seconds, args.threads
            )
            dashboard_rps = throughput(analyst_client, dashboard_path, args.seconds, args.threads)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    report = {
        "label": args.label,
        "database": connection.vendor,
        "committees": Committee.objects.count(),
        "indicators": Indicator.objects.count(),
        "values": IndicatorValue.objects.count(),
        "pages": results,
        "export_peak_rss_mb": round(rss_mb, 1),
        "export_seconds_cold": round(export_seconds, 2),
        "throughput_rps": {
            "trivial (/healthz)": trivial_rps,
            "dashboard": dashboard_rps,
            "ratio": round(dashboard_rps / trivial_rps, 2) if trivial_rps else None,
            "measured with": tool,
        },
        "cache": "Redis (shared)" if os.environ.get("REDIS_URL") else "per process",
    }
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
        lines.append(
            f"| {p['page']} | {p['requests']} | {p['p50_ms']} | {p['p95_ms']} | "
            f"{p['queries']} | {p['bytes']:,} |"
        )
    t = r["throughput_rps"]
    lines += [
        "",
        f"Export of all committees built cold (a fresh process, nothing cached): "
        f"{r['export_seconds_cold']} s, peak RSS {r['export_peak_rss_mb']} MB. The download "
        "above is served from the workbook cached for the current data.",
        f"Throughput: dashboard {t['dashboard']} req/s, trivial view {t['trivial (/healthz)']} "
        f"req/s, ratio {t['ratio']} (measured with {t['measured with']}).",
        "Bytes are what was sent to a client that accepts gzip, as browsers do.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
