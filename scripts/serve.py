"""Cabildo's production setup on this machine: nginx in front, WSGI workers for HTTP, ASGI
processes for the live rooms (``/ws/``), a task worker when tasks are queued.

    DATABASE_URL=postgres://... REDIS_URL=redis://... make serve [PORT=8000]

The servers were chosen by measurement (bench/README.md, "Serving"): gunicorn's sync
workers serve Django's synchronous views fastest, and under one ASGI process every
synchronous view waits for one thread; uvicorn carries the WebSockets. nginx routes
``/ws/`` to the ASGI processes and everything else to the WSGI workers, serves ``/static/``
(collectstatic's hashed, precompressed files) and ``/media/`` itself, and passes the
client's address in ``X-Forwarded-For`` (``TRUSTED_PROXY_COUNT=1``).

Every process is started here, watched, and stopped together: when one exits, or on
Ctrl-C, the others are stopped too. Their output goes to files under ``.serve/logs``.
The nginx configuration is written to ``.serve/nginx.conf`` from :func:`nginx_config`,
the same text the operator guide (docs/guides/operators.md) shows.

No Django import: the servers are configured by the environment, as in production.
bench/serving.py starts the same setup through :func:`start` (and the bare-Django floor
through it too, to serve both the same way).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

# What each kind of server is started with; PORT, WORKERS, THREADS and APP are filled in.
# WSGI apps are "<module>.wsgi:application", ASGI apps "<module>.asgi:application".
_GUNICORN = "-m gunicorn --bind 127.0.0.1:{port} --workers {workers} --backlog 2048"
_GRANIAN = "-m granian --host 127.0.0.1 --port {port} --workers {workers}"
SERVERS: dict[str, tuple[str, list[str]]] = {
    kind: (interface, arguments.split())
    for kind, interface, arguments in [
        ("gunicorn-sync", "wsgi", f"{_GUNICORN} --worker-class sync {{app}}"),
        (
            "gunicorn-gthread",
            "wsgi",
            f"{_GUNICORN} --worker-class gthread --threads {{threads}} {{app}}",
        ),
        (
            "granian-wsgi",
            "wsgi",
            f"{_GRANIAN} --interface wsgi --blocking-threads {{threads}} {{app}}",
        ),
        # Without per-message compression: it cost about 45 KB per socket and 130 ms of
        # p95 in the fan-out bench, to save little on fragments of a few KB.
        (
            "uvicorn",
            "asgi",
            "-m uvicorn --host 127.0.0.1 --port {port} --workers {workers} --no-access-log"
            " --log-level warning --lifespan off --ws-per-message-deflate false {app}",
        ),
        # asginl: Django has no ASGI lifespan.
        ("granian-asgi", "asgi", f"{_GRANIAN} --interface asginl {{app}}"),
        ("daphne", "asgi", "-m daphne -v 0 -b 127.0.0.1 -p {port} {app}"),
    ]
}
HTTP_SERVER = "gunicorn-sync"
WS_SERVER = "uvicorn"


def default_http_workers() -> int:
    """Two sync workers per core: one computes while the other waits on PostgreSQL."""
    return 2 * (os.cpu_count() or 1)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_command(
    kind: str, module: str, port: int, *, workers: int = 1, threads: int = 1
) -> list[str]:
    """The command line of a ``kind`` server running ``module``'s WSGI or ASGI entry."""
    interface, arguments = SERVERS[kind]
    app = f"{module}.{interface}:application"
    values = {"port": port, "workers": workers, "threads": threads, "app": app}
    return [PYTHON, *(argument.format(**values) for argument in arguments)]


def database_environment(kind: str) -> dict[str, str]:
    """How each kind keeps its PostgreSQL connections: a pool per ASGI process (its
    requests run on many threads), a persistent connection per WSGI worker thread."""
    if SERVERS[kind][0] == "asgi":
        return {"DATABASE_POOL": "true"}
    return {"DATABASE_POOL": "false", "DATABASE_CONN_MAX_AGE": "600"}


