"""ASGI server processes of a chosen kind (daphne, uvicorn, granian), for the live benches
and tests/deliberation/test_two_processes.py.

Each server writes its output (stdout and stderr) to a log file of its own, never to a
pipe: a pipe nobody reads fills after 64 KiB and the server then blocks on its next write
(with 1,000 sockets, daphne's access log alone filled it and the fan-out bench hung). The
access log is off for every kind; errors still reach the log file.

No Django import: the servers are configured by the environment they are given.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts import serve  # noqa: E402

KINDS = ("daphne", "uvicorn", "granian")


# Each kind as scripts/serve.py starts it (its flags: one definition for make serve and
# the benches).
SERVE_KINDS = {"daphne": "daphne", "uvicorn": "uvicorn", "granian": "granian-asgi"}


def server_command(
    kind: str, port: int, application: str, extra_args: Sequence[str] = ()
) -> list[str]:
    """The command line of one server process of ``kind`` on 127.0.0.1:``port``, with
    ``make serve``'s flags (scripts/serve.py), one worker, running ``application``."""
    if kind not in SERVE_KINDS:
        raise ValueError(f"unknown ASGI server {kind!r} (one of {', '.join(KINDS)})")
    *command, _app = serve.server_command(SERVE_KINDS[kind], "config", port, workers=1)
    return [*command, *extra_args, application]


@dataclass
class Server:
    """One server process and the log file its output goes to."""

    kind: str
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path

    def log_tail(self, limit: int = 4000) -> str:
        try:
            data = self.log_path.read_bytes()
        except OSError as error:
            return f"(no log: {error})"
        return data[-limit:].decode(errors="replace")

    def pids(self) -> list[int]:
        """The server's process and its descendants (granian serves from a child)."""
        return [self.process.pid, *descendants(self.process.pid)]

    def rss_kib(self) -> int:
        """Resident memory of the server's process and its descendants, in KiB."""
        return sum(rss_kib(pid) for pid in self.pids())

    def failed(self) -> bool:
        """Whether it stopped on its own or ended badly when stopped."""
        return self.process.returncode not in (None, 0, -signal.SIGTERM)


def start_server(
    kind: str,
    port: int,
    application: str,
    env: Mapping[str, str],
    *,
    extra_args: Sequence[str] = (),
    log_dir: str | None = None,
) -> Server:
    """Start a ``kind`` server for ``application`` on 127.0.0.1:``port``, its output in a
    new log file (under ``log_dir``, the system's temporary folder by default)."""
    handle, name = tempfile.mkstemp(prefix=f"cabildo-{kind}-{port}-", suffix=".log", dir=log_dir)
    with os.fdopen(handle, "wb") as log:
        process = subprocess.Popen(  # noqa: S603  (arguments built here)
            server_command(kind, port, application, extra_args),
            cwd=ROOT,
            env=dict(env),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    return Server(kind, port, process, Path(name))


def wait_until_listening(server: Server, timeout: float = 20) -> None:
    """Wait until the server accepts connections; raise with its log's end if it exits or
    takes longer than ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"{server.kind} on {server.port} exited ({server.process.returncode}); "
                f"end of {server.log_path}:\n{server.log_tail()}"
            )
        try:
            with socket.create_connection(("127.0.0.1", server.port), timeout=0.5):
                server.children = [
                    (pid, start_time(pid)) for pid in descendants(server.process.pid)
                ]
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(
        f"{server.kind} on {server.port} did not start in {timeout:.0f} s; "
        f"end of {server.log_path}:\n{server.log_tail()}"
    )


def stop(servers: Iterable[Server]) -> None:
    """Terminate every server, then wait for each (killing it after 10 s), and kill any
    child it left behind."""
    servers = list(servers)
    # (pid, start time) of the processes each started (granian's worker), to stop them too.
    children = {
        server.port: [(pid, start_time(pid)) for pid in descendants(server.process.pid)]
        for server in servers
    }
    for server in servers:
        if server.process.poll() is None:
            server.process.terminate()
    for server in servers:
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()
        for pid, started in children[server.port]:
            # Same pid and same start time: still the child we saw, not a reused pid.
            if started and start_time(pid) == started:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)


def report_and_remove_logs(servers: Iterable[Server], *, keep: bool = False) -> None:
    """Print the end of the log of each server that failed to stderr and keep that log;
    remove the others, unless ``keep`` (then say where they are)."""
    for server in servers:
        if server.failed():
            print(
                f"--- {server.kind} on {server.port} (exit {server.process.returncode}), "
                f"end of {server.log_path}:\n{server.log_tail()}",
                file=sys.stderr,
            )
        elif keep:
            print(f"{server.kind} on {server.port}: log in {server.log_path}", file=sys.stderr)
        else:
            server.log_path.unlink(missing_ok=True)


def descendants(pid: int) -> list[int]:
    """Every live process below ``pid``, read from /proc (empty where there is none)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name (2nd field) is in parentheses and may hold spaces.
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(parent, []).append(int(entry.name))
    found: list[int] = []
    pending = list(parents.get(pid, []))
    while pending:
        child = pending.pop()
        found.append(child)
        pending.extend(parents.get(child, []))
    return found


def rss_kib(pid: int) -> int:
    """VmRSS of ``pid`` in KiB (0 if it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def start_time(pid: int) -> str:
    """The start time field of /proc/<pid>/stat ('' if it is gone)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return ""
