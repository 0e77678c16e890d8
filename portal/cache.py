"""Django's Redis cache with one Redis client per connection pool.

Django's client builds a new ``redis.Redis`` object for every cache call; building one sets
up some two hundred response callbacks, which costs more than the round trip itself on a
page that makes four calls (session, roles version, roles, list rows). The client is only a
handle on the pool (it keeps no connection of its own), so one per pool serves every call.
"""

from django.core.cache.backends.redis import RedisCache as BaseRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class _Client(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(BaseRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _Client
