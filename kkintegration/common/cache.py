"""The one way this project caches: Django's cache framework, through `cached`.

Every entry is keyed by its name, the language it was made in and the data version it
was made from (committees.versions), so a change of data or language can never serve an
old result; nothing is ever invalidated by hand. With REDIS_URL every process shares
the entries; otherwise each keeps its own, bounded by the cache's MAX_ENTRIES.
"""

from django.core.cache import cache
from django.utils.translation import get_language

TIMEOUT = 7 * 24 * 3600  # entries of an old version are never read again and age out
# Raised when the shape of a cached value changes, so that a new release never reads an
# old release's entries from a shared cache.
FORMAT = 8
# What reading an entry written by an older release can raise: it counts as a miss.
UNREADABLE = (AttributeError, ImportError, TypeError, ValueError, EOFError)
_MISSING = object()


def key(name, version, *, translated=True):
    language = (get_language() or "-") if translated else "*"
    return f"kk{FORMAT}:{name}:{language}:{version}"


def _get(k):
    try:
        return cache.get(k, _MISSING)
    except UNREADABLE:
        return _MISSING


def _get_many(keys):
    try:
        return cache.get_many(keys)
    except UNREADABLE:
        return {}


def cached(name, build, *, version, translated=True):
    """`build()`, kept until `version` or the language changes.

    `translated=False` for results that hold no translated text (plain figures), so that
    one entry serves every language.
    """
    k = key(name, version, translated=translated)
    value = _get(k)
    if value is _MISSING:
        value = build()
        cache.set(k, value, TIMEOUT)
    return value


def cached_many(names, build, *, translated=True):
    """{name: value} for `names` ({name: version}), reading them in one round trip;
    `build(missing names)` returns {name: value} for those not cached."""
    keys = {name: key(name, version, translated=translated) for name, version in names.items()}
    found = _get_many(list(keys.values()))
    result = {name: found[k] for name, k in keys.items() if k in found}
    missing = [name for name in names if name not in result]
    if missing:
        built = build(missing)
        cache.set_many({keys[name]: built[name] for name in missing}, TIMEOUT)
        result.update(built)
    return result
