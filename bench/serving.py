"""Pages under concurrent load, served as in production, against the bare-Django floor.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cabildo_bench \\
    REDIS_URL=redis://127.0.0.1:6379/3 \\
        .venv/bin/python bench/serving.py [--duration 10] [--connections 20] [--markdown]
        .venv/bin/python bench/serving.py --compare gunicorn-sync,uvicorn,granian-wsgi,...

Needs the ``bench_data`` data set (``manage.py bench_data``), wrk (Debian's package) and
nginx (Debian's nginx-light; ``make serve`` installs it).

Default: starts the production setup of ``make serve`` (scripts/serve.py: nginx, gunicorn
sync workers, a uvicorn process for ``/ws/``) twice, once for Cabildo and once for the floor
(bench/floor: Django's default project, one page from one template of about 11 KB, no
database), each on its own port, collects the static files first, and drives each page
with wrk (``--connections`` connections, two threads, ``--duration`` seconds, after a
warm-up) anonymously and signed in as a resident who has supports, the floor first. Prints
requests/s, p50 and p95, and the share of the floor's requests/s per page.

``--moderation``: bench/moderation_data.py's pages instead (10,000 open cases): the
public moderation log anonymously, the queue and a case signed in as its moderator, in a
session that passed the second factor.

``--compare``: the same, but for each listed server kind (scripts/serve.py's SERVERS)
serving Cabildo and the floor directly, without nginx, anonymous only: how the servers
themselves compare, every page rendered (``PAGE_CACHE_SECONDS=0``). ``--workers`` and
``--threads`` set their processes and threads.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import ENVIRONMENT_DEFAULTS  # noqa: E402
from scripts import serve  # noqa: E402

SERVER_ENV = {
    **ENVIRONMENT_DEFAULTS,
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_HSTS_SECONDS": "0",
    "SECURE_COOKIES": "false",
    "LOG_LEVEL": "WARNING",
}
for _name, _value in SERVER_ENV.items():
    os.environ.setdefault(_name, _value)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from consultations.models import Consultation, Proposal  # noqa: E402
from deliberation.queries import discussion_for  # noqa: E402

WRK_SCRIPT = ROOT / "bench" / "wrk_report.lua"
TARGET_ANONYMOUS = 0.50
TARGET_SIGNED_IN = 0.25
TARGET_P95_MS = 100


@dataclass
class Run:
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    errors: int
    size_kb: float


def wrk(url: str, *, duration: int, connections: int, cookie: str | None = None) -> Run:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "-s", str(WRK_SCRIPT)]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(  # noqa: S603  (fixed arguments)
        [*command, url], capture_output=True, text=True, check=True
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("JSON "))
    data = json.loads(line[5:])
    seconds = data["duration_us"] / 1e6
    return Run(
        requests_per_second=data["requests"] / seconds,
        p50_ms=data["p50"] / 1000,
        p95_ms=data["p95"] / 1000,
        errors=data["socket_errors"] + data["non2xx"],
        size_kb=data["bytes"] / max(1, data["requests"]) / 1024,
    )


def pages(slug: str) -> list[tuple[str, str]]:
    consultation = Consultation.objects.get(slug=slug)
    proposals = Proposal.objects.filter(consultation=consultation)
    busiest = proposals.order_by("-support_count").first()
    base = f"/consultas/{slug}/propuestas/"
    return [
        ("home", "/"),
        ("consultation", f"/consultas/{slug}/"),
        ("proposals list, recent", base),
        ("proposals list, most supported", f"{base}?orden=mas-apoyadas"),
        ("proposals list, most commented", f"{base}?orden=mas-comentadas"),
        ("proposals list, random", f"{base}?orden=aleatorio"),
        ("proposals list, search", f"{base}?q=ciclov%C3%ADa+plaza"),
        ("a proposal (most supported)", busiest.get_absolute_url()),
        ("the consultation's discussion", f"/conversaciones/{discussion_for(consultation).pk}/"),
        ("results", f"/consultas/{slug}/resultados/"),
        ("survey results", f"/consultas/{slug}/encuesta/resultados/"),
        ("API: proposals", f"/api/v1/consultations/{slug}/proposals/"),
        # bench/indicators_data.py's data set on the same database (issue 11).
        ("indicators", "/indicadores/"),
        ("indicators, a closed year", f"/indicadores/?anio={timezone.localdate().year - 1}"),
    ]


def signed_in_cookie(slug: str) -> str:
    viewer = User.objects.filter(supports__consultation__slug=slug).order_by("pk").first()
    client = Client()
    client.force_login(viewer)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def visitor_session(url: str) -> str:
    """The session cookie an anonymous visitor gets from ``url``."""
    with urlopen(url, timeout=30) as response:  # noqa: S310  (local server)
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            if name == settings.SESSION_COOKIE_NAME:
                return f"{name}={rest.split(';')[0]}"
    raise SystemExit(f"{url} started no session")


def check(base: str, path: str, cookie: str | None) -> None:
    """Each page answers 200 before it is measured (wrk would count redirects as done)."""
    command = ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", f"{base}{path}"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    status = subprocess.run(command, capture_output=True, text=True, check=False).stdout  # noqa: S603
    if status != "200":
        raise SystemExit(f"{path} answered {status}, not 200")


def measure(base: str, path: str, args: argparse.Namespace, cookie: str | None = None) -> Run:
    check(base, path, cookie)
    wrk(f"{base}{path}", duration=2, connections=args.connections, cookie=cookie)  # warm-up
    return wrk(f"{base}{path}", duration=args.duration, connections=args.connections, cookie=cookie)


def row(label: str, run: Run, floor: Run, target: float | None) -> str:
    share = run.requests_per_second / floor.requests_per_second
    verdict = ""
    if target is not None:
        ok = share >= target and run.p95_ms < TARGET_P95_MS and run.errors == 0
        verdict = "yes" if ok else "**no**"
    return (
        f"| {label} | {run.requests_per_second:,.0f} | {run.p50_ms:.1f} ms | {run.p95_ms:.1f} ms "
        f"| {share:.0%} | {run.errors} | {run.size_kb:.0f} KB | {verdict} |"
    )


HEADER = (
    "| page | requests/s | p50 | p95 | of the floor | errors | size | on target |\n"
    "|---|---:|---:|---:|---:|---:|---:|---|"
)


def collect_static(env: dict[str, str]) -> None:
    """Into STATIC_ROOT, as make serve does: the servers read its manifest."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env={**os.environ, **env},
        check=True,
    )


