"""deliberation.ratelimits with Redis unavailable: limits are counted in the process's
memory (common.cache_backend) instead of failing or letting everything through."""

import pytest
from django.core.cache import cache

from deliberation.ratelimits import consume


@pytest.fixture(autouse=True)
def cache_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "common.cache_backend.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:6399/0",
        }
    }
    settings.CABILDO_RATE_LIMITS = {"comment": "2/m", "vote": "1/m"}
    cache.clear()
    yield
    cache.clear()


def test_limits_hold_in_the_process_while_the_cache_is_down():
    assert consume(1, "comment") is None
    assert consume(1, "comment") is None
    assert 0 < consume(1, "comment") <= 60
    assert consume(2, "comment") is None
    assert consume(1, "vote") is None


def test_a_refused_attempt_is_given_back_in_the_process_too(settings):
    settings.CABILDO_RATE_LIMITS = {"comment": "1/m,5/h"}
    assert consume(1, "comment") is None
    for _ in range(3):
        assert consume(1, "comment") is not None
    hour = [key for key in cache.local._cache if ":3600:" in key]
    assert [cache.local.get(key.split(":", 2)[2]) for key in hour] == [1]
