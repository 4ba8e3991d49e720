"""Whole pages kept until the data change: for the barometer's heavy, often-read pages."""

import hashlib
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import get_language

from ..rollup import rollup_token


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
        hit = cache.get(key)
        if hit is not None:
            content, content_type = hit
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        # a page made with a new CSRF secret belongs to the cookie that goes with it
        renewed = request.META.get("CSRF_COOKIE") != request.COOKIES[settings.CSRF_COOKIE_NAME]
        if response.status_code == 200 and not response.streaming and not renewed:
            hit = (response.content, response["Content-Type"])
            cache.set(key, hit, settings.SESSION_COOKIE_AGE)
        return response

    return wrapper
