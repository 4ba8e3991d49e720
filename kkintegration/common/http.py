"""HTTP helpers: ETags for pages made from versioned data, and gzip for text."""

import hashlib

from django.conf import settings
from django.contrib.messages import get_messages
from django.middleware.gzip import GZipMiddleware
from django.utils.translation import get_language


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
