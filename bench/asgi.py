"""config.asgi.application with the bench owner registered (for bench/fanout.py's servers).

Database connections are reused, as a production deployment configures them: psycopg's
pool when the environment asks for it (``DATABASE_POOL=true``, as ``make serve`` starts
its ASGI processes), else persistent connections (``CONN_MAX_AGE``, 300 s unless
``DATABASE_CONN_MAX_AGE`` says otherwise). Django's default reconnects for every request
and every socket's authorisation.

Two switches measure what a change would bring (fanout.py sets them):

- ``BENCH_CHANNEL_LAYER=pubsub`` swaps the project's Redis channel layer for channels_redis'
  pub/sub one (one PUBLISH per group message, each process fanning out to its own sockets;
  at most once, nothing kept while a process is away).
- ``BENCH_DIRECT_DISPATCH=1`` lets the live rooms' group messages (``room.event``,
  ``room.presence``: they only send) skip the database clean-up that Channels' consumer
  runs before every handler (``aclose_old_connections``: one hop through the process's
  single thread-sensitive executor per socket and message, queued with the synchronous
  views).
"""

import os
from typing import Any

from config.asgi import application  # noqa: F401  (sets Django up first)


def _prepare() -> None:
    from django.conf import settings

    from bench.discussion_owner import register

    if os.environ.get("BENCH_CHANNEL_LAYER") == "pubsub":
        # Read before the first socket asks for the layer (channels creates it then).
        layer = settings.CHANNEL_LAYERS["default"]
        layer["BACKEND"] = "channels_redis.pubsub.RedisPubSubChannelLayer"
    if os.environ.get("BENCH_DIRECT_DISPATCH") == "1":
        _dispatch_room_messages_directly()
    database = settings.DATABASES["default"]
    # The pool and persistent connections exclude each other.
    if "pool" not in database.get("OPTIONS", {}) and not database["CONN_MAX_AGE"]:
        database["CONN_MAX_AGE"] = 300
    register()


def _dispatch_room_messages_directly() -> None:
    from channels.consumer import get_handler_name

    from deliberation.consumers import RoomConsumer

    channels_dispatch = RoomConsumer.dispatch

    async def dispatch(self: RoomConsumer, message: dict[str, Any]) -> None:
        if message["type"] in ("room.event", "room.presence"):
            await getattr(self, get_handler_name(message))(message)
        else:
            await channels_dispatch(self, message)

    RoomConsumer.dispatch = dispatch


_prepare()
