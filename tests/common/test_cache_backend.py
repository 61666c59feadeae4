"""common.cache_backend.ResilientRedisCache: an unreachable or hung Redis reads as an
empty cache, costs milliseconds, is logged once, and is used again once it is back."""

import logging
import time

import pytest

from bench.redis_server import RedisServer
from common.cache_backend import CacheUnavailable, ResilientRedisCache, cache_errors_raised
from tests.outage.servers import HungServer

UNREACHABLE = "redis://127.0.0.1:6399/0"


def resilient(url: str, **options) -> ResilientRedisCache:
    return ResilientRedisCache(url, {"KEY_PREFIX": "cache-backend-test", "OPTIONS": options})


@pytest.fixture
def down():
    return resilient(UNREACHABLE)


def test_an_unreachable_redis_reads_as_misses(down):
    assert down.get("k") is None
    assert down.get("k", "por defecto") == "por defecto"
    assert down.get_many(["a", "b"]) == {}
    assert down.has_key("k") is False
    # add() succeeds as if stored and evicted: allauth's lock would wait, then refuse.
    assert down.add("k", 1) is True
    down.set("k", 1)
    assert down.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert down.delete("k") is False
    down.delete_many(["a", "b"])
    assert down.touch("k") is False
    assert down.clear() is False
    assert down.get_or_set("k", 7) == 7
    with pytest.raises(ValueError, match="not found"):
        down.incr("k")
    with pytest.raises(ValueError, match="not found"):
        down.decr("k")


def test_an_outage_is_logged_once_not_per_call(down, caplog):
    with caplog.at_level(logging.WARNING, logger="common.cache_backend"):
        for _ in range(20):
            down.get("k")
    assert len(caplog.records) == 1
    assert "unavailable" in caplog.records[0].getMessage()


def test_inside_cache_errors_raised_an_outage_raises(down):
    with cache_errors_raised(), pytest.raises(CacheUnavailable):
        down.get("k")
    # ... and while the circuit is open, at once.
    with cache_errors_raised(), pytest.raises(CacheUnavailable):
        down.add("k", 1)
    assert down.get("k") is None  # outside: a miss again


def test_a_hung_redis_costs_one_timeout_then_nothing(tmp_path):
    hung = HungServer()
    try:
        cache = resilient(hung.url, TIMEOUT_MS=300, RETRY_AFTER=30)
        started = time.monotonic()
        assert cache.get("k") is None
        first = time.monotonic() - started
        started = time.monotonic()
        for _ in range(50):
            assert cache.get("k") is None
        rest = time.monotonic() - started
    finally:
        hung.close()
    assert 0.2 < first < 2
    assert rest < 0.1  # the circuit is open: Redis is not asked again


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    if server.binary is None:
        pytest.skip("redis-server is not installed")
    server.start()
    yield server
    server.stop()


def test_the_cache_works_again_after_a_restart(redis_server, caplog):
    cache = resilient(redis_server.url, RETRY_AFTER=0.1)
    cache.set("k", "uno")
    assert cache.get("k") == "uno"
    assert cache.add("n", 1) is True
    assert cache.incr("n") == 2
    redis_server.stop()
    assert cache.get("k") is None
    redis_server.start()
    time.sleep(0.2)
    cache.set("k", "dos")
    assert cache.get("k") == "dos"
    assert "reachable again" in caplog.text
