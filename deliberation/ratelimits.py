"""Per-person limits on posting and voting, counted in the cache (Redis in production).

``settings.CABILDO_RATE_LIMITS`` maps an action ("comment", "vote") to comma-separated
``count/period`` windows, e.g. ``"5/m,40/h"``. Fixed windows: simple, shared by every
process through the cache, and precise enough to stop a flood.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Window:
    count: int
    seconds: int


def parse(spec: str) -> list[Window]:
    """``"5/m,40/h"`` → windows; raise ImproperlyConfigured on anything else."""
    windows = []
    for part in filter(None, (p.strip() for p in spec.split(","))):
        count, _, period = part.partition("/")
        if not count.isdigit() or period not in _PERIODS or int(count) < 1:
            raise ImproperlyConfigured(
                f"Rate limit {spec!r}: each window must look like 5/m (periods s, m, h, d)."
            )
        windows.append(Window(int(count), _PERIODS[period]))
    return windows


def limits_for(action: str) -> list[Window]:
    return parse(settings.CABILDO_RATE_LIMITS.get(action, ""))


def consume(user_id: int, action: str) -> int | None:
    """Count one ``action`` by the person; return None if allowed, else seconds to wait.

    A refused attempt is not counted, so someone who waits gets through at once.
    """
    if not settings.CABILDO_RATE_LIMITS_ENABLED:
        return None
    now = int(time.time())
    keys = []
    for window in limits_for(action):
        start = now - now % window.seconds
        key = f"deliberation:rl:{action}:{user_id}:{window.seconds}:{start}"
        used = cache.get(key, 0)
        if used >= window.count:
            return start + window.seconds - now
        keys.append((key, window.seconds))
    for key, seconds in keys:
        # add() creates the counter with its expiry; incr() is atomic in Redis.
        if not cache.add(key, 1, timeout=seconds + 1):
            try:
                cache.incr(key)
            except ValueError:  # expired between add() and incr()
                cache.add(key, 1, timeout=seconds + 1)
    return None
