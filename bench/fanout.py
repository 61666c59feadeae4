"""Live fan-out: one comment, 1,000 sockets, two ASGI processes sharing Redis.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cabildo_delib \\
    REDIS_URL=redis://127.0.0.1:6379/5 \\
        .venv/bin/python bench/fanout.py [--server daphne|uvicorn|granian] \\
            [--clients 1000] [--processes 2] [--comments 10] [--post-url BASE]

Starts ``--processes`` ASGI servers of the kind ``--server`` (``bench.asgi:application``,
production settings: DEBUG off, Redis channel layer; one process per port, access log off,
output in a log file each) on consecutive ports, opens ``--clients`` WebSocket
connections to one discussion spread evenly over them (``websockets`` library, one
asyncio process), waits until every socket said hello and presence has settled, then
posts ``--comments`` comments one by one over HTTP (as the page's script does: a JSON
POST, alternating between the servers, or all to ``--post-url``) and records when each
socket receives each one.

Each comment's POST is timed apart from its delivery. Delivery is counted from the moment
the POST is sent (request, transaction, rendering the fragment once per language, Redis,
every server's delivery and the client's own parsing; the issue's target: p95 under
500 ms, none missing) and from the moment its answer arrived (negative when a socket hears
the comment before its author's answer). Prints p50 / p95 / max of each, how many
deliveries are missing (must be none), and each server's resident memory (VmRSS, with its
child processes) before and after the sockets connected. The servers reuse database
connections (bench/asgi.py): persistent ones, or psycopg's pool with ``DATABASE_POOL=true``
in the environment (as ``make serve`` runs its ASGI processes).

``--sockets-url ws://127.0.0.1:8000`` connects the sockets to a setup already running
(``make serve``) instead of starting servers; ``--post-url http://127.0.0.1:8000`` then
says where the comments go (by default the same host over http). Such a setup does not
know the bench's discussion owner: give ``--discussion`` (an existing discussion the
``--poster`` may comment on) and the setup's ``SECRET_KEY`` in the environment (the
bench signs the poster's session with it). Not part of the test suite.
"""

import argparse
import asyncio
import json
import os
import shlex
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DEBUG": "false",
    # A setup started elsewhere (--sockets-url) reads sessions signed with its own key.
    "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench-fanout-only-" + "y" * 40,
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
from bench.daphne import post_comment  # noqa: E402
from bench.discussion_owner import register  # noqa: E402
from bench.servers import (  # noqa: E402
    KINDS,
    Server,
    report_and_remove_logs,
    rss_kib,
    start_server,
    stop,
    wait_until_listening,
)
from deliberation.actions import create_discussion  # noqa: E402
from deliberation.models import Discussion  # noqa: E402

register()

OWNER_NAME = "Bench: fan-out"
POSTER_EMAIL = "bench-poster@bench.cabildo.cl"
P95_BUDGET_MS = 500
POST_HINT = (
    "With a setup started elsewhere, run with its SECRET_KEY and a --discussion the "
    "--poster may comment on."
)


def prepare(discussion_id: int | None, poster_email: str) -> tuple[int, str]:
    if discussion_id is None:
        owner, _ = Division.objects.get_or_create(name=OWNER_NAME, defaults={"acronym": "FAN"})
        discussion_id = create_discussion(owner).pk
    elif not Discussion.objects.filter(pk=discussion_id).exists():
        raise SystemExit(f"No discussion {discussion_id} in this database.")
    poster = User.objects.filter(email=poster_email).first() or User.objects.create_user(
        poster_email, None, display_name="Persona que comenta"
    )
    client = Client()
    client.force_login(poster)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    return discussion_id, f"{settings.SESSION_COOKIE_NAME}={session}"


def start_servers(args: argparse.Namespace) -> list[Server]:
    pythonpath = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, **SERVER_ENV, "PYTHONPATH": pythonpath}
    if args.channel_layer == "pubsub":
        env["BENCH_CHANNEL_LAYER"] = "pubsub"
    extra = shlex.split(args.server_args)
    return [
        start_server(args.server, args.base_port + index, args.application, env, extra_args=extra)
        for index in range(args.processes)
    ]


class Watcher:
    """One socket: records when each comment's event arrives."""

    def __init__(self, url: str, origin: str) -> None:
        self.url = url
        self.origin = origin
        self.ready = asyncio.Event()
        self.arrivals: dict[int, float] = {}
        self.socket = None

    async def run(self) -> None:
        async with websockets.connect(
            self.url, origin=self.origin, open_timeout=60, max_queue=None
        ) as ws:
            self.socket = ws
            async for raw in ws:
                now = time.monotonic()
                message = json.loads(raw)
                if message["type"] == "hello":
                    self.ready.set()
                elif message["type"] == "event" and message["kind"] == "comment.created":
                    self.arrivals.setdefault(message["comment"], now)


