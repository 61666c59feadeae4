"""Redis restart under load: nothing posted is lost to the people watching.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cabildo_outage_bench \\
        .venv/bin/python bench/redis_restart.py [--clients 200] [--duration 30] \\
            [--outage-at 8] [--outage 5] [--interval 0.2] [--processes 1]

Starts a redis-server of its own on a spare port (never the shared one) and
``--processes`` daphne servers (``bench.asgi:application``, production settings, Redis
channel layer and cache at that server) on the database of ``DATABASE_URL`` (PostgreSQL;
migrated first). Opens ``--clients`` WebSocket clients on one live discussion, spread
over the servers, and posts a comment every ``--interval`` seconds over HTTP (JSON, as
the page's script does) for ``--duration`` seconds. ``--outage-at`` seconds in, it kills
Redis (SIGKILL: nothing saved, as a crash), waits ``--outage`` seconds and starts it again,
empty, on the same port.

The clients behave like the page's script (static/js/discussion.js): on every
(re)connection they send ``{"type": "resume", "after": <last event id seen>}``; they
apply ``event`` and ``catchup`` messages idempotently; when the socket closes (the
server's ``paused`` frame and close, an abrupt close, a refused handshake) they retry
with exponential backoff (0.25 s doubling to 4 s, with jitter). ``reload`` is counted
(a page would reload).

At the end every client's set of comment ids is compared with the ids the posts
returned. Prints: clients, comments posted (before, during, after the outage), posts
that failed, comments missing per client (must be 0), reconnections, and the catch-up
time: from Redis' restart until a client has every comment posted before it (p50, p95,
max). Not part of the test suite.
"""

import argparse
import asyncio
import contextlib
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.error import HTTPError, URLError

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


from bench.redis_server import RedisServer, free_port  # noqa: E402
from bench.servers import Server, report_and_remove_logs, stop, wait_until_listening  # noqa: E402

REDIS_PORT = free_port()
REDIS_URL = f"redis://127.0.0.1:{REDIS_PORT}/0"
SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DEBUG": "false",
    "SECRET_KEY": "bench-redis-restart-only-" + "z" * 40,
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "false",
    "RATE_LIMITS_ENABLED": "false",
    "LOG_LEVEL": "ERROR",
    "REDIS_URL": REDIS_URL,
}
os.environ.update(SERVER_ENV)

import django  # noqa: E402

django.setup()

import websockets  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from accounts.models import Division, User  # noqa: E402
from bench.daphne import post_comment, start_daphne  # noqa: E402
from bench.discussion_owner import register  # noqa: E402
from deliberation.actions import create_discussion  # noqa: E402
from deliberation.rooms import last_event_id  # noqa: E402

register()

OWNER_NAME = "Bench: reinicio de Redis"
POSTER_EMAIL = "bench-restart-poster@bench.cabildo.cl"


def prepare() -> tuple[int, str, int]:
    call_command("migrate", verbosity=0)
    owner, _ = Division.objects.get_or_create(name=OWNER_NAME, defaults={"acronym": "RDS"})
    discussion = create_discussion(owner)
    poster = User.objects.filter(email=POSTER_EMAIL).first() or User.objects.create_user(
        POSTER_EMAIL, None, display_name="Persona que comenta"
    )
    client = Client()
    client.force_login(poster)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    return discussion.pk, f"{settings.SESSION_COOKIE_NAME}={session}", last_event_id(discussion)


