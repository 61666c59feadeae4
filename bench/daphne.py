"""Daphne servers in subprocesses, for bench/fanout.py and tests/deliberation/test_two_processes.py.

No Django import: the servers are configured by the environment they are given.
"""

import socket
import subprocess
import sys
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

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
