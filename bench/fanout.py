"""Live fan-out: one comment, 1,000 sockets, two ASGI processes sharing Redis.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cabildo_delib \\
    REDIS_URL=redis://127.0.0.1:6379/5 \\
        .venv/bin/python bench/fanout.py [--clients 1000] [--processes 2] [--comments 10]

Starts ``--processes`` daphne servers (``bench.asgi:application``, production settings:
DEBUG off, Redis channel layer) on consecutive ports, opens ``--clients`` WebSocket
connections to one discussion spread evenly over them (``websockets`` library, one
asyncio process), waits until every socket said hello and presence has settled, then
posts ``--comments`` comments one by one over HTTP (as the page's script does: a JSON
POST, alternating between the servers) and records when each socket receives each one.
Latency runs from just before the POST is sent to the socket's receipt, so it includes
the request, the transaction, rendering the fragment once, Redis and both servers'
delivery. Prints p50 / p95 / max and how many deliveries are missing (must be none).
Not part of the test suite.
"""

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SECRET_KEY = "bench-fanout-only-" + "y" * 40
SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DEBUG": "false",
    "SECRET_KEY": SECRET_KEY,
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "false",
    "RATE_LIMITS_ENABLED": "false",
    "LOG_LEVEL": "WARNING",
}
os.environ.update(SERVER_ENV)

import django  # noqa: E402

django.setup()

import websockets  # noqa: E402
from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

from accounts.models import Division, User  # noqa: E402
from bench.daphne import post_comment, start_daphne, stop, wait_until_listening  # noqa: E402
from bench.discussion_owner import register  # noqa: E402
from deliberation.actions import create_discussion  # noqa: E402

register()

OWNER_NAME = "Bench: fan-out"
POSTER_EMAIL = "bench-poster@bench.cabildo.cl"
P95_BUDGET_MS = 500


def prepare() -> tuple[int, str]:
    owner, _ = Division.objects.get_or_create(name=OWNER_NAME, defaults={"acronym": "FAN"})
    discussion = create_discussion(owner)
    poster = User.objects.filter(email=POSTER_EMAIL).first() or User.objects.create_user(
        POSTER_EMAIL, None, display_name="Persona que comenta"
    )
    client = Client()
    client.force_login(poster)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    return discussion.pk, f"{settings.SESSION_COOKIE_NAME}={session}"


def start_servers(count: int, base_port: int, application: str) -> list[subprocess.Popen[str]]:
    pythonpath = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, **SERVER_ENV, "PYTHONPATH": pythonpath}
    return [start_daphne(base_port + index, application, env) for index in range(count)]


class Watcher:
    """One socket: records when each comment's event arrives."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.ready = asyncio.Event()
        self.arrivals: dict[int, float] = {}
        self.socket = None

    async def run(self) -> None:
        async with websockets.connect(
            self.url, origin="http://127.0.0.1", open_timeout=60, max_queue=None
        ) as ws:
            self.socket = ws
            async for raw in ws:
                now = time.monotonic()
                message = json.loads(raw)
                if message["type"] == "hello":
                    self.ready.set()
                elif message["type"] == "event" and message["kind"] == "comment.created":
                    self.arrivals.setdefault(message["comment"], now)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


async def scenario(args: argparse.Namespace, discussion_id: int, cookie: str) -> int:
    ports = [args.base_port + index for index in range(args.processes)]
    watchers = [
        Watcher(f"ws://127.0.0.1:{ports[i % len(ports)]}/ws/discussions/{discussion_id}/")
        for i in range(args.clients)
    ]
    tasks = []
    started = time.monotonic()
    for chunk in range(0, len(watchers), 50):
        for watcher in watchers[chunk : chunk + 50]:
            tasks.append(asyncio.create_task(watcher.run()))
        await asyncio.gather(*(w.ready.wait() for w in watchers[chunk : chunk + 50]))
    print(
        f"{len(watchers)} sockets connected to {len(ports)} servers "
        f"in {time.monotonic() - started:.1f} s"
    )
    # Warm-up, not measured: each server's first requests compile templates and URLs.
    for _ in range(3):
        for port in ports:
            await asyncio.to_thread(post_comment, port, discussion_id, cookie, "Calentamiento")
    await asyncio.sleep(3)  # presence announcements and warm-up deliveries settle
    all_latencies: list[float] = []
    missing_total = 0
    for round_number in range(args.comments):
        port = ports[round_number % len(ports)]
        sent_at = time.monotonic()
        comment_id = await asyncio.to_thread(
            post_comment, port, discussion_id, cookie, f"Comentario+de+prueba+{round_number}"
        )
        posted_ms = (time.monotonic() - sent_at) * 1000
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if all(comment_id in w.arrivals for w in watchers):
                break
            await asyncio.sleep(0.01)
        latencies = [
            (w.arrivals[comment_id] - sent_at) * 1000 for w in watchers if comment_id in w.arrivals
        ]
        missing = len(watchers) - len(latencies)
        missing_total += missing
        all_latencies += latencies
        print(
            f"comment {round_number + 1} via :{port}: POST {posted_ms:.0f} ms, "
            f"received by {len(latencies)}/{len(watchers)}, "
            f"p50 {statistics.median(latencies):.0f} ms, p95 {percentile(latencies, 0.95):.0f} ms, "
            f"max {max(latencies):.0f} ms"
        )
        await asyncio.sleep(args.pause)
    for watcher in watchers:
        if watcher.socket is not None:
            await watcher.socket.close()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    p95 = percentile(all_latencies, 0.95)
    print(
        f"\nAll {args.comments} comments x {len(watchers)} sockets: "
        f"p50 {statistics.median(all_latencies):.0f} ms, p95 {p95:.0f} ms, "
        f"p99 {percentile(all_latencies, 0.99):.0f} ms, max {max(all_latencies):.0f} ms, "
        f"missing {missing_total}."
    )
    ok = p95 < P95_BUDGET_MS and missing_total == 0
    print("Within budget (p95 < 500 ms, none missing)." if ok else "OVER budget.")
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--comments", type=int, default=10)
    parser.add_argument("--pause", type=float, default=1.0, help="seconds between comments")
    parser.add_argument("--base-port", type=int, default=8301)
    parser.add_argument(
        "--application",
        default="bench.asgi:application",
        help="ASGI application the servers run (to compare consumer variants)",
    )
    args = parser.parse_args()
    if not settings.REDIS_URL or connection_vendor() != "postgresql":
        print("Needs DATABASE_URL (PostgreSQL) and REDIS_URL: the servers share both.")
        return 2
    discussion_id, cookie = prepare()
    servers = start_servers(args.processes, args.base_port, args.application)
    try:
        for index, server in enumerate(servers):
            wait_until_listening(args.base_port + index, server, timeout=30)
        return asyncio.run(scenario(args, discussion_id, cookie))
    finally:
        stop(servers)
        for server in servers:
            if server.returncode not in (0, -15) and server.stdout:
                print(server.stdout.read()[-2000:], file=sys.stderr)


def connection_vendor() -> str:
    from django.db import connection

    return connection.vendor


if __name__ == "__main__":
    sys.exit(main())
