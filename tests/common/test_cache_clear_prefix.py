"""ResilientRedisCache.clear() removes only its own keys (its KEY_PREFIX): the Redis
database may be shared with the channel layer, another deployment or, in a parallel test
run, another test process, whose keys a FLUSHDB would wipe mid-flight."""

import os

import pytest

from common.cache_backend import ResilientRedisCache

REDIS_URL = os.environ.get("REDIS_URL", "")
pytestmark = pytest.mark.skipif(not REDIS_URL, reason="needs the shared Redis (REDIS_URL)")


def cache_with(prefix: str) -> ResilientRedisCache:
    return ResilientRedisCache(REDIS_URL, {"KEY_PREFIX": prefix})


def test_clear_leaves_the_keys_of_other_prefixes():
    mine, theirs = cache_with("r1-clear-mine"), cache_with("r1-clear-theirs")
    try:
        mine.set("k", 1)
        mine.set("k", 2, version=2)
        theirs.set("k", "suyo")
        assert mine.clear() is True
        assert mine.get("k") is None
        assert mine.get("k", version=2) is None
        assert theirs.get("k") == "suyo"
    finally:
        theirs.delete("k")
