"""Daphne servers in subprocesses, for bench/fanout.py and tests/deliberation/test_two_processes.py.

No Django import: the servers are configured by the environment they are given.
"""

import json
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from urllib.request import Request, urlopen

ROOT = Path(__file__).resolve().parent.parent


def start_daphne(port: int, application: str, env: Mapping[str, str]) -> subprocess.Popen[str]:
    """daphne serving ``application`` on 127.0.0.1:``port``; its output (stdout and stderr
    together) is left in ``process.stdout``."""
    return subprocess.Popen(  # noqa: S603  (fixed arguments)
        [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), application],
        cwd=ROOT,
        env=dict(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wait_until_listening(port: int, process: subprocess.Popen[str], timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read() if process.stdout else ""
            raise RuntimeError(f"daphne on {port} exited: {output}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"daphne on {port} did not start")


def stop(processes: Iterable[subprocess.Popen[str]]) -> None:
    """Terminate every process, then wait for each (killing it after 10 s)."""
    processes = list(processes)
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def post_comment(port: int, discussion_id: int, cookie: str, body: str) -> int:
    """Post ``body`` (URL-encoded) to discussion ``discussion_id`` as the page's script
    does (JSON answer, CSRF token); ``cookie`` is ``<session cookie name>=<value>``.
    Returns the new comment's id; raises on anything but 201."""
    token = secrets.token_hex(16)
    request = Request(
        f"http://127.0.0.1:{port}/conversaciones/{discussion_id}/comentar/",
        data=f"body={body}".encode(),
        headers={
            "Accept": "application/json",
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"{cookie}; csrftoken={token}",
            "X-CSRFToken": token,
        },
        method="POST",
    )
    with urlopen(request, timeout=30) as response:  # noqa: S310  (local server)
        if response.status != 201:
            raise RuntimeError(f"POST answered {response.status}")
        return json.loads(response.read())["comment"]
