"""HTTP helpers: ETags for pages made from versioned data, gzip for text, the methods the
site serves, private responses for signed-in users, and quiet logs for expected 403s."""

import hashlib
import ipaddress
import logging

from django.conf import settings
from django.contrib.messages import get_messages
from django.db import DataError
from django.http import HttpResponseBadRequest, HttpResponseNotAllowed
from django.middleware.gzip import GZipMiddleware
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language

# Every view serves some of these; nothing serves TRACE, OPTIONS, PUT, PATCH or DELETE.
SERVED_METHODS = ("GET", "HEAD", "POST")


def page_etag(request, *material):
    """An ETag for a GET page made from data of the versions in `material`.

    It changes with the data, the address, the language, the visitor and the visitor's
    CSRF cookie (the page's forms carry a token made from it). None, so that the page is
    rendered afresh, while a message waits to be shown or before the browser has a CSRF
    cookie.
    """
    csrf = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    if not csrf or len(get_messages(request)):
        return None
    user = request.user
    who = ["anonymous"]
    if user.is_authenticated:
        who = [user.pk, user.get_username(), user.get_full_name(), user.is_staff, user.is_superuser]
    parts = [*material, request.get_full_path(), get_language() or "", csrf, *who]
    return hashlib.sha256("\n".join(map(str, parts)).encode()).hexdigest()[:32]


def request_memo(request, name, compute):
    """`compute()`, once per request (e.g. a data version read by the ETag and the view)."""
    memo = request.__dict__.setdefault("_kk_memo", {})
    if name not in memo:
        memo[name] = compute()
    return memo[name]


class TextGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware (with its BREACH mitigation) for text only: pages, CSV and
    JSON. Workbooks are zip files already; compressing them again only costs time."""

    TEXT = ("text/", "application/json", "application/javascript")

    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith(self.TEXT):
            return response
        return super().process_response(request, response)


class ServedMethodsMiddleware:
    """405 for any method no view serves (TRACE, OPTIONS, PUT, …), the admin included;
    each view then refuses the methods it does not serve itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in SERVED_METHODS:
            return HttpResponseNotAllowed(SERVED_METHODS)
        return self.get_response(request)


class PrivateWhenSignedInMiddleware:
    """`Cache-Control: private, no-store` on every response to a signed-in user, pages and
    downloads alike: nothing a signed-in user sees is kept by a proxy or on the disk."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


class ExpectedDenialFilter(logging.Filter):
    """Log a 403 (a user asking for what their role does not open) as one line, without
    the traceback Django attaches: it is expected, not a fault."""

    def filter(self, record):
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True


def _in(address, networks):
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(net, strict=False) for net in networks)


def client_address(request):
    """The visitor's address: REMOTE_ADDR, or behind a trusted proxy (TRUSTED_PROXIES) the
    last address of X-Forwarded-For that is not itself a trusted proxy.

    A visitor can write anything into X-Forwarded-For; only what the trusted proxies
    appended (the right-hand end) is believed, so nobody can pose as another address.
    """
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    trusted = settings.TRUSTED_PROXIES
    if not trusted or not _in(remote, trusted):
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for address in reversed([a for a in forwarded if a]):
        if not _in(address, trusted):
            try:
                return str(ipaddress.ip_address(address))
            except ValueError:
                return remote  # garbage where the proxy writes: trust nothing
    return remote


def bad_request():
    """The Danish 400 page (static: it needs neither the database nor the session)."""
    return HttpResponseBadRequest(render_to_string("400.html"))


def _holds_nul(query_dict):
    return any(
        "\x00" in key or any("\x00" in v for v in values) for key, values in query_dict.lists()
    )


class BadInputMiddleware:
    """400, not a server error, for input no form can hold: a NUL character in a query
    parameter or a posted field, or a value the database refuses (too long for its
    column, a number out of range): a DataError raised by a view."""

    FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _holds_nul(request.GET):
            return bad_request()
        posted = request.method == "POST" and request.content_type in self.FORMS
        if posted and _holds_nul(request.POST):
            return bad_request()
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DataError):
            logging.getLogger("django.request").warning(
                "Bad input refused by the database (%s): %s", exception, request.path
            )
            return bad_request()
        return None
