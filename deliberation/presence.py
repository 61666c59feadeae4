"""Who is watching a live room now ("N personas conectadas"), across ASGI processes.

Rooms are named by their group (``rooms.group_name``). With ``REDIS_URL`` each room is a
Redis sorted set of socket channel names scored by when their lease ends, so every
process counts the same people and a crashed process's sockets fall out when their
lease runs out. Without Redis (one process, in-memory channel layer) a dictionary in the
process does the same. Clients renew their lease with a ping.

Changes are announced to the room at most once per ``BROADCAST_DELAY`` per process: when
a thousand people arrive together, the room hears a handful of counts, not a thousand.
"""

import asyncio
import time
import weakref
from typing import Any

from django.conf import settings

LEASE_SECONDS = 90
BROADCAST_DELAY = 1.0


def _key(room: str) -> str:
    return f"cabildo:presence:{room}"


class MemoryPresence:
    def __init__(self) -> None:
        self._rooms: dict[str, dict[str, float]] = {}

    async def join(self, room: str, channel_name: str) -> int:
        self._rooms.setdefault(room, {})[channel_name] = time.time() + LEASE_SECONDS
        return await self.count(room)

    touch = join

    async def leave(self, room: str, channel_name: str) -> int:
        self._rooms.get(room, {}).pop(channel_name, None)
        return await self.count(room)

    async def count(self, room: str) -> int:
        leases = self._rooms.get(room, {})
        now = time.time()
        for name in [name for name, until in leases.items() if until < now]:
            del leases[name]
        return len(leases)


class RedisPresence:
    def __init__(self, url: str) -> None:
        self.url = url
        # redis.asyncio clients belong to the event loop that created them.
        self._clients: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()

    def _client(self) -> Any:
        import redis.asyncio as redis

        loop = asyncio.get_running_loop()
        client = self._clients.get(loop)
        if client is None:
            client = redis.Redis.from_url(
                self.url, socket_connect_timeout=2, socket_timeout=2, health_check_interval=30
            )
            self._clients[loop] = client
        return client

    async def join(self, room: str, channel_name: str) -> int:
        now = time.time()
        key = _key(room)
        async with self._client().pipeline(transaction=True) as pipe:
            pipe.zadd(key, {channel_name: now + LEASE_SECONDS})
            pipe.zremrangebyscore(key, "-inf", now)
            pipe.zcard(key)
            pipe.expire(key, LEASE_SECONDS * 2)
            result = await pipe.execute()
        return int(result[2])

    touch = join

    async def leave(self, room: str, channel_name: str) -> int:
        now = time.time()
        key = _key(room)
        async with self._client().pipeline(transaction=True) as pipe:
            pipe.zrem(key, channel_name)
            pipe.zremrangebyscore(key, "-inf", now)
            pipe.zcard(key)
            result = await pipe.execute()
        return int(result[2])

    async def count(self, room: str) -> int:
        now = time.time()
        key = _key(room)
        async with self._client().pipeline(transaction=True) as pipe:
            pipe.zremrangebyscore(key, "-inf", now)
            pipe.zcard(key)
            result = await pipe.execute()
        return int(result[1])


_backend: MemoryPresence | RedisPresence | None = None
_backend_url: str | None = None


def backend() -> MemoryPresence | RedisPresence:
    global _backend, _backend_url
    url = settings.REDIS_URL or ""
    if _backend is None or url != _backend_url:
        _backend = RedisPresence(url) if url else MemoryPresence()
        _backend_url = url
    return _backend


# Rooms with a presence broadcast already scheduled, per event loop.
_pending: weakref.WeakKeyDictionary[Any, set[str]] = weakref.WeakKeyDictionary()


def schedule_broadcast(room: str, channel_layer: Any) -> None:
    """Announce the room's count to its group in ``BROADCAST_DELAY`` seconds, unless
    already due (``room`` is the group name)."""
    loop = asyncio.get_running_loop()
    pending = _pending.setdefault(loop, set())
    if room in pending:
        return
    pending.add(room)

    async def announce() -> None:
        await asyncio.sleep(BROADCAST_DELAY)
        pending.discard(room)
        try:
            count = await backend().count(room)
            await channel_layer.group_send(room, {"type": "room.presence", "count": count})
        except Exception:  # noqa: S110  (Redis down: the count waits for the next change)
            pass

    task = loop.create_task(announce())
    # Keep a reference until done (the loop only holds weak ones).
    _tasks.add(task)
    task.add_done_callback(_tasks.discard)


_tasks: set[asyncio.Task] = set()
