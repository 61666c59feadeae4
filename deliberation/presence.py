"""Who is watching a discussion now ("N personas conectadas"), across ASGI processes.

With ``REDIS_URL`` each discussion is a Redis sorted set of socket channel names scored
by when their lease ends, so every process counts the same people and a crashed process's
sockets fall out when their lease runs out. Without Redis (one process, in-memory channel
layer) a dictionary in the process does the same. Clients renew their lease with a ping.

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


def _key(discussion_id: int) -> str:
    return f"cabildo:presence:discussion:{discussion_id}"


class MemoryPresence:
    def __init__(self) -> None:
        self._rooms: dict[int, dict[str, float]] = {}

    async def join(self, discussion_id: int, channel_name: str) -> int:
        room = self._rooms.setdefault(discussion_id, {})
        room[channel_name] = time.time() + LEASE_SECONDS
        return await self.count(discussion_id)

    touch = join

    async def leave(self, discussion_id: int, channel_name: str) -> int:
        self._rooms.get(discussion_id, {}).pop(channel_name, None)
        return await self.count(discussion_id)

    async def count(self, discussion_id: int) -> int:
        room = self._rooms.get(discussion_id, {})
        now = time.time()
        for name in [name for name, until in room.items() if until < now]:
            del room[name]
        return len(room)


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

    async def join(self, discussion_id: int, channel_name: str) -> int:
        now = time.time()
        key = _key(discussion_id)
        async with self._client().pipeline(transaction=True) as pipe:
            pipe.zadd(key, {channel_name: now + LEASE_SECONDS})
            pipe.zremrangebyscore(key, "-inf", now)
            pipe.zcard(key)
            pipe.expire(key, LEASE_SECONDS * 2)
            result = await pipe.execute()
        return int(result[2])

    touch = join

    async def leave(self, discussion_id: int, channel_name: str) -> int:
        now = time.time()
        key = _key(discussion_id)
        async with self._client().pipeline(transaction=True) as pipe:
            pipe.zrem(key, channel_name)
            pipe.zremrangebyscore(key, "-inf", now)
            pipe.zcard(key)
            result = await pipe.execute()
        return int(result[2])

    async def count(self, discussion_id: int) -> int:
        now = time.time()
        key = _key(discussion_id)
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


# Discussions with a presence broadcast already scheduled, per event loop.
_pending: weakref.WeakKeyDictionary[Any, set[int]] = weakref.WeakKeyDictionary()


def schedule_broadcast(discussion_id: int, channel_layer: Any) -> None:
    """Announce the room's count in ``BROADCAST_DELAY`` seconds, unless already due."""
    from deliberation.events import group_name

    loop = asyncio.get_running_loop()
    pending = _pending.setdefault(loop, set())
    if discussion_id in pending:
        return
    pending.add(discussion_id)

    async def announce() -> None:
        await asyncio.sleep(BROADCAST_DELAY)
        pending.discard(discussion_id)
        try:
            count = await backend().count(discussion_id)
            await channel_layer.group_send(
                group_name(discussion_id), {"type": "discussion.presence", "count": count}
            )
        except Exception:  # noqa: S110  (Redis down: the count waits for the next change)
            pass

    task = loop.create_task(announce())
    # Keep a reference until done (the loop only holds weak ones).
    _tasks.add(task)
    task.add_done_callback(_tasks.discard)


_tasks: set[asyncio.Task] = set()
