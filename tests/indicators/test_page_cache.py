"""The whole-page cache of the barometer: kept per data, address, language and browser."""

import gzip

import pytest
from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory

from indicators.barometer import rollup
from indicators.barometer.page_cache import per_data_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted_page():
    """A page that says how many times it has been made."""
    made = []

    @per_data_version
    def view(request):
        made.append(1)
        return HttpResponse(f"made {len(made)} times")

    return view


def visit(view, *, session="s1", csrf="c" * 32, path="/barometer/?year=2012", message=None):
    request = RequestFactory().get(path)
    request.COOKIES.update({"sessionid": session, "csrftoken": csrf} if csrf else {})
    if csrf:
        request.META["CSRF_COOKIE"] = csrf
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    if message:
        messages.info(request, message)
    rollup.forget_token()  # each visit is a new request
    return view(request).content.decode()


def test_the_same_browser_gets_the_page_it_was_given(counted_page):
    assert visit(counted_page) == "made 1 times"
    assert visit(counted_page) == "made 1 times"


def test_another_address_session_or_csrf_cookie_gets_its_own_page(counted_page):
    visit(counted_page)
    assert visit(counted_page, path="/barometer/?year=2013") == "made 2 times"
    assert visit(counted_page, session="s2") == "made 3 times"
    assert visit(counted_page, csrf="d" * 32) == "made 4 times"


def test_changed_data_make_the_page_again(counted_page):
    visit(counted_page)
    rollup.invalidate()
    assert visit(counted_page) == "made 2 times"


def test_no_cache_without_a_csrf_cookie_or_with_a_message_waiting(counted_page):
    assert visit(counted_page, csrf=None) == "made 1 times"
    assert visit(counted_page, csrf=None) == "made 2 times"
    visit(counted_page)  # cached from here
    assert visit(counted_page, message="Gemt") == "made 4 times"
    assert visit(counted_page) == "made 3 times"  # the page kept is the one without the message


def test_a_browser_that_accepts_gzip_gets_the_same_page_compressed(client, analyst):
    client.force_login(analyst)
    client.get("/barometer/?year=2012")  # sets the CSRF cookie the cache needs
    plain = client.get("/barometer/?year=2012")
    packed = client.get("/barometer/?year=2012", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    again = client.get("/barometer/?year=2012", HTTP_ACCEPT_ENCODING="gzip")
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"] and "Accept-Encoding" in plain["Vary"]
    assert gzip.decompress(packed.content) == plain.content
    assert gzip.decompress(again.content) == plain.content
    assert len(packed.content) < len(plain.content) / 3
    assert b"Integrationsbarometer" in plain.content
