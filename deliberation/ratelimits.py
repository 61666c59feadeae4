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

When Redis is down the cache backend counts in each process's memory
(``common.cache_backend``, logged there): each process lets the person through as often as
the limit says, so the limits are looser by the number of processes, but a flood is still
stopped and nobody gets an error.
"""

import time
from contextlib import suppress
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from common.numbers import parse_int

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


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


def _hit(key: str, seconds: int) -> int:
    """Add one to ``key`` (alive ``seconds``) and return the new value."""
    for _attempt in range(3):
        # add() creates the counter with its expiry; incr() is atomic (Redis, or the
        # process's memory during an outage).
        if cache.add(key, 1, timeout=seconds + 1):
            return 1
        try:
            return cache.incr(key)
        except ValueError:  # expired between add() and incr(): add it again
            continue
    return 1  # a counter that keeps expiring counts as a first attempt


def _give_back(key: str) -> None:
    with suppress(ValueError):  # expired meanwhile: nothing to give back
        cache.decr(key)


def consume(user_id: int, action: str) -> int | None:
    """Count one ``action`` by the person; return None if allowed, else seconds to wait.

    A refused attempt is not counted (see the module docstring).
    """
    if not settings.CABILDO_RATE_LIMITS_ENABLED:
        return None
    now = int(time.time())
    counted: list[str] = []
    wait = 0
    for window in limits_for(action):
        start = now - now % window.seconds
        key = f"deliberation:rl:{action}:{user_id}:{window.seconds}:{start}"
        counted.append(key)
        if _hit(key, window.seconds) > window.count:
            wait = max(wait, start + window.seconds - now)
    if not wait:
        return None
    for key in counted:
        _give_back(key)
    return wait