def production(args: argparse.Namespace, env: dict[str, str], run_dir: Path) -> None:
    # --moderation: the moderators' pages need a moderator; anonymous visitors read the log.
    anonymous_pages, signed_in_as = None, "a resident with supports"
    if args.planning:
        from bench import planning_data

        page_list, cookie = planning_data.pages(downloads=False), planning_data.signed_in_cookie()
    elif args.moderation:
        from bench import moderation_data

        anonymous_pages, page_list = moderation_data.serving_pages()
        cookie, signed_in_as = moderation_data.moderator_cookie(), "a moderator, second factor"
    else:
        page_list, cookie = pages(args.slug), signed_in_cookie(args.slug)
    static_root = ROOT / "staticfiles"
    collect_static(env)
    port, floor_port = serve.free_port(), serve.free_port()
    common = {"env": env, "http_workers": args.workers, "threads": args.threads}
    cabildo = serve.start(
        port=port, run_dir=run_dir / "cabildo", static_root=str(static_root), **common
    )
    floor = serve.start(
        port=floor_port,
        run_dir=run_dir / "floor",
        module="bench.floor",
        ws_server=None,
        **common,
    )
    try:
        workers = args.workers or serve.default_http_workers()
        print(
            f"Production setup (scripts/serve.py): nginx -> {serve.HTTP_SERVER} x {workers}, "
            f"/ws/ -> {serve.WS_SERVER}; wrk -t2 -c{args.connections} -d{args.duration}s.\n"
        )
        floor_run = measure(f"http://127.0.0.1:{floor_port}", "/", args)
        print(
            f"Floor (bare Django page, {floor_run.size_kb:.0f} KB): "
            f"{floor_run.requests_per_second:,.0f} requests/s, p50 {floor_run.p50_ms:.1f} ms, "
            f"p95 {floor_run.p95_ms:.1f} ms\n"
        )
        for who, who_cookie, target, scenario_pages in (
            ("anonymous", None, TARGET_ANONYMOUS, anonymous_pages or page_list),
            (f"signed in ({signed_in_as})", cookie, TARGET_SIGNED_IN, page_list),
        ):
            print(f"**{who}** (target: {target:.0%} of the floor, p95 < {TARGET_P95_MS} ms)\n")
            print(HEADER)
            for label, path in scenario_pages:
                page_cookie = who_cookie
                if who_cookie is None and "aleatorio" in path:
                    # A visitor's first "al azar" page starts their session (and order);
                    # measured: their next pages, with that session.
                    page_cookie = visitor_session(f"http://127.0.0.1:{port}{path}")
                    label += " (a visitor's next pages)"
                run = measure(f"http://127.0.0.1:{port}", path, args, page_cookie)
                print(row(f"{label} (`{path}`)", run, floor_run, target), flush=True)
            print()
        floor_after = measure(f"http://127.0.0.1:{floor_port}", "/", args)
        print(
            f"Floor again at the end: {floor_after.requests_per_second:,.0f} requests/s, "
            f"p95 {floor_after.p95_ms:.1f} ms"
        )
    finally:
        cabildo.stop()
        floor.stop()


