"""common.cache.cached_aggregate: fresh copies are served, one request refreshes a stale
copy while the others keep serving it."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from common.cache import cached_aggregate


def counter():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    return compute, calls


def test_a_missing_value_is_computed_then_served_from_the_cache():
    compute, calls = counter()
    assert cached_aggregate("k", 60, compute).value == 1
    entry = cached_aggregate("k", 60, compute)
    assert entry.value == 1
    assert len(calls) == 1
    assert entry.fresh_until - entry.computed_at == timedelta(seconds=60)


def test_a_stale_value_is_refreshed_by_the_request_that_takes_the_lock():
    compute, _calls = counter()
    cached_aggregate("k", 60, compute)
    entry = cache.get("k")
    entry.fresh_until = timezone.now() - timedelta(seconds=1)
    cache.set("k", entry)
    assert cached_aggregate("k", 60, compute).value == 2
    assert cache.get("k.refreshing") is None  # the lock is released


def test_others_keep_the_stale_copy_while_someone_refreshes():
    compute, calls = counter()
    cached_aggregate("k", 60, compute)
    entry = cache.get("k")
    entry.fresh_until = timezone.now() - timedelta(seconds=1)
    cache.set("k", entry)
    cache.add("k.refreshing", 1, 60)  # another request is recomputing
    assert cached_aggregate("k", 60, compute).value == 1
    assert len(calls) == 1


def test_a_failed_refresh_releases_the_lock():
    def broken():
        raise RuntimeError("base de datos caída")

    with pytest.raises(RuntimeError):
        cached_aggregate("k", 60, broken)
    assert cache.get("k.refreshing") is None
    assert cache.get("k") is None
