"""A Redis cache that turns a Redis outage into cache misses, not errors.

Everything the marketplace keeps in its cache can be rebuilt (sessions are
``cached_db``, sorl-thumbnail's store is ``cached_db``, the rest are
memories of sent e-mails and counters), so while Redis is away pages are
served from the database: reads miss, writes are dropped. The outage is
logged as a warning, once per ``OUTAGE_WARNING_INTERVAL`` seconds, and for
``OUTAGE_PAUSE`` seconds after a failure the cache does not try Redis at
all, so a page does not wait for a dead server at each of its cache calls.
"""

import logging
import threading
import time
from urllib.parse import urlparse

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# What a server that is down, restarting or unreachable raises.
OUTAGE_ERRORS = (RedisConnectionError, RedisTimeoutError)

# Bounds on each Redis call, unless OPTIONS say otherwise (seconds).
DEFAULT_POOL_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}


class _Outages:
    """When each Redis server last failed, shared by the threads of a process."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down_until = {}
        self.warned_at = {}

    def is_paused(self, server):
        return time.monotonic() < self.down_until.get(server, 0)

    def failed(self, server, pause, interval, error):
        now = time.monotonic()
        with self.lock:
            self.down_until[server] = now + pause
            last = self.warned_at.get(server)
            warn = last is None or now - last >= interval
            if warn:
                self.warned_at[server] = now
        if warn:
            logger.warning(
                "Redis cache at %s unavailable (%s: %s): serving without the "
                "cache for now",
                server,
                type(error).__name__,
                error,
            )

    def answered(self, server):
        with self.lock:
            was_down = self.warned_at.pop(server, None) is not None
            self.down_until.pop(server, None)
        if was_down:
            logger.warning("Redis cache at %s answers again", server)


_outages = _Outages()


def server_name(location):
    """``host:port/db`` of a Redis URL, without its password."""
    first = location.split(",")[0].split(";")[0] if isinstance(location, str) else ""
    parsed = urlparse(first or str(location[0]))
    return f"{parsed.hostname}:{parsed.port or 6379}{parsed.path}"


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's client, keeping one ``redis.Redis`` per connection pool.

    Django's makes a new ``redis.Redis`` for every call, which builds its
    table of response callbacks each time: about 0.4 ms, as much as the rest
    of a page answered from the cache (shop/apps/core/pagecache.py). The
    client is only a handle on the pool, safe to share.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class TolerantRedisCache(RedisCache):
    """Django's ``RedisCache``, where Redis being away means a cache miss.

    Reads return the default, ``add`` says the key was stored (as a cache
    that forgot everything would: "send once" guards then send rather than
    skip), ``incr`` raises ``ValueError`` as for a missing key, other writes
    do nothing. Extra settings beside ``OPTIONS``: ``OUTAGE_PAUSE`` and
    ``OUTAGE_WARNING_INTERVAL`` (seconds).
    """

    def __init__(self, server, params):
        params = {
            **params,
            "OPTIONS": {**DEFAULT_POOL_OPTIONS, **params.get("OPTIONS", {})},
        }
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        self._server_name = server_name(server)
        self._outage_pause = float(params.get("OUTAGE_PAUSE", 5))
        self._warning_interval = float(params.get("OUTAGE_WARNING_INTERVAL", 60))

    def _tolerant(self, call, on_outage, *args, **kwargs):
        if _outages.is_paused(self._server_name):
            return on_outage()
        try:
            result = call(*args, **kwargs)
        except OUTAGE_ERRORS as exc:
            _outages.failed(
                self._server_name, self._outage_pause, self._warning_interval, exc
            )
            return on_outage()
        _outages.answered(self._server_name)
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._tolerant(
            super().add, lambda: True, key, value, timeout=timeout, version=version
        )

    def get(self, key, default=None, version=None):
        return self._tolerant(
            super().get, lambda: default, key, default=default, version=version
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._tolerant(
            super().set, lambda: None, key, value, timeout=timeout, version=version
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._tolerant(
            super().touch, lambda: False, key, timeout=timeout, version=version
        )

    def delete(self, key, version=None):
        return self._tolerant(super().delete, lambda: False, key, version=version)

    def get_many(self, keys, version=None):
        return self._tolerant(super().get_many, dict, keys, version=version)

    def has_key(self, key, version=None):
        return self._tolerant(super().has_key, lambda: False, key, version=version)

    def incr(self, key, delta=1, version=None):
        def missing():
            raise ValueError(f"Key '{key}' not found (the cache is unavailable)")

        return self._tolerant(super().incr, missing, key, delta=delta, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._tolerant(
            super().set_many, lambda: list(data), data, timeout=timeout, version=version
        )

    def delete_many(self, keys, version=None):
        return self._tolerant(super().delete_many, lambda: None, keys, version=version)

    def clear(self):
        return self._tolerant(super().clear, lambda: False)
