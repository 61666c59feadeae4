"""common.cache.cached_aggregate while the cache is unavailable: figures are kept in the
process with the same freshness (capped), instead of recomputed on every request."""

from datetime import timedelta

import pytest
from django.utils import timezone

from common import cache as common_cache
from common.cache import LOCAL_SECONDS, cached_aggregate

UNREACHABLE = "redis://127.0.0.1:6399/0"


@pytest.fixture(autouse=True)
def cache_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "common.cache_backend.ResilientRedisCache",
            "LOCATION": UNREACHABLE,
            "OPTIONS": {"RETRY_AFTER": 30},
        }
    }
    common_cache._local.clear()
    yield
    common_cache._local.clear()


def counter():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    return compute, calls


def test_figures_are_computed_once_per_process_while_the_cache_is_down():
    compute, calls = counter()
    assert cached_aggregate("k", 300, compute).value == 1
    entry = cached_aggregate("k", 300, compute)
    assert entry.value == 1
    assert len(calls) == 1
    # Nothing tells the process's copy about changes: it stays fresh a minute at most.
    assert entry.fresh_until - entry.computed_at == timedelta(seconds=LOCAL_SECONDS)


def test_a_stale_local_copy_is_recomputed():
    compute, _calls = counter()
    cached_aggregate("k", 300, compute)
    common_cache._local["k"].fresh_until = timezone.now() - timedelta(seconds=1)
    assert cached_aggregate("k", 300, compute).value == 2


def test_the_process_keeps_a_bounded_number_of_entries(monkeypatch):
    monkeypatch.setattr(common_cache, "LOCAL_ENTRIES", 3)
    compute, _calls = counter()
    for key in "abcd":
        cached_aggregate(key, 300, compute)
    assert list(common_cache._local) == ["b", "c", "d"]
