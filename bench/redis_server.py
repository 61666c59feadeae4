"""A ``redis-server`` of one's own: started on a free port without persistence, killed as
a crash would kill it, and started again on the same port. The Redis restart bench
(bench/redis_restart.py) and the outage tests (tests/outage/) stop it under a running
site; the shared Redis on 6379 is never touched."""

import shutil
import socket
import subprocess
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    def __init__(
        self, directory: Path | str, *, port: int | None = None, maxclients: int | None = None
    ) -> None:
        self.binary = shutil.which("redis-server")
        self.port = port or free_port()
        self.directory = str(directory)
        self.maxclients = maxclients
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        """Start it and wait until it answers PING (10 s at most)."""
        if self.binary is None:
            raise RuntimeError("redis-server is not installed")
        arguments = [
            *(self.binary, "--port", str(self.port), "--bind", "127.0.0.1"),
            *("--save", "", "--appendonly", "no", "--dir", self.directory),
        ]
        if self.maxclients:
            arguments += ["--maxclients", str(self.maxclients)]
        self.process = subprocess.Popen(  # noqa: S603  (fixed arguments)
            arguments, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server on {self.port} did not start")

    def stop(self) -> None:
        """Kill it, as a crash would (nothing saved)."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None
