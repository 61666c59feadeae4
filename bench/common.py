"""Setup, timing and reporting shared by the page benchmarks (consultations, surveys,
discussions).

A script puts the project root on ``sys.path``, imports this module, calls
``setup_django()`` and only then imports models. Importing this module does not need
Django to be set up.
"""

import os
import statistics
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from time import perf_counter
from typing import TYPE_CHECKING, Any

from django.db import connection

if TYPE_CHECKING:
    from django.test import Client

BUDGET_MS = 50

# Production-like: DEBUG off (no query log, cached templates), plain HTTP for the test
# client, no rate limits. Values already in the environment win.
ENVIRONMENT_DEFAULTS = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DEBUG": "false",
    "SECRET_KEY": "bench-only-" + "x" * 40,
    "ALLOWED_HOSTS": "testserver",
    "SECURE_SSL_REDIRECT": "false",
    "RATE_LIMITS_ENABLED": "false",
}


def setup_django() -> None:
    for name, value in ENVIRONMENT_DEFAULTS.items():
        os.environ.setdefault(name, value)
    import django

    django.setup()


class QueryTimer:
    """Counts and times the SQL statements run while installed (``connection.execute_wrapper``)."""

    def __init__(self) -> None:
        self.count = 0
        self.seconds = 0.0

    def __call__(
        self,
        execute: Callable[..., Any],
        sql: str,
        params: Any,
        many: bool,
        context: dict[str, Any],
    ) -> Any:
        started = perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.count += 1
            self.seconds += perf_counter() - started


@dataclass(frozen=True)
class Result:
    """One page's figures, in milliseconds except the last two (of the last request)."""

    median: float
    p90: float
    fastest: float
    sql: float  # median time spent in SQL
    queries: int
    size: int  # bytes of the response body


def measure_in_turns(
    client: "Client",
    urls: Sequence[str],
    repeat: int,
    *,
    warmup: int = 3,
    before_each: Callable[[], object] | None = None,
) -> list[Result]:
    """Request the pages in turns (page 1, page 2, …, page 1, …), so a burst of load on the
    machine falls on every page alike rather than on whichever was being measured.

    Each page is first requested ``warmup`` times, untimed. ``before_each`` runs before every
    timed request, outside the timing (e.g. ``cache.clear`` for cold figures). A streamed
    response is read to its end within the timing.
    """
    for url in urls:
        for _ in range(warmup):
            _check(url, client.get(url).status_code)
    times: list[list[float]] = [[] for _ in urls]
    sql: list[list[float]] = [[] for _ in urls]
    queries = [0] * len(urls)
    sizes = [0] * len(urls)
    for _ in range(repeat):
        for index, url in enumerate(urls):
            if before_each is not None:
                before_each()
            timer = QueryTimer()
            with connection.execute_wrapper(timer):
                started = perf_counter()
                response = client.get(url)
                if response.streaming:
                    sizes[index] = sum(len(chunk) for chunk in response.streaming_content)
                times[index].append((perf_counter() - started) * 1000)
            _check(url, response.status_code)
            if not response.streaming:
                sizes[index] = len(response.content)
            sql[index].append(timer.seconds * 1000)
            queries[index] = timer.count
    results = []
    for index in range(len(urls)):
        ordered = sorted(times[index])
        results.append(
            Result(
                median=statistics.median(ordered),
                p90=ordered[max(int(len(ordered) * 0.9) - 1, 0)],
                fastest=ordered[0],
                sql=statistics.median(sql[index]),
                queries=queries[index],
                size=sizes[index],
            )
        )
    return results


def measure(
    client: "Client",
    url: str,
    repeat: int,
    *,
    warmup: int = 3,
    before_each: Callable[[], object] | None = None,
) -> Result:
    """One page ``repeat`` times: see ``measure_in_turns``."""
    return measure_in_turns(client, [url], repeat, warmup=warmup, before_each=before_each)[0]


def _check(url: str, status: int) -> None:
    if status != 200:
        raise SystemExit(f"{url} answered {status}")


def print_line(label: str, result: Result, *, width: int) -> None:
    """One page as a line of text, flagged when its median is over the budget."""
    flag = "" if result.median < BUDGET_MS else "  <-- over budget"
    print(
        f"{label:{width}} {result.median:6.1f} ms  p90 {result.p90:6.1f} ms  "
        f"SQL {result.sql:5.1f} ms  {result.queries:2} queries{flag}"
    )


def print_markdown(rows: Sequence[tuple[str, str, Result]]) -> None:
    """(label, url, result) rows as the Markdown table of bench/README.md."""
    print("| page | median | p90 | of which SQL | queries |")
    print("|---|---:|---:|---:|---:|")
    for label, url, result in rows:
        print(
            f"| {label} (`{url}`) | {result.median:.1f} ms | {result.p90:.1f} ms | "
            f"{result.sql:.1f} ms | {result.queries} |"
        )


@contextmanager
def plain_static_storages() -> Iterator[None]:
    """Static URLs without the manifest (no collectstatic needed); the lookup costs the same
    either way."""
    from django.conf import settings
    from django.test.utils import override_settings

    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        yield
