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
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from django.conf import settings
from django.test import Client
from playwright.sync_api import (
    Browser,
    BrowserContext,
    BrowserType,
    ConsoleMessage,
    Page,
    Playwright,
    WebError,
    sync_playwright,
)

HERE = Path(__file__).parent

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium keeps trying to reach Google's services
# from the closed network and misbehaves.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP_VIEWPORT = {"width": 1280, "height": 800}
# The narrowest phone Cabildo supports; use with `new_context(**MOBILE)`.
MOBILE = {
    "viewport": {"width": 360, "height": 740},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
# Generous for a loaded CI machine, far below Playwright's 30 s default: a broken page
# fails fast.
TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Conftest hooks see the whole session's items: mark only the ones in this folder.
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)


# --- The live server ---------------------------------------------------------------------


class _Server(uvicorn.Server):
    """uvicorn's server, telling the test thread when it listens."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.listening = threading.Event()

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        self.listening.set()


class LiveASGIServer:
    """``config.asgi.application`` under uvicorn in a background thread of this process.

    Same process, so tests share the test database, ``mail.outbox``, the cache and the
    in-memory channel layer with the server. ``stop()`` then ``start()`` restarts it on
    the same port, so pages and WebSockets reconnect to the same ``url``.
    """

    host = "127.0.0.1"

    def __init__(self) -> None:
        self.port = 0
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.running:
            raise RuntimeError("The live server is already running.")
        from config.asgi import application

        # Bound here rather than by uvicorn: the first start takes a free port atomically
        # (port 0), a restart takes the same one back (SO_REUSEADDR skips TIME_WAIT).
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(
            application,
            lifespan="off",  # Django's ASGI application has no lifespan protocol.
            loop="asyncio",
            log_level="warning",
            access_log=False,
            # Open WebSockets are closed (1012, service restart) on stop; bounded so a
            # hung request cannot block a test.
            timeout_graceful_shutdown=2,
        )
        server = _Server(config)
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="live-asgi", daemon=True
        )
        thread.start()
        if not server.listening.wait(timeout=10) or not thread.is_alive():
            server.should_exit = True
            thread.join(timeout=5)
            sock.close()
            raise RuntimeError("uvicorn did not start; see the captured log.")
        self._server, self._thread = server, thread

    def stop(self) -> None:
        """Stop as a process would: connections closed, in-process channel layer gone."""
        if self._server is None or self._thread is None:
            return
        self._server.should_exit = True
        self._thread.join(timeout=10)
        if self._thread.is_alive():
            raise RuntimeError("uvicorn did not stop within 10 s.")
        self._server = self._thread = None
        # The in-memory channel layer lived in the stopped process; a restarted one starts
        # empty (its queues also belonged to the stopped event loop).
        from channels.layers import channel_layers

        channel_layers.backends.clear()

    def restart(self) -> None:
        self.stop()
        self.start()


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
    with sync_playwright() as pw:
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


class PageProblems:
    """Content Security Policy reports and uncaught errors seen by a browser context."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def watch(self, context: BrowserContext) -> None:
        context.on("console", self._on_console)
        context.on("weberror", self._on_web_error)

    def _on_console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            self.messages.append(f"[console {message.type}] {message.page and message.page.url}: "
                                 f"{message.text}")

    def _on_web_error(self, error: WebError) -> None:
        page = error.page.url if error.page else "?"
        self.messages.append(f"[pageerror] {page}: {error.error}")


@pytest.fixture
def page_problems() -> PageProblems:
    return PageProblems()


@pytest.fixture
def new_context(
    new_context: Callable[..., BrowserContext], page_problems: PageProblems
) -> Iterator[Callable[..., BrowserContext]]:
    """pytest-playwright's factory, with short timeouts and the CSP / error watch."""

    def _new_context(**kwargs: Any) -> BrowserContext:
        context = new_context(**kwargs)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        page_problems.watch(context)
        return context

    yield _new_context
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


# --- Signing in ----------------------------------------------------------------------------


def log_in(context: BrowserContext, server: LiveASGIServer, user: Any) -> None:
    """Sign the browser context in as ``user`` without going through the login form.

    ``force_login`` creates a real session (no password or second factor asked), whose
    cookie is handed to the browser for the live server's address.
    """
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": server.url,
                "httpOnly": True,
                "sameSite": "Lax",
            }
        ]
    )
