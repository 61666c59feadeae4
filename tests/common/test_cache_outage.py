"""common.cache.cached_aggregate while Redis is unavailable: figures are kept in the
process's memory with the same freshness, instead of recomputed on every request."""

from datetime import timedelta

import pytest
from django.utils import timezone

from common.cache import cached_aggregate
from tests.common.test_cache import counter

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


def test_figures_are_computed_once_per_process_while_the_cache_is_down():
    compute, calls = counter()
    assert cached_aggregate("k", 300, compute).value == 1
    entry = cached_aggregate("k", 300, compute)
    assert entry.value == 1
    assert len(calls) == 1
    assert entry.fresh_until - entry.computed_at == timedelta(seconds=300)


def test_a_stale_copy_is_recomputed(monkeypatch):
    compute, _calls = counter()
    cached_aggregate("k", 300, compute)
    later = timezone.now() + timedelta(seconds=301)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert cached_aggregate("k", 300, compute).value == 2
