"""deliberation.ratelimits with the cache unavailable: limits are counted in the process
(logged) instead of failing or letting everything through."""

import logging

import pytest

from deliberation import ratelimits
from deliberation.ratelimits import consume


@pytest.fixture(autouse=True)
def cache_down(settings, monkeypatch):
    settings.CACHES = {
        "default": {
            "BACKEND": "common.cache_backend.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:6399/0",
        }
    }
    settings.CABILDO_RATE_LIMITS = {"comment": "2/m", "vote": "1/m"}
    ratelimits._local.clear()
    monkeypatch.setattr(ratelimits, "_warned_at", float("-inf"))
    yield
    ratelimits._local.clear()


def test_limits_hold_in_the_process_while_the_cache_is_down(caplog):
    with caplog.at_level(logging.WARNING, logger="deliberation.ratelimits"):
        assert consume(1, "comment") is None
        assert consume(1, "comment") is None
        assert 0 < consume(1, "comment") <= 60
        assert consume(2, "comment") is None
        assert consume(1, "vote") is None
    warnings = [r for r in caplog.records if r.name == "deliberation.ratelimits"]
    assert len(warnings) == 1  # once per interval, not per attempt
    assert "counted per process" in warnings[0].getMessage()


def test_a_refused_attempt_is_given_back_in_the_process_too(settings):
    settings.CABILDO_RATE_LIMITS = {"comment": "1/m,5/h"}
    assert consume(1, "comment") is None
    for _ in range(3):
        assert consume(1, "comment") is not None
    hour = [count for key, (count, _until) in ratelimits._local._counts.items() if ":3600:" in key]
    assert hour == [1]
