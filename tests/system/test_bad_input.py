"""Bad input never gives a 5xx: every form and every query parameter of the pages each
role sees, filled with hostile values (a NUL character, a text far too long, numbers out
of range, markup), is answered with a page, a form error or a 400; the 503 page only
when the database is really down. Runs on the tests' database (PostgreSQL in CI, where
NUL characters and over-long values are refused by the database itself)."""

from urllib.parse import parse_qsl, urlsplit

import pytest
from django.test import Client

from indicators.models import Indicator

from .conftest import _Forms

pytestmark = pytest.mark.django_db

HOSTILE = ["a\x00b", "x" * 5000, "9" * 40, "-1", "<script>alert(1)</script>"]


def pages(indicator):
    return {
        "anonymous": [
            "/",
            "/udvalg/kfu/",
            "/soeg/?q=skole",
            "/aktiviteter/",
            "/finansiering/",
            f"/indikatorer/{indicator}/",
            "/konto/login/",
        ],
        "staff": ["/indberetning/", "/indberetning/kfu/2012/", "/indberetning/kfu/2012/historik/"],
        "analyst": [
            "/barometer/",
            f"/barometer/indikatorer/{indicator}/",
            "/godkendelse/",
            "/godkendelse/kfu/2012/",
            "/admin/indicators/indicator/",
            f"/admin/indicators/indicator/{indicator}/change/",
            "/admin/indicators/indicatorvalue/",
            "/admin/budgets/fundingline/",
        ],
        "admin": ["/revisionsspor/", "/admin/auth/user/", "/admin/auth/user/add/"],
    }


@pytest.fixture
def clients(kfu_staff, analyst, admin_user):
    made = {"anonymous": Client(raise_request_exception=False)}
    for role, user in (("staff", kfu_staff), ("analyst", analyst), ("admin", admin_user)):
        made[role] = Client(raise_request_exception=False)
        made[role].force_login(user)
    return made


def forms_of(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    parser = _Forms()
    parser.feed(response.content.decode())
    return parser.forms


def send(client, method, path, data):
    if method == "post":
        return client.post(path, data)
    return client.get(path, data)


def test_no_form_field_or_query_parameter_gives_a_5xx(clients):
    indicator = Indicator.objects.filter(objective__plan__committee__code="KFU").first().pk
    failures, sent = [], 0
    for role, paths in pages(indicator).items():
        client = clients[role]
        for path in paths:
            base, query = path.split("?")[0], dict(parse_qsl(urlsplit(path).query))
            targets = [("get", base, list(query.items()))] if query else []
            for form in forms_of(client, path):
                if form["action"] in ("/i18n/setlang/", "/konto/logout/"):
                    continue
                method = "post" if form["method"].lower() == "post" else "get"
                targets.append((method, form["action"] or base, form["fields"]))
            for method, action, fields in targets:
                names = [n for n, _ in fields if n != "csrfmiddlewaretoken"]
                for name in dict.fromkeys(names):
                    for value in HOSTILE:
                        data = {}
                        for n, v in fields:
                            data.setdefault(n, []).append(value if n == name else v)
                        response = send(client, method, action, data)
                        sent += 1
                        if response.status_code >= 500:
                            failures.append((role, method, action, name, value[:12]))
    assert sent > 500
    assert failures == []


@pytest.mark.parametrize(
    "path",
    [
        "/admin/indicators/indicatorvalue/?status__exact=%00",
        "/admin/indicators/indicatorvalue/?q=%00",
        "/admin/indicators/indicator/?id__exact=99999999999999999999999",
        "/admin/indicators/indicator/?objective__plan__committee__id__exact=-1",
        "/admin/auth/user/?q=" + "x" * 3000,
        "/aktiviteter/?page=99999999999999999999&sort=%00",
        "/barometer/?year=%00&committee=%00",
    ],
)
def test_hostile_admin_filters_and_query_parameters_answer_without_a_5xx(clients, path):
    response = clients["admin"].get(path)
    assert response.status_code < 500
    if "%00" in path:
        assert response.status_code == 400
        assert "Forespørgslen kunne ikke bruges" in response.content.decode()


def test_a_formset_claiming_a_hundred_thousand_forms_is_a_form_error(clients):
    page = clients["staff"].get("/indberetning/kfu/2012/")
    parser = _Forms()
    parser.feed(page.content.decode())
    form = next(f for f in parser.forms if any(n == "ind-TOTAL_FORMS" for n, _ in f["fields"]))
    data = dict(form["fields"])
    data["ind-TOTAL_FORMS"] = "100000"
    response = clients["staff"].post("/indberetning/kfu/2012/", data)
    assert response.status_code == 200  # the page again, with the message
    assert "ind-TOTAL_FORMS" in response.content.decode()


def test_too_many_fields_are_a_400_not_a_500(clients):
    data = {f"f{i}": "1" for i in range(1500)}
    response = clients["staff"].post("/indberetning/kfu/2012/", data)
    assert response.status_code == 400


def test_a_user_name_over_255_characters_is_a_form_error(clients):
    response = clients["anonymous"].post("/konto/login/", {"username": "u" * 300, "password": "x"})
    assert response.status_code == 200
    assert "150" in response.content.decode()
