"""common.cache_backend.ResilientRedisCache: with Redis unreachable or hung, each process
goes on with a memory of its own; an outage costs milliseconds, is logged once, and Redis
is used again once it is back."""

import logging
import time

import pytest

from common.cache_backend import ResilientRedisCache
from tests.outage.servers import HungServer

UNREACHABLE = "redis://127.0.0.1:6399/0"


def resilient(url: str, **options) -> ResilientRedisCache:
    return ResilientRedisCache(url, {"KEY_PREFIX": "cache-backend-test", "OPTIONS": options})


@pytest.fixture
def down():
    return resilient(UNREACHABLE)


def test_an_unreachable_redis_is_replaced_by_the_process_memory(down):
    assert down.get("k") is None
    assert down.get("k", "por defecto") == "por defecto"
    down.set("k", 1)
    assert down.get("k") == 1
    assert down.add("k", 2) is False  # a real add: rate-limit counters and locks work
    assert down.add("n", 1) is True
    assert down.incr("n") == 2
    assert down.decr("n") == 1
    assert down.set_many({"a": 1, "b": 2}) == []
    assert down.get_many(["a", "b", "c"]) == {"a": 1, "b": 2}
    assert down.has_key("a") is True
    assert down.delete("a") is True
    down.delete_many(["b"])
    assert down.get_many(["a", "b"]) == {}
    assert down.touch("k") is True
    assert down.get_or_set("z", 7) == 7
    with pytest.raises(ValueError, match="not found"):
        down.incr("missing")
    down.clear()
    assert down.get("k") is None


def test_each_process_has_its_own_memory(down):
    other = resilient(UNREACHABLE)
    down.set("k", "aquí")
    assert other.get("k") is None


def test_an_outage_is_logged_once_not_per_call(down, caplog):
    with caplog.at_level(logging.WARNING, logger="common.cache_backend"):
        for _ in range(20):
            down.get("k")
    assert len(caplog.records) == 1
    assert "unavailable" in caplog.records[0].getMessage()


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


def test_the_cache_works_again_after_a_restart(redis_server, caplog):
    cache = resilient(redis_server.url, RETRY_AFTER=0.1)
    cache.set("k", "uno")
    assert cache.get("k") == "uno"
    assert cache.add("n", 1) is True
    assert cache.incr("n") == 2
    redis_server.stop()
    assert cache.get("k") is None  # not in this process's memory
    cache.set("k", "en memoria")
    assert cache.get("k") == "en memoria"
    redis_server.start()
    time.sleep(0.2)
    assert cache.get("k") is None  # Redis again, empty after the restart
    cache.set("k", "dos")
    assert cache.get("k") == "dos"
    assert "reachable again" in caplog.text
    assert cache.local.get("k") is None  # the memory was emptied on recovery
