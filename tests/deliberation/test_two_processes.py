"""Live updates across two ASGI processes sharing Redis and PostgreSQL.

Two daphne servers run as subprocesses on the test database; a socket on each hears a
comment posted through one of them, and presence counts people on both. Runs when the
suite runs on PostgreSQL with REDIS_URL (CI's second pass).
"""

import asyncio
import json
import os
import socket
from collections.abc import Iterator

import pytest
import websockets
from django.conf import settings
from django.db import connection
from django.test import Client

from bench.daphne import ROOT, post_comment, start_daphne
from bench.servers import report_and_remove_logs, stop, wait_until_listening

pytestmark = [
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"].endswith("sqlite3") or not settings.REDIS_URL,
        reason="needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL), like CI's second pass",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def servers() -> Iterator[list[int]]:
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": os.environ["REDIS_URL"],
        "SECRET_KEY": settings.SECRET_KEY,
        "DEBUG": "true",
        "PYTHONPATH": str(ROOT),
    }
    if db.get("PASSWORD"):
        env["DATABASE_URL"] = env["DATABASE_URL"].replace(
            f"//{db['USER']}@", f"//{db['USER']}:{db['PASSWORD']}@"
        )
    ports = [free_port(), free_port()]
    processes = [
        start_daphne(port, "tests.deliberation.asgi_test_owner:application", env) for port in ports
    ]
    try:
        for process in processes:
            wait_until_listening(process)
        yield ports
    finally:
        stop(processes)
        # Output goes to log files (a pipe nobody reads would block the servers): show the
        # end of a failed one's, remove the others.
        report_and_remove_logs(processes)


def test_a_comment_posted_on_one_process_reaches_sockets_on_both(servers, discussion, resident):
    client = Client()
    client.force_login(resident)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value

    async def scenario() -> tuple[list[dict], list[int], int]:
        origin = "http://127.0.0.1"
        sockets = [
            await websockets.connect(
                f"ws://127.0.0.1:{port}/ws/discussions/{discussion.pk}/", origin=origin
            )
            for port in servers
        ]
        hellos = [json.loads(await ws.recv()) for ws in sockets]
        counts = [hello["presence"] for hello in hellos]
        posted = await asyncio.to_thread(
            post_comment,
            servers[0],
            discussion.pk,
            f"{settings.SESSION_COOKIE_NAME}={session}",
            "Desde+el+proceso+uno",
        )
        received = []
        for ws in sockets:
            while True:
                message = json.loads(await asyncio.wait_for(ws.recv(), timeout=10))
                if message["type"] == "event":
                    received.append(message)
                    break
        for ws in sockets:
            await ws.close()
        return received, counts, posted

    received, counts, posted = asyncio.run(scenario())
    # Presence is shared: the second socket, on the other process, counts both.
    assert counts == [1, 2]
    assert [event["comment"] for event in received] == [posted] * 2
    assert all("Desde el proceso uno" in event["html"] for event in received)


def test_two_processes_see_the_same_catch_up(servers, discussion, resident):
    from deliberation.actions import do_post_comment

    comment = do_post_comment(resident, discussion=discussion, body="Para ponerse al día")

    async def resume(port: int) -> dict:
        async with websockets.connect(
            f"ws://127.0.0.1:{port}/ws/discussions/{discussion.pk}/", origin="http://127.0.0.1"
        ) as ws:
            await ws.recv()  # hello
            await ws.send(json.dumps({"type": "resume", "after": 0}))
            while True:
                message = json.loads(await asyncio.wait_for(ws.recv(), timeout=10))
                if message["type"] == "catchup":
                    return message

    async def both() -> list[dict]:
        return [await resume(port) for port in servers]

    results = asyncio.run(both())
    assert [[e["comment"] for e in r["events"]] for r in results] == [[comment.pk]] * 2