def nginx_config(
    *,
    listen: str,
    http_upstreams: Iterable[str],
    ws_upstreams: Iterable[str],
    static_root: str,
    media_root: str,
    server_lines: Iterable[str] = (),
    run_dir: str | None = None,
) -> str:
    """nginx in front of Cabildo. ``run_dir`` set: a whole configuration for a local,
    unprivileged nginx (``make serve``); unset: the ``http`` block's part an operator
    puts in ``/etc/nginx/conf.d/`` (the operator guide prints it, with ``server_lines``
    for the host name and TLS certificate)."""

    def servers(addresses: Iterable[str]) -> str:
        return "".join(f"    server {address};\n" for address in addresses)

    extra = "".join(f"    {line}\n" for line in server_lines)

    site = f"""upstream cabildo_http {{
{servers(http_upstreams)}}}
upstream cabildo_ws {{
{servers(ws_upstreams)}}}
map $http_upgrade $connection_upgrade {{
    default upgrade;
    ''      close;
}}
server {{
    listen {listen};
{extra}    client_max_body_size 12m;

    # collectstatic's files: hashed names never change, so browsers keep them a year;
    # WhiteNoise wrote .gz beside each text file.
    location /static/ {{
        alias {static_root}/;
        gzip_static on;
        location ~ "\\.[0-9a-f]{{12}}\\.[A-Za-z0-9]+$" {{
            expires 1y;
            add_header Cache-Control "public, immutable";
        }}
    }}
    # Uploaded images: served as files, never run or sniffed as anything else.
    location /media/ {{
        alias {media_root}/;
        add_header X-Content-Type-Options nosniff;
    }}
    # Live rooms: WebSockets to the ASGI processes, kept open for hours.
    location /ws/ {{
        proxy_pass http://cabildo_ws;
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $connection_upgrade;
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_read_timeout 6h;
        proxy_send_timeout 6h;
    }}
    # Everything else: the WSGI workers.
    location / {{
        proxy_pass http://cabildo_http;
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_read_timeout 60s;
    }}
}}
"""
    if run_dir is None:
        return site
    indented = "".join(f"    {line}\n" if line else "\n" for line in site.splitlines())
    return f"""# Written by scripts/serve.py for this run; do not edit (edit nginx_config()).
worker_processes 1;
pid {run_dir}/nginx.pid;
error_log {run_dir}/logs/nginx-error.log warn;
events {{
    worker_connections 8192;
}}
http {{
    include {mime_types()};
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    server_tokens off;
    access_log off;
    client_body_temp_path {run_dir}/scratch/body;
    proxy_temp_path {run_dir}/scratch/proxy;
    fastcgi_temp_path {run_dir}/scratch/fastcgi;
    uwsgi_temp_path {run_dir}/scratch/uwsgi;
    scgi_temp_path {run_dir}/scratch/scgi;
{indented}}}
"""


def operator_example() -> str:
    """The configuration the operator guide shows (docs/guides/operators.md)."""
    return nginx_config(
        listen="443 ssl",
        server_lines=[
            "http2 on;",
            "server_name participa.gore.cl;",
            "ssl_certificate /etc/letsencrypt/live/participa.gore.cl/fullchain.pem;",
            "ssl_certificate_key /etc/letsencrypt/live/participa.gore.cl/privkey.pem;",
        ],
        http_upstreams=["127.0.0.1:8001"],
        ws_upstreams=["127.0.0.1:8002", "127.0.0.1:8003"],
        static_root="/srv/cabildo/staticfiles",
        media_root="/srv/cabildo/media",
    )


def mime_types() -> str:
    for candidate in ("/etc/nginx/mime.types", "/usr/local/nginx/conf/mime.types"):
        if Path(candidate).exists():
            return candidate
    raise SystemExit("nginx's mime.types was not found: is nginx installed?")


def nginx_binary() -> str:
    found = shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(path).exists()),
        None,
    )
    if not found:
        raise SystemExit("nginx is not installed: `make serve` installs Debian's nginx-light.")
    return found


@dataclass
class Setup:
    """The running processes of one setup, and where it answers."""

    port: int
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    logs: dict[str, Path] = field(default_factory=dict)

    def start(self, name: str, command: list[str], env: Mapping[str, str], log: Path) -> None:
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("ab") as output:  # the child keeps its own descriptor
            self.processes[name] = subprocess.Popen(  # noqa: S603  (fixed arguments)
                command,
                cwd=ROOT,
                env=dict(env),
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.logs[name] = log

    def exited(self) -> str | None:
        """The name of a process that has exited, if any."""
        return next((n for n, p in self.processes.items() if p.poll() is not None), None)

    def tail(self, name: str, lines: int = 30) -> str:
        text = self.logs[name].read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:])

    def wait_until_listening(self, ports: Iterable[int], timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        for port in ports:
            while True:
                if name := self.exited():
                    raise RuntimeError(f"{name} exited:\n{self.tail(name)}")
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"nothing listens on {port}") from None
                    time.sleep(0.2)

    def stop(self) -> None:
        """SIGTERM to every process group (workers included), SIGKILL after 15 s."""
        for process in self.processes.values():
            if process.poll() is None:
                _signal_group(process, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in self.processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)
                process.wait()


def _signal_group(process: subprocess.Popen[bytes], signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signum)


