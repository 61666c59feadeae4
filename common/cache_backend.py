"""Django's Redis cache, served from the process's memory while Redis is unreachable.

A cache is an optimisation: when Redis is down, hung or restarting, pages must still
answer from the database, and what the cache does for them must go on in each process.
``ResilientRedisCache`` (``settings.CACHES``) catches Redis' connection and timeout errors
in every operation and performs it on a local-memory cache of its own instead (Django's
``LocMemCache``, with the same timeouts). So, while Redis is down:

- cached figures (``common.cache.cached_aggregate``, list counts) are computed once per
  process instead of once for all, and stay as fresh as their own timeouts say (a count
  forgotten in one process, after a proposal is hidden, lives on in the others for its
  minute);
- rate limits, ours (``deliberation.ratelimits``) and allauth's (sign-in, sign-up), count
  in each process: looser by the number of processes, but a flood is still stopped;
- nothing fails.

A failed call opens a circuit for ``RETRY_AFTER`` seconds (OPTIONS; default 2): calls in
that time go to memory at once, so a hung Redis costs one timeout per process and period,
not one per call. Connect and read timeouts default to ``TIMEOUT_MS`` milliseconds. The
first failure, and at most one per ``LOG_INTERVAL`` seconds after it, is logged as a
warning; recovery is logged too, and empties the local memory (the next outage starts
clean). What was written to memory during the outage is not copied to Redis: entries
Redis kept from before may be as old as their timeout (counts, figures; never content).
"""

import logging
import threading
import time
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

REDIS_ERRORS = (RedisConnectionError, RedisTimeoutError)
# Seconds between two warnings about the same outage, per process.
LOG_INTERVAL = 60.0
# How many entries each process keeps in memory during an outage (the oldest culled).
LOCAL_ENTRIES = 10_000

T = TypeVar("T")


class ResilientRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS") or {})
        self.retry_after = float(options.pop("RETRY_AFTER", 2.0))
        timeout = float(options.pop("TIMEOUT_MS", 500)) / 1000
        options.setdefault("socket_connect_timeout", timeout)
        options.setdefault("socket_timeout", timeout)
        super().__init__(server, {**params, "OPTIONS": options})
        self.local = LocMemCache(
            f"cabildo-fallback-{id(self)}", {"OPTIONS": {"MAX_ENTRIES": LOCAL_ENTRIES}}
        )
        self._down_until = 0.0
        self._logged_at = float("-inf")
        self._failing = False
        self._lock = threading.Lock()

    def shared(self) -> bool:
        """Whether calls reach Redis now, rather than this process's memory: what one
        process writes is then seen by the others (``common.pagecache`` relies on it)."""
        return not self._failing and self._down_until <= time.monotonic()

    # --- The guard ------------------------------------------------------------------------

    def _call(self, operation: Callable[[], T], fallback: Callable[[], T]) -> T:
        if self._down_until > time.monotonic():
            return self._unavailable(fallback, None)
        try:
            result = operation()
        except REDIS_ERRORS as error:
            self._down_until = time.monotonic() + self.retry_after
            return self._unavailable(fallback, error)
        if self._failing:
            with self._lock:
                if self._failing:
                    self._failing = False
                    self.local.clear()
                    logger.warning("Cache at %s reachable again", self._servers[0])
        return result

    def _unavailable(self, fallback: Callable[[], T], error: Exception | None) -> T:
        if error is not None:
            with self._lock:
                now = time.monotonic()
                if not self._failing or now - self._logged_at >= LOG_INTERVAL:
                    self._failing = True
                    self._logged_at = now
                    logger.warning(
                        "Cache at %s unavailable (%s): served from this process's memory, "
                        "retried every %g s",
                        self._servers[0],
                        error,
                        self.retry_after,
                    )
        return fallback()

    # --- Django's cache API ---------------------------------------------------------------

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> bool:
        local = partial(self.local.add, key, value, timeout, version)
        return self._call(partial(RedisCache.add, self, key, value, timeout, version), local)

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        local = partial(self.local.get, key, default, version)
        return self._call(partial(RedisCache.get, self, key, default, version), local)

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> None:
        local = partial(self.local.set, key, value, timeout, version)
        self._call(partial(RedisCache.set, self, key, value, timeout, version), local)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> bool:
        local = partial(self.local.touch, key, timeout, version)
        return self._call(partial(RedisCache.touch, self, key, timeout, version), local)

    def delete(self, key: Any, version: Any = None) -> bool:
        local = partial(self.local.delete, key, version)
        return self._call(partial(RedisCache.delete, self, key, version), local)

    def get_many(self, keys: Any, version: Any = None) -> dict[Any, Any]:
        local = partial(self.local.get_many, keys, version)
        return self._call(partial(RedisCache.get_many, self, keys, version), local)

    def has_key(self, key: Any, version: Any = None) -> bool:
        local = partial(self.local.has_key, key, version)
        return self._call(partial(RedisCache.has_key, self, key, version), local)

    def incr(self, key: Any, delta: int = 1, version: Any = None) -> int:
        local = partial(self.local.incr, key, delta, version)
        return self._call(partial(RedisCache.incr, self, key, delta, version), local)

    def set_many(
        self, data: dict[Any, Any], timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> list[Any]:
        local = partial(self.local.set_many, data, timeout, version)
        return self._call(partial(RedisCache.set_many, self, data, timeout, version), local)

    def delete_many(self, keys: Any, version: Any = None) -> None:
        self._call(
            partial(RedisCache.delete_many, self, keys, version),
            partial(self.local.delete_many, keys, version),
        )

    def clear(self) -> bool:
        """Remove this cache's keys: those under its ``KEY_PREFIX`` (every version). The
        database may hold others' (the channel layer's, another deployment's, another
        test process's), which a FLUSHDB would wipe; without a prefix, FLUSHDB."""
        self.local.clear()
        if not self.key_prefix:
            return self._call(partial(RedisCache.clear, self), lambda: False)
        return self._call(self._clear_own_keys, lambda: False)

    def _clear_own_keys(self) -> bool:
        client = self._cache.get_client(None, write=True)
        batch: list[Any] = []
        for key in client.scan_iter(match=f"{self.key_prefix}:*", count=1000):
            batch.append(key)
            if len(batch) == 1000:
                client.delete(*batch)
                batch = []
        if batch:
            client.delete(*batch)
        return True