def compare(args: argparse.Namespace, env: dict[str, str], run_dir: Path) -> None:
    page_list = [p for p in pages(args.slug) if p[0] in COMPARED]
    collect_static(env)
    # The same rendering work for every server: no page served from the cache.
    env = {**env, "PAGE_CACHE_SECONDS": "0"}
    print(f"Servers without a proxy, anonymous; wrk -t2 -c{args.connections} -d{args.duration}s.\n")
    print("| server | page | requests/s | p50 | p95 | of the floor | errors |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for kind in args.compare.split(","):
        workers = 1 if kind == "daphne" else args.workers or serve.default_http_workers()
        threads = args.threads
        label = f"{kind} ({workers} process{'es' if workers > 1 else ''}"
        label += f" x {threads} threads)" if kind in ("gunicorn-gthread", "granian-wsgi") else ")"
        port, floor_port = serve.free_port(), serve.free_port()
        options = {"http_server": kind, "http_workers": workers, "threads": threads}
        cabildo = serve.start(port=port, env=env, run_dir=run_dir / kind, proxy=False, **options)
        floor = serve.start(
            port=floor_port,
            env=env,
            run_dir=run_dir / f"{kind}-floor",
            module="bench.floor",
            proxy=False,
            **options,
        )
        try:
            floor_run = measure(f"http://127.0.0.1:{floor_port}", "/", args)
            print(
                f"| {label} | floor | {floor_run.requests_per_second:,.0f} "
                f"| {floor_run.p50_ms:.1f} ms | {floor_run.p95_ms:.1f} ms | 100% | "
                f"{floor_run.errors} |",
                flush=True,
            )
            for page_label, path in page_list:
                run = measure(f"http://127.0.0.1:{port}", path, args)
                share = run.requests_per_second / floor_run.requests_per_second
                print(
                    f"| {label} | {page_label} | {run.requests_per_second:,.0f} "
                    f"| {run.p50_ms:.1f} ms | {run.p95_ms:.1f} ms | {share:.0%} | {run.errors} |",
                    flush=True,
                )
        finally:
            cabildo.stop()
            floor.stop()


COMPARED = {"home", "proposals list, recent", "a proposal (most supported)"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per page")
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--workers", type=int, default=None, help="HTTP processes")
    parser.add_argument("--threads", type=int, default=4, help="threads (gthread, granian)")
    parser.add_argument("--slug", default="bench")
    parser.add_argument("--compare", default="", help="server kinds, comma-separated")
    parser.add_argument(
        "--planning",
        action="store_true",
        help="the planning pages of bench/planning_data.py instead of the consultations'",
    )
    parser.add_argument(
        "--moderation",
        action="store_true",
        help="the moderators' pages of bench/moderation_data.py instead of the consultations'",
    )
    args = parser.parse_args()
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        print("Needs DATABASE_URL (PostgreSQL, after manage.py bench_data) and REDIS_URL.")
        return 2
    for tool in ("wrk", "curl"):
        if not shutil.which(tool):
            print(f"Needs {tool} (Debian's package).")
            return 2
    env = {name: os.environ[name] for name in (*SERVER_ENV, "DATABASE_URL", "REDIS_URL")}
    with tempfile.TemporaryDirectory(prefix="cabildo-http-") as run_dir:
        if args.compare:
            compare(args, env, Path(run_dir))
        else:
            production(args, env, Path(run_dir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
