"""Browser tests: Debian's Chromium driven by Playwright against a live ASGI server.

``live_asgi`` serves ``config.asgi.application`` (HTTP and WebSockets) with uvicorn in a
background thread, on the pytest-django test database. Every browser context fails its test
on a Content Security Policy report or an uncaught JavaScript error.

Playwright's sync API keeps an event loop running in the test thread from the moment it
starts until it stops. Started once per session (pytest-playwright's default), that loop
would outlive this folder and break every later test that uses the ORM (Django refuses it
from a thread with a running loop) or pytest-asyncio (which cannot start a second loop).
So Playwright, the browser type and the browser are package-scoped here: they stop, and
``DJANGO_ALLOW_ASYNC_UNSAFE`` is unset, when the last test of this folder has run.
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connections
from playwright.sync_api import (
    Browser,
    BrowserContext,
    BrowserType,
    Page,
    Playwright,
    sync_playwright,
)

from tests.browser.support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP_VIEWPORT,
    MOBILE,
    TIMEOUT_MS,
    LiveASGIServer,
    PageProblems,
)

# Re-exported: tests written before support.py existed import these from the conftest.
from tests.browser.support import log_in as log_in
from tests.browser.support import outside_event_loop as outside_event_loop

HERE = Path(__file__).parent


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark this folder's tests and run them after all others.

    Conftest hooks see the whole session's items. Last, because each browser test empties
    the tables (transactional_db) and tests that run later inside a transaction would
    find no comunas; pytest-django puts transactional tests last, but pytest's grouping
    by the session-scoped ``browser_name`` parameter (trylast: after both) undoes that.
    It also keeps Playwright's event loop away from every other test.
    """
    browser_items = []
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)
            # WhiteNoise serves static files with a synchronous iterator, which Django's
            # ASGI handler reads whole before sending; harmless for tests, and production
            # serves static files through WSGI or the proxy (ARCHITECTURE.md, "Serving").
            item.add_marker(
                pytest.mark.filterwarnings(
                    "ignore:StreamingHttpResponse must consume synchronous iterators"
                )
            )
            browser_items.append(item)
    if browser_items:
        others = [item for item in items if HERE not in item.path.parents]
        items[:] = others + browser_items


# --- The live server ---------------------------------------------------------------------


@pytest.fixture
def live_asgi(
    transactional_db: None, django_db_serialized_rollback: None
) -> Iterator[LiveASGIServer]:
    """A running live server for this test; ``live_asgi.url`` is its address.

    transactional_db: the server's threads use their own database connections, so the
    test's rows must be committed (on SQLite the in-memory test database is shared
    between connections). Each test ends with the tables emptied; serialized rollback
    puts back what migrations loaded (regions and comunas) before the next one.
    """
    server = LiveASGIServer()
    server.start()
    yield server
    server.stop()


# --- Playwright, Debian's Chromium ---------------------------------------------------------


@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    # Playwright's sync API runs its event loop in this thread; the ORM calls made by the
    # tests and fixtures are still synchronous and sequential.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # With a loop running, Django's per-thread connection storage switches to per-context
    # storage and would hand this thread fresh connection objects: ones without the test
    # database's serialized contents (serialized rollback would restore nothing) and, on
    # PostgreSQL, left open when the loop stops. Keep this thread's own connections.
    own_connections = {alias: connections[alias] for alias in connections}
    with sync_playwright() as pw:
        for alias, connection in own_connections.items():
            connections[alias] = connection
        yield pw
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def browser_type(playwright: Playwright, browser_name: str) -> BrowserType:
    return getattr(playwright, browser_name)


@pytest.fixture(scope="session")
def browser_type_launch_args(pytestconfig: pytest.Config) -> dict[str, Any]:
    # Playwright's own browser download does not work here: use Debian's Chromium.
    return {
        "executable_path": CHROMIUM,
        "headless": not pytestconfig.getoption("--headed"),
        "args": CHROMIUM_ARGS,
        "slow_mo": pytestconfig.getoption("--slowmo"),
    }


@pytest.fixture(scope="package")
def launch_browser(
    browser_type_launch_args: dict[str, Any], browser_type: BrowserType
) -> Callable[..., Browser]:
    def launch(**kwargs: Any) -> Browser:
        return browser_type.launch(**{**browser_type_launch_args, **kwargs})

    return launch


@pytest.fixture(scope="package")
def browser(launch_browser: Callable[..., Browser]) -> Iterator[Browser]:
    browser = launch_browser()
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def browser_context_args(pytestconfig: pytest.Config, _pw_artifacts_folder: Any) -> dict:
    args: dict[str, Any] = {
        "locale": "es-CL",
        "timezone_id": "America/Santiago",
        "viewport": DESKTOP_VIEWPORT,
    }
    if pytestconfig.getoption("--video") in ("on", "retain-on-failure"):
        args["record_video_dir"] = _pw_artifacts_folder.name
    return args


@pytest.fixture
def page_problems() -> PageProblems:
    return PageProblems()


@pytest.fixture
def new_context(
    browser: Browser,
    browser_context_args: dict[str, Any],
    _artifacts_recorder: Any,
    page_problems: PageProblems,
    request: pytest.FixtureRequest,
) -> Iterator[Callable[..., BrowserContext]]:
    """Like pytest-playwright's factory (tracing, screenshots, videos on its options), with
    keyword arguments that override the defaults, short timeouts and the CSP / error watch.
    """
    marker = request.node.get_closest_marker("browser_context_args")
    defaults = {**browser_context_args, **(marker.kwargs if marker else {})}
    contexts: list[BrowserContext] = []

    def _new_context(**kwargs: Any) -> BrowserContext:
        context = browser.new_context(**{**defaults, **kwargs})
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        page_problems.watch(context)
        _artifacts_recorder.on_did_create_browser_context(context)
        contexts.append(context)
        return context

    yield _new_context
    for context in contexts:
        _artifacts_recorder.on_will_close_browser_context(context)
        context.close()
    if page_problems.messages:
        pytest.fail(
            "The browser reported Content Security Policy violations or errors:\n"
            + "\n".join(page_problems.messages),
            pytrace=False,
        )


@pytest.fixture
def mobile_page(new_context: Callable[..., BrowserContext]) -> Page:
    """A page in a 360 px wide phone-like context."""
    return new_context(**MOBILE).new_page()
