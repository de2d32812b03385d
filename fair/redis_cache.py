"""Django's Redis cache, with one connection pool and one client per process.

Two costs of the stock backend show on every page and every socket:
- Django keeps cache objects per *context* (asgiref Local), and under Channels each socket's
  `database_sync_to_async` call runs in its own context: each got a new cache object, a new
  connection pool and so a new TCP connection to Redis (left open until garbage-collected).
- Django's RedisCacheClient builds a new ``redis.Redis`` for every operation, and each build fills
  a table of about 170 response callbacks: about 0.4 ms, more than the Redis round trip itself.
Connection pools and ``redis.Redis`` clients are safe to share between threads (every command takes
a connection from the pool), so one of each per server is kept for the process.
"""

import threading

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

_lock = threading.Lock()
_pools: dict = {}
_clients: dict = {}


class SharedClient(RedisCacheClient):
    def _get_connection_pool(self, write):
        index = self._get_connection_pool_index(write)
        key = (self._servers[index], self._pool_class, repr(sorted(self._pool_options.items(), key=str)))
        pool = _pools.get(key)
        if pool is None:
            with _lock:
                pool = _pools.get(key)
                if pool is None:
                    pool = _pools[key] = self._pool_class.from_url(self._servers[index], **self._pool_options)
        return pool

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = _clients.get(id(pool))
        if client is None:
            client = _clients[id(pool)] = self._client(connection_pool=pool)
        return client


class FairRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClient
