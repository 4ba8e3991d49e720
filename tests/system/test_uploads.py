"""Hostile uploads cannot take the site down: over HTTP against two gunicorn workers with
DEBUG off, two clients upload zip bombs again and again while another reads pages; every
page is answered, every bomb is refused with a Danish message, nothing is archived, and
the workers' memory stays near idle."""

import re
import threading
import urllib.request
import uuid
import zipfile
from io import BytesIO
from pathlib import Path

from .conftest import text_of

ROW = '<row><c t="inlineStr"><is><t>xxxxxxxxxxxxxxxxxxxxxx</t></is></c></row>'


def bomb(rows):
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(
            "xl/worksheets/sheet1.xml",
            f"<worksheet><sheetData>{ROW * rows}</sheetData></worksheet>",
        )
    return out.getvalue()


BOMBS = {
    "unpacks to 14 MB": bomb(200_000),  # refused from the zip's directory
    "80,000 rows in 5 MB": bomb(80_000),  # refused while the rows are counted
}


def upload(browser, page, data, name="bombe.xlsx"):
    """POST `data` as the file of the page's upload form, as a browser sends it."""
    form = next(f for f in browser.forms(page) if f["action"].endswith("/upload/"))
    token = dict(form["fields"])["csrfmiddlewaretoken"]
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f"{token}\r\n--{boundary}\r\n"
            f'Content-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        browser.base + form["action"],
        data=body,
        headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Referer": browser.base + page,
        },
    )
    try:
        with browser.opener.open(request, timeout=60) as response:
            return response.status, response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.headers


def rss_mb(pid):
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status)[1]) / 1024


def test_bombs_uploaded_while_another_client_browses(production):
    page = "/indberetning/kfu/2012/"
    uploaders = []
    for _ in BOMBS:
        browser = production.browser()
        browser.log_in("kfu-staff")
        uploaders.append(browser)
    reader = production.browser()
    for _ in range(6):  # both workers warm
        assert reader.get("/udvalg/kfu/")[0] == 200
        assert uploaders[0].get(page)[0] == 200
    workers = production.workers_seen()
    assert len(workers) == 2
    idle = {pid: rss_mb(pid) for pid in workers}

    results = []

    def bombard(browser, data):
        for _ in range(4):
            results.append(upload(browser, page, data))

    threads = [
        threading.Thread(target=bombard, args=(b, d))
        for b, d in zip(uploaders, BOMBS.values(), strict=True)
    ]
    for t in threads:
        t.start()
    answered = []
    while any(t.is_alive() for t in threads):
        for path in ("/healthz", "/", "/udvalg/kfu/", "/aktiviteter/"):
            answered.append((path, reader.get(path)[0]))
    for t in threads:
        t.join()

    assert answered and all(status == 200 for _path, status in answered), answered
    assert [status for status, _ in results] == [302] * 8
    assert all(headers["Location"] == page for _status, headers in results)
    shown = text_of(uploaders[0].get(page)[1]) + text_of(uploaders[1].get(page)[1])
    assert "Projektmappen pakkes ud til mere end 8 MB" in shown
    assert "større end 2.000 rækker" in shown
    archived = production.shell(
        "from indicators.models import ValueImport; print(ValueImport.objects.count())"
    )
    assert archived.strip() == "0"
    for pid in workers:
        assert rss_mb(pid) - idle[pid] < 50, (pid, idle[pid], rss_mb(pid))
