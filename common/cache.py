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

While the cache is unavailable (Redis down: ``common.cache_backend``), entries are kept in
the process instead, with the same freshness, so an outage does not turn every results
page into the heavy queries.

Pages show when their figures were computed.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.utils import timezone

from common.cache_backend import CacheUnavailable, cache_errors_raised

# How long a stale copy may still be served while one request refreshes it.
KEEP_SECONDS = 24 * 60 * 60
LOCK_SECONDS = 60


@dataclass
class Entry:
    value: Any
    computed_at: datetime
    fresh_until: datetime


# Entries kept per process while the cache is unavailable (oldest dropped first), fresh
# for at most LOCAL_SECONDS: nothing tells this copy that an editor changed the figures.
LOCAL_ENTRIES = 256
LOCAL_SECONDS = 60
_local: OrderedDict[str, Entry] = OrderedDict()
_local_lock = threading.Lock()


def cached_aggregate(key: str, fresh_seconds: int, compute: Callable[[], Any]) -> Entry:
    """The cached entry for ``key``, recomputed with ``compute()`` as described above."""
    try:
        with cache_errors_raised():
            return _shared_aggregate(key, fresh_seconds, compute)
    except CacheUnavailable:
        return _local_aggregate(key, fresh_seconds, compute)


def _compute(fresh_seconds: int, compute: Callable[[], Any]) -> Entry:
    now = timezone.now()
    value = compute()
    return Entry(value=value, computed_at=now, fresh_until=now + timedelta(seconds=fresh_seconds))


def _local_aggregate(key: str, fresh_seconds: int, compute: Callable[[], Any]) -> Entry:
    with _local_lock:
        entry = _local.get(key)
    if entry is not None and timezone.now() < entry.fresh_until:
        return entry
    entry = _compute(min(fresh_seconds, LOCAL_SECONDS), compute)
    with _local_lock:
        _local[key] = entry
        _local.move_to_end(key)
        while len(_local) > LOCAL_ENTRIES:
            _local.popitem(last=False)
    return entry


def _shared_aggregate(key: str, fresh_seconds: int, compute: Callable[[], Any]) -> Entry:
    entry = cache.get(key)
    now = timezone.now()
    if entry is not None:
        if now < entry.fresh_until:
            return entry
        if not cache.add(f"{key}.refreshing", 1, LOCK_SECONDS):
            return entry
    try:
        entry = _compute(fresh_seconds, compute)
        # If the cache went away meanwhile, the figures are served uncached this once and
        # the lock expires by itself.
        with suppress(CacheUnavailable):
            cache.set(key, entry, KEEP_SECONDS)
    finally:
        with suppress(CacheUnavailable):
            cache.delete(f"{key}.refreshing")
    return entry
