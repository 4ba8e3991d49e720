"""Redis as the shared cache, and no cache while Redis does not answer.

Every cached figure can be rebuilt from the database, so a Redis outage costs time, never
a page: each call then answers as a miss (and a write is dropped), a warning is logged
once, and Redis is tried again after `retry_after` seconds (OPTIONS, default 5) without
a restart. Entries are keyed by data version, so nothing stale is read after it returns.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class TolerantRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.retry_after = float(options.pop("retry_after", 5))
        # fail fast: a page waits at most this long for a Redis that does not answer
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 0.5)
        super().__init__(server, {**params, "OPTIONS": options})
        self._down_until = None

    def _guarded(self, method, default, *args, **kwargs):
        if self._down_until is not None and time.monotonic() < self._down_until:
            return default
        try:
            result = method(*args, **kwargs)
        except RedisError as exc:
            if self._down_until is None:
                logger.warning("Redis does not answer (%s): running without a cache", exc)
            self._down_until = time.monotonic() + self.retry_after
            return default
        if self._down_until is not None:
            logger.warning("Redis answers again: the shared cache is back")
            self._down_until = None
        return result

    def available(self):
        """True when Redis answers a ping now (for /healthz; also ends a pause)."""
        try:
            self._cache.get_client(write=True).ping()
        except RedisError:
            self._down_until = time.monotonic() + self.retry_after
            return False
        self._down_until = None
        return True

    def get(self, key, default=None, version=None):
        return self._guarded(super().get, default, key, default, version)

    def get_many(self, keys, version=None):
        return self._guarded(super().get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self._guarded(super().has_key, False, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(super().add, False, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(super().set, None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(super().set_many, list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(super().touch, False, key, timeout, version)

    def delete(self, key, version=None):
        return self._guarded(super().delete, False, key, version)

    def delete_many(self, keys, version=None):
        return self._guarded(super().delete_many, None, keys, version)

    def incr(self, key, delta=1, version=None):
        return self._guarded(super().incr, None, key, delta, version)

    def clear(self):
        return self._guarded(super().clear, False)
