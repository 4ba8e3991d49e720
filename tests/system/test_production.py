"""What the README promises in production, over HTTP against two gunicorn workers with
DEBUG off from start-up: an edit in the admin, a role taken away and a language chosen
count at the very next request, whichever worker answers it."""

import re
from io import BytesIO

from openpyxl import load_workbook

from .conftest import text_of

REQUESTS = 8  # each may reach either worker; the access log shows that both answered


def cells(workbook_bytes, sheet):
    ws = load_workbook(BytesIO(workbook_bytes), read_only=True)[sheet]
    return [str(c) for row in ws.iter_rows(values_only=True) for c in row if c is not None]


def grade5(production):
    return production.shell(
        "from indicators.models import Indicator; print(Indicator.objects.get("
        "objective__plan__committee__code='KFU', text__contains='5. klasse').pk)"
    ).strip()


def test_an_admin_edit_reaches_every_page_and_both_workbooks_at_the_next_request(production):
    pk = grade5(production)
    analyst = production.browser()
    analyst.log_in("analytiker")
    public = production.browser()
    word = "Foreningsmedlemskabsindikatoren"
    pages = {
        "plan": (public, "/udvalg/kfu/"),
        "indicator": (public, f"/indikatorer/{pk}/"),
        "dashboard": (analyst, f"/barometer/?q={word.lower()}"),
        "bilag": (public, "/udvalg/kfu/bilag.xlsx"),
        "bilag-all": (public, "/bilag.xlsx"),
    }
    for _ in range(3):  # every page made and cached by both workers before the edit
        for who, path in pages.values():
            assert who.request(path)[0] == 200
    assert word not in text_of(public.get("/udvalg/kfu/")[1])

    admin = production.browser()
    admin.log_in("root")
    old = admin.forms(f"/admin/indicators/indicator/{pk}/change/")[-1]
    text = dict(old["fields"])["text"]
    status, _ = admin.submit(
        f"/admin/indicators/indicator/{pk}/change/", {"text": f"{word}: {text}"}
    )
    assert status == 302  # saved

    for _ in range(REQUESTS):
        assert word in text_of(public.get("/udvalg/kfu/")[1])
        assert word in text_of(public.get(f"/indikatorer/{pk}/")[1])
        assert word in text_of(analyst.get(f"/barometer/?q={word.lower()}")[1])
        for name in ("bilag", "bilag-all"):
            _who, path = pages[name]
            # Bilag 2 is the adopted appendix; the plan's indicators are in the values sheet
            book = public.request(path)[2]
            assert any(word in c for c in cells(book, "Indikatorværdier")), name
    assert len(production.workers_seen()) == 2


def test_a_role_taken_away_in_the_admin_counts_at_the_next_request(production):
    analyst = production.browser()
    analyst.log_in("analytiker")
    for _ in range(4):
        assert analyst.request("/barometer/")[0] == 200
    user_id = production.shell(
        "from django.contrib.auth.models import User; "
        "print(User.objects.get(username='analytiker').pk)"
    ).strip()
    admin = production.browser()
    admin.log_in("root")
    status, _ = admin.submit(f"/admin/auth/user/{user_id}/change/", {"groups": []})
    assert status == 302
    try:
        for _ in range(REQUESTS):
            assert analyst.request("/barometer/")[0] == 403
            assert analyst.request("/godkendelse/")[0] == 403
    finally:
        production.shell(
            "from django.contrib.auth.models import User; "
            "from committees.roles import ensure_analyst_group; "
            "User.objects.get(username='analytiker').groups.add(ensure_analyst_group())"
        )


def test_a_language_chosen_counts_at_the_next_request_and_for_that_visitor_only(production):
    english, danish = production.browser(), production.browser()
    for who in (english, danish):
        for _ in range(3):
            assert who.request("/udvalg/kfu/")[0] == 200
    status, _ = english.submit(
        "/udvalg/kfu/", {"language": "en", "next": "/udvalg/kfu/"}, action="/i18n/setlang/"
    )
    assert status == 302
    for _ in range(REQUESTS):
        page = english.get("/udvalg/kfu/")[1]
        assert '<html lang="en">' in page and "Results target" in page
        page = danish.get("/udvalg/kfu/")[1]
        assert '<html lang="da">' in page and "Resultatmål" in page
    # the appendix is the council's: Danish, whoever downloads it
    statuses = cells(english.request("/udvalg/kfu/bilag.xlsx")[2], "Barometer")
    assert any(re.search(r"\b(opfyldt|bagud|ingen data)\b", c) for c in statuses)
    assert not any(re.search(r"\b(achieved|behind|no data)\b", c) for c in statuses)
