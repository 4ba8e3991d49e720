"""Whole pages kept until the data change: for the barometer's heavy, often-read pages."""

import hashlib
import re
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string
from django.utils.translation import get_language

from .rollup import rollup_token


def _key(request):
    """The page's cache key: the data's token, the address, the language and the visitor's
    session and CSRF cookies, so that a page (with its CSRF token and the visitor's name)
    is only ever served back to the browser it was made for."""
    parts = [
        rollup_token(),
        request.get_full_path(),
        get_language() or "",
        request.COOKIES.get(settings.SESSION_COOKIE_NAME, ""),
        request.COOKIES.get(settings.CSRF_COOKIE_NAME, ""),
    ]
    return "page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


_ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def _served(request, response, cached):
    """`response` carrying the cached page, compressed when the browser accepts it."""
    content, compressed, _ = cached
    patch_vary_headers(response, ("Accept-Encoding",))
    if _ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
        response.content = compressed
        response["Content-Encoding"] = "gzip"
    else:
        response.content = content
    return response


def per_data_version(view):
    """Serve a GET page from the cache while nothing it shows can have changed.

    The page is rendered afresh when the data change (a new roll-up token), when the
    visitor's session or CSRF cookie is new or missing, and whenever a message waits to be
    shown.
    Goes inside the access check: it never decides who may see the page.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        cacheable = (
            request.method == "GET"
            and request.COOKIES.get(settings.CSRF_COOKIE_NAME)
            and not len(get_messages(request))
        )
        if not cacheable:
            return view(request, *args, **kwargs)
        key = _key(request)
        cache = caches["pages"]
        hit = cache.get(key)
        if hit is not None:
            return _served(request, HttpResponse(content_type=hit[2]), hit)
        response = view(request, *args, **kwargs)
        # a page made with a new CSRF secret belongs to the cookie that goes with it
        renewed = request.META.get("CSRF_COOKIE") != request.COOKIES[settings.CSRF_COOKIE_NAME]
        if response.status_code == 200 and not response.streaming and not renewed:
            # compressed once here rather than on every view; the random bytes are
            # Django's BREACH mitigation (the same as GZipMiddleware's)
            hit = (
                response.content,
                compress_string(response.content, max_random_bytes=100),
                response["Content-Type"],
            )
            cache.set(key, hit, settings.SESSION_COOKIE_AGE)
            return _served(request, response, hit)
        return response

    return wrapper