def start(
    *,
    port: int,
    env: Mapping[str, str],
    run_dir: Path,
    module: str = "config",
    http_server: str = HTTP_SERVER,
    http_workers: int | None = None,
    threads: int = 4,
    ws_server: str | None = WS_SERVER,
    ws_processes: int = 1,
    proxy: bool = True,
    static_root: str | None = None,
    media_root: str | None = None,
    task_worker: bool = False,
) -> Setup:
    """Start one setup serving ``module`` (``config`` for Cabildo, ``bench.floor`` for the
    floor) and return it once every process listens. ``proxy=False``: the HTTP server
    itself answers on ``port`` (to compare servers without nginx)."""
    workers = http_workers or default_http_workers()
    logs = run_dir / "logs"
    setup = Setup(port=port)
    http_port = free_port() if proxy else port
    ws_ports = [free_port() for _ in range(ws_processes)] if ws_server and proxy else []
    base_env = {**os.environ, **env}
    try:
        setup.start(
            "http",
            server_command(http_server, module, http_port, workers=workers, threads=threads),
            {**base_env, **database_environment(http_server)},
            logs / f"{http_server}.log",
        )
        for index, ws_port in enumerate(ws_ports):
            setup.start(
                f"ws{index}",
                server_command(ws_server, module, ws_port),
                {**base_env, **database_environment(ws_server)},
                logs / f"{ws_server}-{index}.log",
            )
        if task_worker:
            setup.start(
                "tasks",
                [PYTHON, "manage.py", "db_worker"],
                {**base_env, **database_environment(HTTP_SERVER)},
                logs / "db_worker.log",
            )
        if proxy:
            for sub in ("logs", "scratch"):
                (run_dir / sub).mkdir(parents=True, exist_ok=True)
            config = run_dir / "nginx.conf"
            config.write_text(
                nginx_config(
                    listen=f"127.0.0.1:{port}",
                    http_upstreams=[f"127.0.0.1:{http_port}"],
                    ws_upstreams=[f"127.0.0.1:{p}" for p in ws_ports] or ["127.0.0.1:9"],
                    static_root=static_root or str(ROOT / "staticfiles"),
                    media_root=media_root or str(ROOT / "media"),
                    run_dir=str(run_dir.resolve()),
                )
            )
            setup.start(
                "nginx",
                [
                    nginx_binary(),
                    "-e",
                    str(logs.resolve() / "nginx-error.log"),
                    "-c",
                    str(config.resolve()),
                    "-g",
                    "daemon off;",
                ],
                base_env,
                logs / "nginx.log",
            )
        setup.wait_until_listening([http_port, *ws_ports, *([port] if proxy else [])])
    except BaseException:
        setup.stop()
        raise
    return setup


def local_environment(run_dir: Path) -> dict[str, str]:
    """Production settings for plain HTTP on this machine: DEBUG off, a secret kept in
    ``.serve/secret_key``, no HTTPS redirect nor secure-only cookies (no TLS locally)."""
    secret_file = run_dir / "secret_key"
    if not secret_file.exists():
        run_dir.mkdir(parents=True, exist_ok=True)
        secret_file.write_text(secrets.token_urlsafe(50))
        secret_file.chmod(0o600)
    return {
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secret_file.read_text().strip(),
        "ALLOWED_HOSTS": os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost"),
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "SECURE_COOKIES": "false",
        "TRUSTED_PROXY_COUNT": "1",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--http-workers", type=int, default=None)
    parser.add_argument("--ws-processes", type=int, default=1)
    parser.add_argument("--run-dir", type=Path, default=ROOT / ".serve")
    args = parser.parse_args()
    for name in ("DATABASE_URL", "REDIS_URL"):
        if not os.environ.get(name):
            print(f"make serve runs on PostgreSQL and Redis: set {name}.", file=sys.stderr)
            return 2
    if not os.environ["DATABASE_URL"].startswith(("postgres://", "postgresql://")):
        print("make serve runs on PostgreSQL: DATABASE_URL=postgres://...", file=sys.stderr)
        return 2
    env = {**os.environ, **local_environment(args.run_dir)}
    env.setdefault("SITE_URL", f"http://127.0.0.1:{args.port}")
    for step in (["migrate", "--noinput"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([PYTHON, "manage.py", *step], cwd=ROOT, env=env, check=True)  # noqa: S603
    setup = start(
        port=args.port,
        env=env,
        run_dir=args.run_dir,
        http_workers=args.http_workers,
        ws_processes=args.ws_processes,
        task_worker=env.get("TASKS_BACKEND") == "database",
    )
    stopping = False

    def request_stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    print(f"Cabildo (production setup): http://127.0.0.1:{args.port}/  logs: {args.run_dir}/logs")
    try:
        while not stopping:
            if name := setup.exited():
                print(f"{name} exited; stopping.\n{setup.tail(name)}", file=sys.stderr)
                return 1
            time.sleep(0.5)
    finally:
        setup.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
