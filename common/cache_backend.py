"""Django's Redis cache, with an unreachable Redis read as an empty cache.

A cache is an optimisation: when Redis is down, hung or restarting, pages must still
answer from the database. ``ResilientRedisCache`` (``settings.CACHES``) catches Redis'
connection and timeout errors in every operation and answers as if the key were missing:

- ``get`` / ``get_many`` / ``has_key``: the default, nothing, False;
- ``add``: True (as if stored and evicted at once; allauth's rate-limit lock waits a
  second on False, then refuses);
- ``set`` / ``set_many`` / ``delete`` / ``delete_many`` / ``touch`` / ``clear``: nothing
  happens (``set_many`` returns every key as not stored, as Django's contract says);
- ``incr`` / ``decr``: ValueError, Django's "key not found".

A failed call opens a circuit for ``RETRY_AFTER`` seconds (OPTIONS; default 2): calls in
that time skip Redis at once, so a hung Redis costs one timeout per process and period,
not one per call. Connect and read timeouts default to ``TIMEOUT_MS`` milliseconds. The
first failure, and at most one per ``LOG_INTERVAL`` seconds after it, is logged as a
warning; recovery is logged too.

Code that must know the difference between a miss and an outage (the rate limiter, which
then counts per process) wraps its calls in ``cache_errors_raised()``: inside it, an
outage raises ``CacheUnavailable`` instead.
"""

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

REDIS_ERRORS = (RedisConnectionError, RedisTimeoutError)
# Seconds between two warnings about the same outage, per process.
LOG_INTERVAL = 60.0

T = TypeVar("T")

_raise_errors: ContextVar[bool] = ContextVar("cache_errors_raised", default=False)


class CacheUnavailable(Exception):
    """The cache could not be reached (only raised inside ``cache_errors_raised()``)."""


@contextmanager
def cache_errors_raised() -> Iterator[None]:
    """Inside: an unreachable cache raises ``CacheUnavailable`` instead of reading as a
    miss. Without ``ResilientRedisCache`` (the in-memory cache) nothing changes."""
    token = _raise_errors.set(True)
    try:
        yield
    finally:
        _raise_errors.reset(token)


class ResilientRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS") or {})
        self.retry_after = float(options.pop("RETRY_AFTER", 2.0))
        timeout = float(options.pop("TIMEOUT_MS", 500)) / 1000
        options.setdefault("socket_connect_timeout", timeout)
        options.setdefault("socket_timeout", timeout)
        super().__init__(server, {**params, "OPTIONS": options})
        self._down_until = 0.0
        self._logged_at = float("-inf")
        self._failing = False
        self._lock = threading.Lock()

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
                        "Cache at %s unavailable (%s): read as misses, retried every %g s",
                        self._servers[0],
                        error,
                        self.retry_after,
                    )
        if _raise_errors.get():
            raise CacheUnavailable(str(error or "circuit open")) from error
        return fallback()

    # --- Django's cache API ---------------------------------------------------------------

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> bool:
        return self._call(partial(RedisCache.add, self, key, value, timeout, version), _true)

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        return self._call(partial(RedisCache.get, self, key, default, version), lambda: default)

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> None:
        self._call(partial(RedisCache.set, self, key, value, timeout, version), _none)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> bool:
        return self._call(partial(RedisCache.touch, self, key, timeout, version), _false)

    def delete(self, key: Any, version: Any = None) -> bool:
        return self._call(partial(RedisCache.delete, self, key, version), _false)

    def get_many(self, keys: Any, version: Any = None) -> dict[Any, Any]:
        return self._call(partial(RedisCache.get_many, self, keys, version), dict)

    def has_key(self, key: Any, version: Any = None) -> bool:
        return self._call(partial(RedisCache.has_key, self, key, version), _false)

    def incr(self, key: Any, delta: int = 1, version: Any = None) -> int:
        def missing() -> int:
            raise ValueError(f"Key {key!r} not found (the cache is unavailable).")

        return self._call(partial(RedisCache.incr, self, key, delta, version), missing)

    def set_many(
        self, data: dict[Any, Any], timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> list[Any]:
        return self._call(
            partial(RedisCache.set_many, self, data, timeout, version), lambda: list(data)
        )

    def delete_many(self, keys: Any, version: Any = None) -> None:
        self._call(partial(RedisCache.delete_many, self, keys, version), _none)

    def clear(self) -> bool:
        return self._call(partial(RedisCache.clear, self), _false)


def _true() -> bool:
    return True


def _false() -> bool:
    return False


def _none() -> None:
    return None
