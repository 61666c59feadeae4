"""Cached aggregates for results pages, refreshed by one request at a time.

The survey tallies and the participation figures are GROUP BY queries over every answer,
support and response of a consultation: a few hundred milliseconds at 100,000 responses
and a million supports (bench/README.md). They are kept in Django's cache (Redis when
``REDIS_URL`` is set, so every process shares them) with the moment they were computed:

- fresh (younger than ``fresh_seconds``): served as they are;
- stale: the first request to notice takes a short lock (``cache.add``) and recomputes;
  meanwhile the others keep serving the stale copy instead of piling the same heavy
  queries on the database;
- missing (first visit, evicted): computed by the request that needs them.

While Redis is down, the cache backend keeps entries in each process for a minute at most
(``common.cache_backend``), so an outage does not turn every results page into the heavy
queries.

Pages show when their figures were computed.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.utils import timezone

# How long a stale copy may still be served while one request refreshes it.
KEEP_SECONDS = 24 * 60 * 60
LOCK_SECONDS = 60


@dataclass
class Entry:
    value: Any
    computed_at: datetime
    fresh_until: datetime


def cached_aggregate(key: str, fresh_seconds: int, compute: Callable[[], Any]) -> Entry:
    """The cached entry for ``key``, recomputed with ``compute()`` as described above."""
    entry = cache.get(key)
    now = timezone.now()
    if entry is not None:
        if now < entry.fresh_until:
            return entry
        if not cache.add(f"{key}.refreshing", 1, LOCK_SECONDS):
            return entry
    try:
        value = compute()
        entry = Entry(
            value=value,
            computed_at=now,
            fresh_until=now + timedelta(seconds=fresh_seconds),
        )
        cache.set(key, entry, KEEP_SECONDS)
    finally:
        cache.delete(f"{key}.refreshing")
    return entry
