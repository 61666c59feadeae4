"""Server time of the consultations pages on the ``bench_data`` data set (PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cabildo_cons \\
        .venv/bin/python manage.py bench_data --reset
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cabildo_cons \\
        .venv/bin/python bench/consultations.py [--repeat 50] [--markdown]

Each page is requested through Django's test client in this process (the whole request:
middleware, view, queries, template; no network), with production settings (DEBUG off),
as a signed-in resident so the per-viewer parts (their supports, limits, notifications)
are included. After a few warm-up requests, the pages are requested in turns ``--repeat`` times; it
prints each page's median and 90th percentile, the median time spent in SQL, and the
number of SQL queries of one request.
"""

import argparse
import os
import statistics
import sys
from pathlib import Path
from time import perf_counter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Production-like: DEBUG off (no query log, cached templates), plain HTTP for the client.
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("RATE_LIMITS_ENABLED", "false")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from accounts.models import User  # noqa: E402
from consultations.models import Consultation, Proposal  # noqa: E402

BUDGET_MS = 50


class QueryTimer:
    """Counts and times the SQL statements run while it is installed."""

    def __init__(self) -> None:
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        started = perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.count += 1
            self.seconds += perf_counter() - started


def measure(client: Client, urls: list[str], repeat: int) -> list[dict[str, float]]:
    """Request the pages in turns (page 1, page 2, …, page 1, …), so a burst of load on the
    machine falls on every page alike rather than on whichever was being measured."""
    for url in urls:
        for _ in range(3):
            client.get(url)
    times: list[list[float]] = [[] for _ in urls]
    sql: list[list[float]] = [[] for _ in urls]
    queries = [0] * len(urls)
    for _ in range(repeat):
        for index, url in enumerate(urls):
            timer = QueryTimer()
            with connection.execute_wrapper(timer):
                started = perf_counter()
                response = client.get(url)
                times[index].append((perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
            sql[index].append(timer.seconds * 1000)
            queries[index] = timer.count
    results = []
    for index in range(len(urls)):
        ordered = sorted(times[index])
        results.append(
            {
                "median": statistics.median(ordered),
                "p90": ordered[max(int(len(ordered) * 0.9) - 1, 0)],
                "sql": statistics.median(sql[index]),
                "queries": queries[index],
            }
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--slug", default="bench")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("Run it on PostgreSQL (DATABASE_URL), after manage.py bench_data.")

    # Persistent connections, as a production deployment should use (CONN_MAX_AGE or a
    # pool): otherwise every request also pays for a new PostgreSQL connection.
    connection.settings_dict["CONN_MAX_AGE"] = 600
    consultation = Consultation.objects.get(slug=args.slug)
    proposals = Proposal.objects.filter(consultation=consultation)
    busiest = proposals.order_by("-support_count").first()
    recent = proposals.order_by("-created_at").first()
    viewer = User.objects.filter(supports__consultation=consultation).order_by("pk").first()
    client = Client()
    client.force_login(viewer)

    base = f"/consultas/{args.slug}/propuestas/"
    pages = [
        ("Proposals list, recent", base),
        ("Proposals list, most supported", f"{base}?orden=mas-apoyadas"),
        ("Proposals list, random (visitor seed)", f"{base}?orden=aleatorio"),
        ("Proposals list, most commented", f"{base}?orden=mas-comentadas"),
        ("Proposals list, most supported, page 50", f"{base}?orden=mas-apoyadas&pagina=50"),
        ("Proposals list, topic filter", f"{base}?tema=movilidad&orden=mas-apoyadas"),
        ("Proposals list, full-text search", f"{base}?q=ciclov%C3%ADa+plaza"),
        (
            f"Proposal page (most supported: {busiest.support_count:,} supports)",
            busiest.get_absolute_url(),
        ),
        ("Proposal page (newest)", recent.get_absolute_url()),
    ]
    counts = (
        f"{proposals.count():,} proposals, "
        f"{sum(proposals.values_list('support_count', flat=True)):,} supports"
    )
    print(f"Data: {counts}; {args.repeat} requests per page, signed in.")
    rows = []
    results = measure(client, [url for _label, url in pages], args.repeat)
    for (label, url), result in zip(pages, results, strict=True):
        rows.append((label, url, result))
        if not args.markdown:
            flag = "" if result["median"] < BUDGET_MS else "  <-- over budget"
            print(
                f"{label:58} {result['median']:6.1f} ms  p90 {result['p90']:6.1f} ms  "
                f"SQL {result['sql']:5.1f} ms  {result['queries']:2} queries{flag}"
            )
    if args.markdown:
        print("| page | median | p90 | of which SQL | queries |")
        print("|---|---:|---:|---:|---:|")
        for label, url, r in rows:
            print(
                f"| {label} (`{url}`) | {r['median']:.1f} ms | {r['p90']:.1f} ms | "
                f"{r['sql']:.1f} ms | {r['queries']} |"
            )


if __name__ == "__main__":
    # Static URLs without the manifest (no collectstatic needed); the lookup costs the
    # same either way.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        main()
