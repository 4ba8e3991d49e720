"""Django's Redis cache backend, keeping one redis-py client per connection pool."""

from django.core.cache.backends import redis


class _Client(redis.RedisCacheClient):
    """Django makes a new `redis.Redis` for every cache operation, and each one copies
    redis-py's table of some 160 response callbacks: a tenth of a millisecond per session
    read. A client is thread-safe and holds no connection of its own, so one per pool
    serves every operation."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        if index not in self._clients:
            pool = self._get_connection_pool(write)
            self._clients[index] = self._client(connection_pool=pool)
        return self._clients[index]


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _Client
