"""Per-person limits on posting, editing and voting, counted in the cache (Redis in
production).

``settings.CABILDO_RATE_LIMITS`` maps an action ("comment", "comment_edit", "vote",
"proposal") to comma-separated ``count/period`` windows, e.g. ``"5/m,40/h"``. Fixed
windows: simple, shared by every process through the cache, and precise enough to stop a
flood.

Counting: every window's counter is incremented first (atomically: ``add`` creates it,
``incr`` moves it), and the value it returns is compared with the limit, so two processes
cannot both read "4 of 5" and both pass. A refused attempt gives its increments back: it
costs nothing, so hammering the button does not use up the hour's allowance, and someone
who waits for the window to turn gets through at once.

When the cache is unavailable (Redis down) the limits are counted in this process alone
(logged): each process lets the person through as often as the limit says, so the limits
are looser by the number of processes, but a flood is still stopped and nobody gets an
error.
"""

import logging
import threading
import time
from contextlib import suppress
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from common.cache_backend import CacheUnavailable, cache_errors_raised
from common.numbers import parse_int

logger = logging.getLogger(__name__)

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
# Seconds between two warnings that limits are counted per process.
LOG_INTERVAL = 60.0


@dataclass(frozen=True)
class Window:
    count: int
    seconds: int


def parse(spec: str) -> list[Window]:
    """``"5/m,40/h"`` → windows; raise ImproperlyConfigured on anything else."""
    windows = []
    for part in filter(None, (p.strip() for p in spec.split(","))):
        text, _, period = part.partition("/")
        count = parse_int(text.strip())
        if count is None or count < 1 or period.strip() not in _PERIODS:
            raise ImproperlyConfigured(
                f"Rate limit {spec!r}: each window must look like 5/m (periods s, m, h, d)."
            )
        windows.append(Window(count, _PERIODS[period.strip()]))
    return windows


def limits_for(action: str) -> list[Window]:
    return parse(settings.CABILDO_RATE_LIMITS.get(action, ""))


class _Counters:
    """Where the windows are counted: the shared cache, or this process."""

    def hit(self, key: str, seconds: int) -> int:
        """Add one to ``key`` (alive ``seconds``) and return the new value."""
        raise NotImplementedError

    def give_back(self, key: str) -> None:
        raise NotImplementedError


class _CacheCounters(_Counters):
    def hit(self, key: str, seconds: int) -> int:
        for _attempt in range(3):
            # add() creates the counter with its expiry; incr() is atomic in Redis.
            if cache.add(key, 1, timeout=seconds + 1):
                return 1
            try:
                return cache.incr(key)
            except ValueError:  # expired between add() and incr(): add it again
                continue
        raise CacheUnavailable(f"Counter {key} keeps expiring")

    def give_back(self, key: str) -> None:
        # Expired meanwhile, or the cache went away: nothing to give back.
        with suppress(ValueError, CacheUnavailable):
            cache.decr(key)


class _ProcessCounters(_Counters):
    """The fallback while the cache is unavailable: a dictionary under a lock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[str, tuple[int, float]] = {}

    def hit(self, key: str, seconds: int) -> int:
        now = time.monotonic()
        with self._lock:
            if len(self._counts) > 10_000:
                self._counts = {k: v for k, v in self._counts.items() if v[1] > now}
            count, until = self._counts.get(key, (0, 0.0))
            if until <= now:
                count, until = 0, now + seconds + 1
            self._counts[key] = (count + 1, until)
            return count + 1

    def give_back(self, key: str) -> None:
        with self._lock:
            if key in self._counts:
                count, until = self._counts[key]
                self._counts[key] = (count - 1, until)

    def clear(self) -> None:
        with self._lock:
            self._counts.clear()


_shared = _CacheCounters()
_local = _ProcessCounters()
_warned_at = float("-inf")


def _count(counters: _Counters, user_id: int, action: str, windows: list[Window]) -> int | None:
    now = int(time.time())
    counted: list[str] = []
    wait = 0
    for window in windows:
        start = now - now % window.seconds
        key = f"deliberation:rl:{action}:{user_id}:{window.seconds}:{start}"
        used = counters.hit(key, window.seconds)
        counted.append(key)
        if used > window.count:
            wait = max(wait, start + window.seconds - now)
    if not wait:
        return None
    for key in counted:
        counters.give_back(key)
    return wait


def consume(user_id: int, action: str) -> int | None:
    """Count one ``action`` by the person; return None if allowed, else seconds to wait.

    A refused attempt is not counted (see the module docstring).
    """
    global _warned_at
    if not settings.CABILDO_RATE_LIMITS_ENABLED:
        return None
    windows = limits_for(action)
    if not windows:
        return None
    try:
        with cache_errors_raised():
            return _count(_shared, user_id, action, windows)
    except CacheUnavailable:
        now = time.monotonic()
        if now - _warned_at >= LOG_INTERVAL:
            _warned_at = now
            logger.warning("Cache unavailable: rate limits are counted per process")
        return _count(_local, user_id, action, windows)
