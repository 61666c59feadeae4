"""config.asgi.application with the bench owner registered (for bench/fanout.py's servers).

Database connections are reused, as a production deployment configures them: psycopg's
pool when the environment asks for it (``DATABASE_POOL=true``, as ``make serve`` starts
its ASGI processes), else persistent connections (``CONN_MAX_AGE``, 300 s unless
``DATABASE_CONN_MAX_AGE`` says otherwise). Django's default reconnects for every request
and every socket's authorisation.

A switch measures what a change would bring (fanout.py sets it):
``BENCH_CHANNEL_LAYER=pubsub`` swaps the project's Redis channel layer for channels_redis'
pub/sub one (one PUBLISH per group message, each process fanning out to its own sockets;
at most once, nothing kept while a process is away). The other one this bench measured,
room messages skipping Channels' per-message database clean-up, is now
``deliberation.consumers.RoomConsumer.dispatch``.
"""

import os

from config.asgi import application  # noqa: F401  (sets Django up first)


def _prepare() -> None:
    from django.conf import settings

    from bench.discussion_owner import register

    if os.environ.get("BENCH_CHANNEL_LAYER") == "pubsub":
        # Read before the first socket asks for the layer (channels creates it then).
        layer = settings.CHANNEL_LAYERS["default"]
        layer["BACKEND"] = "channels_redis.pubsub.RedisPubSubChannelLayer"
    database = settings.DATABASES["default"]
    # The pool and persistent connections exclude each other.
    if "pool" not in database.get("OPTIONS", {}) and not database["CONN_MAX_AGE"]:
        database["CONN_MAX_AGE"] = 300
    register()


_prepare()