@dataclass
class Watcher:
    """One page watching the discussion, reconnecting and resuming like discussion.js."""

    url: str
    last: int
    seen: dict[int, float] = field(default_factory=dict)  # comment id → first seen
    ready: asyncio.Event = field(default_factory=asyncio.Event)
    connections: int = 0
    refused: int = 0  # connection attempts refused or failed before the handshake ended
    paused: int = 0  # {"type": "paused"} frames
    reloads: int = 0
    closes: dict[str, int] = field(default_factory=dict)
    stopping: bool = False

    def _apply(self, event: dict, now: float) -> None:
        # Idempotent, like the page: a comment seen live and again in a catch-up counts once.
        if event.get("kind", "").startswith("comment.") and "comment" in event:
            self.seen.setdefault(event["comment"], now)
        self.last = max(self.last, event.get("id") or 0)

    async def run(self) -> None:
        backoff = 0.25
        while not self.stopping:
            try:
                async with websockets.connect(
                    self.url, origin="http://127.0.0.1", open_timeout=20, max_queue=None
                ) as ws:
                    self.connections += 1
                    # A paused server closes right away: still read what it sent.
                    with contextlib.suppress(websockets.exceptions.ConnectionClosed):
                        await ws.send(json.dumps({"type": "resume", "after": self.last}))
                    async for raw in ws:
                        now = time.monotonic()
                        message = json.loads(raw)
                        kind = message.get("type")
                        if kind == "hello":
                            self.ready.set()
                            backoff = 0.25
                        elif kind == "event":
                            self._apply(message, now)
                        elif kind == "catchup":
                            for event in message["events"]:
                                self._apply(event, now)
                            self.last = max(self.last, message.get("last") or 0)
                        elif kind == "reload":
                            self.reloads += 1
                        elif kind == "paused":
                            self.paused += 1
                    code = ws.close_code
                    self.closes[str(code)] = self.closes.get(str(code), 0) + 1
            except websockets.exceptions.ConnectionClosed as error:
                # Closed with a code other than 1000/1001 (4503 after "paused", 1011, ...).
                code = str(error.rcvd.code if error.rcvd else "no close frame")
                self.closes[code] = self.closes.get(code, 0) + 1
            except (OSError, websockets.exceptions.WebSocketException, TimeoutError) as error:
                if self.stopping:
                    return
                self.refused += 1
                name = type(error).__name__
                if isinstance(error, websockets.exceptions.InvalidStatus):
                    name = f"handshake {error.response.status_code}"
                self.closes[name] = self.closes.get(name, 0) + 1
            if self.stopping:
                return
            await asyncio.sleep(backoff * (0.5 + random.random()))
            backoff = min(backoff * 2, 4.0)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