def timed_post(target: int | str, discussion_id: int, cookie: str, body: str) -> tuple:
    """(comment id, sent at, answered at): both times taken in the posting thread, so a
    busy event loop does not shift them."""
    sent_at = time.monotonic()
    comment_id = post_comment(target, discussion_id, cookie, body)
    return comment_id, sent_at, time.monotonic()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def spread(values: list[float]) -> str:
    if not values:
        return "nothing received"
    return (
        f"p50 {statistics.median(values):.0f} ms, p95 {percentile(values, 0.95):.0f} ms, "
        f"max {max(values):.0f} ms"
    )


def print_memory(servers: list[Server], when: str) -> None:
    if not servers:
        return
    parts = []
    total = 0
    for server in servers:
        sizes = [rss_kib(pid) for pid in server.pids()]
        total += sum(sizes)
        # granian: a supervisor process and the worker that serves.
        each = f" ({' + '.join(f'{size / 1024:.0f}' for size in sizes)})" if len(sizes) > 1 else ""
        parts.append(f":{server.port} {sum(sizes) / 1024:.0f} MiB{each}")
    total /= 1024
    print(f"RSS {when}: {', '.join(parts)}; total {total:.0f} MiB")


async def scenario(
    args: argparse.Namespace, servers: list[Server], discussion_id: int, cookie: str
) -> int:
    if args.sockets_url:
        socket_bases = [args.sockets_url.rstrip("/")]
    else:
        socket_bases = [f"ws://127.0.0.1:{server.port}" for server in servers]
    if args.post_url:
        post_targets: list[int | str] = [args.post_url.rstrip("/")]
    elif args.sockets_url:
        parts = urlsplit(args.sockets_url)
        post_targets = [f"{'https' if parts.scheme == 'wss' else 'http'}://{parts.netloc}"]
    else:
        post_targets = [server.port for server in servers]
    parts = urlsplit(socket_bases[0])
    origin = f"{'https' if parts.scheme == 'wss' else 'http'}://{parts.hostname}"
    watchers = [
        Watcher(f"{socket_bases[i % len(socket_bases)]}/ws/discussions/{discussion_id}/", origin)
        for i in range(args.clients)
    ]
    print_memory(servers, "before the sockets")
    tasks = []
    started = time.monotonic()
    for chunk in range(0, len(watchers), 50):
        for watcher in watchers[chunk : chunk + 50]:
            tasks.append(asyncio.create_task(watcher.run()))
        await asyncio.gather(*(w.ready.wait() for w in watchers[chunk : chunk + 50]))
    print(
        f"{len(watchers)} sockets connected to {', '.join(socket_bases)} "
        f"in {time.monotonic() - started:.1f} s"
    )
    # Warm-up, not measured: each server's first requests compile templates and URLs.
    try:
        for _ in range(3):
            for target in post_targets:
                await asyncio.to_thread(
                    post_comment, target, discussion_id, cookie, "Calentamiento"
                )
    except RuntimeError as error:
        # A sign-in page (200) or a refusal: the poster is not signed in there (another
        # SECRET_KEY) or may not comment on that discussion.
        print(f"The warm-up comment failed: {error}. {POST_HINT}", file=sys.stderr)
        return 2
    await asyncio.sleep(3)  # presence announcements and warm-up deliveries settle
    print_memory(servers, f"with {len(watchers)} sockets")
    from_post: list[float] = []
    after_answer: list[float] = []
    post_durations: list[float] = []
    missing_total = 0
    for round_number in range(args.comments):
        target = post_targets[round_number % len(post_targets)]
        comment_id, sent_at, answered_at = await asyncio.to_thread(
            timed_post, target, discussion_id, cookie, f"Comentario+de+prueba+{round_number}"
        )
        post_ms = (answered_at - sent_at) * 1000
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if all(comment_id in w.arrivals for w in watchers):
                break
            await asyncio.sleep(0.01)
        arrivals = [w.arrivals[comment_id] for w in watchers if comment_id in w.arrivals]
        since_post = [(arrival - sent_at) * 1000 for arrival in arrivals]
        since_answer = [(arrival - answered_at) * 1000 for arrival in arrivals]
        missing = len(watchers) - len(arrivals)
        missing_total += missing
        from_post += since_post
        after_answer += since_answer
        post_durations.append(post_ms)
        where = f":{target}" if isinstance(target, int) else target
        print(
            f"comment {round_number + 1} via {where}: POST {post_ms:.0f} ms, "
            f"received by {len(arrivals)}/{len(watchers)}; from the POST: {spread(since_post)}; "
            f"after its answer: {spread(since_answer)}"
        )
        await asyncio.sleep(args.pause)
    print_memory(servers, "at the end")
    for watcher in watchers:
        if watcher.socket is not None:
            await watcher.socket.close()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    label = args.sockets_url or f"{args.processes} x {args.server} {args.server_args}".rstrip()
    if not args.sockets_url:
        pooled = "pool" in settings.DATABASES["default"].get("OPTIONS", {})
        label += ", database pool" if pooled else ", persistent database connections"
        if args.channel_layer == "pubsub":
            label += ", pub/sub channel layer"
    print(f"\n{label}: {args.comments} comments x {len(watchers)} sockets")
    print(f"  POST:                        {spread(post_durations)}")
    print(f"  delivery from the POST:      {spread(from_post)}")
    print(f"  delivery after the answer:   {spread(after_answer)}")
    print(f"  missing: {missing_total} of {args.comments * len(watchers)}")
    ok = bool(from_post) and percentile(from_post, 0.95) < P95_BUDGET_MS and missing_total == 0
    print("Within budget (p95 from the POST < 500 ms, none missing)." if ok else "OVER budget.")
    return 0 if ok else 1


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--comments", type=int, default=10)
    parser.add_argument("--pause", type=float, default=1.0, help="seconds between comments")
    parser.add_argument("--server", choices=KINDS, help="ASGI server to start (daphne)")
    parser.add_argument("--processes", type=int, help="server processes to start (2)")
    parser.add_argument(
        "--server-args",
        help="more options for every server, one string ('--ws-per-message-deflate false')",
    )
    parser.add_argument("--base-port", type=int, default=8301)
    parser.add_argument(
        "--channel-layer",
        choices=("core", "pubsub"),
        help="the servers' Redis channel layer: the project's (core) or channels_redis' "
        "pub/sub one (bench/asgi.py)",
    )
    parser.add_argument(
        "--application",
        help="ASGI application the servers run, to compare consumer variants "
        "(bench.asgi:application)",
    )
    parser.add_argument(
        "--post-url",
        help="base URL the comments are posted to (http://127.0.0.1:8000); "
        "default: the socket servers, in turn",
    )
    parser.add_argument(
        "--sockets-url",
        help="base URL of a running setup the sockets connect to (ws://127.0.0.1:8000); "
        "no server is started",
    )
    parser.add_argument(
        "--discussion", type=int, help="an existing discussion (default: a new bench one)"
    )
    parser.add_argument("--poster", default=POSTER_EMAIL, help="e-mail of who comments")
    parser.add_argument(
        "--keep-logs", action="store_true", help="keep the servers' log files (their paths)"
    )
    args = parser.parse_args()
    if args.sockets_url:
        started_only = (
            "server",
            "processes",
            "server_args",
            "application",
            "channel_layer",
        )
        given = [name for name in started_only if getattr(args, name) is not None]
        if given:
            options = ", ".join("--" + name.replace("_", "-") for name in given)
            parser.error(f"{options}: only for servers started here, not with --sockets-url")
        if args.discussion is None:
            parser.error("--sockets-url needs --discussion (the setup has no bench owner)")
    else:
        args.server = args.server or "daphne"
        args.processes = args.processes or 2
        args.server_args = args.server_args or ""
        args.application = args.application or "bench.asgi:application"
        args.channel_layer = args.channel_layer or "core"
    return args


def main() -> int:
    args = parse_arguments()
    if not settings.REDIS_URL or connection_vendor() != "postgresql":
        print("Needs DATABASE_URL (PostgreSQL) and REDIS_URL: the servers share both.")
        return 2
    discussion_id, cookie = prepare(args.discussion, args.poster)
    servers = [] if args.sockets_url else start_servers(args)
    try:
        for server in servers:
            wait_until_listening(server, timeout=30)
        return asyncio.run(scenario(args, servers, discussion_id, cookie))
    finally:
        stop(servers)
        report_and_remove_logs(servers, keep=args.keep_logs)


def connection_vendor() -> str:
    from django.db import connection

    return connection.vendor


if __name__ == "__main__":
    sys.exit(main())
