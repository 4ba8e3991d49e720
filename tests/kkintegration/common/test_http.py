"""ETags for pages made from versioned data, and gzip for text only."""

import gzip

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from kkintegration.common.http import page_etag

pytestmark = pytest.mark.django_db


def request(path="/", csrf="c" * 32, user=None):
    r = RequestFactory().get(path)
    if csrf:
        r.COOKIES["csrftoken"] = csrf
    r.user = user or AnonymousUser()
    r.session = {}
    r._messages = FallbackStorage(r)
    return r


def test_the_etag_changes_with_the_data_the_address_the_language_and_the_visitor(analyst):
    with translation.override("da"):
        base = page_etag(request(), "home", 1)
        assert page_etag(request(), "home", 1) == base
        assert page_etag(request(), "home", 2) != base
        assert page_etag(request("/?page=2"), "home", 1) != base
        assert page_etag(request(csrf="d" * 32), "home", 1) != base
        assert page_etag(request(user=analyst), "home", 1) != base
    with translation.override("en"):
        assert page_etag(request(), "home", 1) != base


def test_no_etag_before_the_browser_has_a_csrf_cookie_or_while_a_message_waits():
    assert page_etag(request(csrf=None), "home", 1) is None
    waiting = request()
    waiting._messages.add(20, "Gemt som kladde.")
    assert page_etag(waiting, "home", 1) is None


def test_pages_and_csv_are_compressed_for_browsers_that_accept_it(client, analyst):
    page = client.get(reverse("committees:plan", args=["sud"]), HTTP_ACCEPT_ENCODING="gzip")
    assert page["Content-Encoding"] == "gzip"
    assert "Socialudvalget" in gzip.decompress(page.content).decode()
    assert "Accept-Encoding" in page["Vary"]
    client.force_login(analyst)
    csv = client.get(
        reverse("indicators:barometer-csv", args=["indicators"]),
        HTTP_ACCEPT_ENCODING="gzip",
    )
    assert csv["Content-Encoding"] == "gzip"


def test_workbooks_are_sent_as_they_are(client):
    response = client.get(reverse("committees:bilag", args=["sud"]), HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert response.content[:2] == b"PK"  # the zip an .xlsx is


@pytest.mark.parametrize("method", ["trace", "options", "put", "patch", "delete"])
@pytest.mark.parametrize("path", ["/", "/udvalg/kfu/", "/admin/login/", "/konto/login/"])
def test_methods_no_view_serves_answer_405(client, method, path):
    response = getattr(client, method)(path)
    assert response.status_code == 405
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD", "POST"}


def test_signed_in_pages_and_downloads_are_private_and_not_stored(client, kfu_staff):
    client.force_login(kfu_staff)
    for path in ("/indberetning/", "/", "/udvalg/kfu/bilag.xlsx"):
        response = client.get(path)
        assert response.status_code == 200, path
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives, path


def test_public_pages_for_anonymous_visitors_stay_cacheable(client):
    response = client.get("/udvalg/kfu/bilag.xlsx")
    assert "no-store" not in response.get("Cache-Control", "")


def test_an_expected_403_is_logged_in_one_line_without_a_traceback(client, kfu_staff, caplog):
    client.force_login(kfu_staff)
    with caplog.at_level("WARNING", logger="django.request"):
        assert client.get("/godkendelse/").status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert records and all(r.exc_info is None for r in records)
    assert "Forbidden" in records[0].getMessage()