async def scenario(
    args: argparse.Namespace, redis: RedisServer, discussion_id: int, cookie: str, after: int
) -> int:
    ports = [args.base_port + index for index in range(args.processes)]
    watchers = [
        Watcher(f"ws://127.0.0.1:{ports[i % len(ports)]}/ws/discussions/{discussion_id}/", after)
        for i in range(args.clients)
    ]
    tasks = []
    started = time.monotonic()
    for chunk in range(0, len(watchers), 50):
        for watcher in watchers[chunk : chunk + 50]:
            tasks.append(asyncio.create_task(watcher.run()))
        await asyncio.wait_for(
            asyncio.gather(*(w.ready.wait() for w in watchers[chunk : chunk + 50])), 60
        )
    print(f"{len(watchers)} clients connected in {time.monotonic() - started:.1f} s")

    posted: list[tuple[int, float]] = []  # (comment id, when the POST returned)
    failures: list[str] = []
    stop_posting = asyncio.Event()

    async def poster() -> None:
        number = 0
        while not stop_posting.is_set():
            port = ports[number % len(ports)]
            try:
                comment = await asyncio.to_thread(
                    post_comment, port, discussion_id, cookie, f"Comentario+{number}"
                )
                posted.append((comment, time.monotonic()))
            except (HTTPError, URLError, OSError, RuntimeError) as error:
                failures.append(f"{type(error).__name__}: {error}")
            number += 1
            await asyncio.sleep(args.interval)

    run_started = time.monotonic()
    posting = asyncio.create_task(poster())
    await asyncio.sleep(args.outage_at)
    killed_at = time.monotonic()
    redis.stop()
    print(f"Redis killed at {killed_at - run_started:.1f} s")
    await asyncio.sleep(args.outage)
    await asyncio.to_thread(redis.start)
    restarted_at = time.monotonic()
    print(f"Redis started again at {restarted_at - run_started:.1f} s (empty)")
    await asyncio.sleep(max(0.0, args.duration - (restarted_at - run_started)))
    stop_posting.set()
    await posting
    ids = {comment for comment, _at in posted}
    # Wait for every client to have every comment (or give up after --settle seconds).
    deadline = time.monotonic() + args.settle
    while time.monotonic() < deadline:
        if all(ids <= w.seen.keys() for w in watchers):
            break
        await asyncio.sleep(0.1)
    settled_at = time.monotonic()
    for watcher in watchers:
        watcher.stopping = True
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)

    before = [c for c, at in posted if at < killed_at]
    during = [c for c, at in posted if killed_at <= at < restarted_at]
    after_restart = [c for c, at in posted if at >= restarted_at]
    missing = [len(ids - w.seen.keys()) for w in watchers]
    # Catch-up: from the restart until the client had every comment posted before it.
    due = {c for c, at in posted if at < restarted_at}
    catch_up = []
    for watcher in watchers:
        if due <= watcher.seen.keys():
            caught = max(watcher.seen[c] for c in due)
            catch_up.append(max(0.0, caught - restarted_at))
    reconnected = sum(1 for w in watchers if w.connections > 1)
    closes: dict[str, int] = {}
    for watcher in watchers:
        for name, count in watcher.closes.items():
            closes[name] = closes.get(name, 0) + count
    print()
    print(f"clients: {len(watchers)} on {len(ports)} server(s)")
    print(
        f"comments posted: {len(posted)} (before the outage {len(before)}, "
        f"during {len(during)}, after {len(after_restart)}); posts that failed: {len(failures)}"
    )
    for failure in failures[:5]:
        print(f"  failed: {failure}")
    print(
        f"missing per client: max {max(missing)}, total {sum(missing)} "
        f"(clients missing any: {sum(1 for m in missing if m)})"
    )
    print(
        f"reconnected: {reconnected} clients; connections {sum(w.connections for w in watchers)}, "
        f"failed attempts {sum(w.refused for w in watchers)}, "
        f"'paused' frames {sum(w.paused for w in watchers)}, reloads "
        f"{sum(w.reloads for w in watchers)}; closes by code: {dict(sorted(closes.items()))}"
    )
    if catch_up:
        print(
            f"catch-up after the restart ({len(catch_up)} clients): "
            f"p50 {statistics.median(catch_up):.2f} s, p95 {percentile(catch_up, 0.95):.2f} s, "
            f"max {max(catch_up):.2f} s"
        )
    print(f"all settled {settled_at - restarted_at:.1f} s after the restart")
    ok = not failures and not any(missing)
    print("OK: nothing missing, no post failed." if ok else "NOT OK.")
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--duration", type=float, default=30, help="seconds of posting")
    parser.add_argument("--interval", type=float, default=0.2, help="seconds between posts")
    parser.add_argument("--outage-at", type=float, default=8, help="seconds into the run")
    parser.add_argument("--outage", type=float, default=5, help="seconds Redis stays down")
    parser.add_argument("--settle", type=float, default=60, help="seconds to wait at the end")
    parser.add_argument("--base-port", type=int, default=8411)
    parser.add_argument("--server-output", action="store_true", help="keep the servers' log files")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("Needs DATABASE_URL at a PostgreSQL database (the servers share it).")
        return 2
    directory = tempfile.mkdtemp(prefix="cabildo-redis-restart-")
    redis = RedisServer(directory, port=REDIS_PORT, maxclients=10000)
    redis.start()
    servers: list[Server] = []
    try:
        discussion_id, cookie, after = prepare()
        connection.close()
        pythonpath = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
        env = {**os.environ, **SERVER_ENV, "PYTHONPATH": pythonpath}
        servers = [
            start_daphne(args.base_port + index, "bench.asgi:application", env)
            for index in range(args.processes)
        ]
        for server in servers:
            wait_until_listening(server, timeout=30)
        print(f"Redis on {REDIS_PORT}, daphne on {args.base_port}..; discussion {discussion_id}")
        return asyncio.run(scenario(args, redis, discussion_id, cookie, after))
    finally:
        stop(servers)
        # Output is in a log file per server: the end of a failed one's is printed.
        report_and_remove_logs(servers, keep=args.server_output)
        redis.stop()
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
