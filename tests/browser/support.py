"""What browser tests use besides fixtures: the live ASGI server, signing in, viewports,
the watch for Content Security Policy reports, and running code outside Playwright's loop.
"""

import os
import socket
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

import uvicorn
from django.conf import settings
from django.db import connections
from django.utils import timezone
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, WebError

from tests.conftest import client_for

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


# --- The live server ----------------------------------------------------------------


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


# --- Problems the browser reports ---------------------------------------------------


class PageProblems:
    """Content Security Policy reports and uncaught errors seen by a browser context."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def watch(self, context: BrowserContext) -> None:
        context.on("console", self._on_console)
        context.on("weberror", self._on_web_error)

    def _on_console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            self.messages.append(
                f"[console {message.type}] {message.page and message.page.url}: {message.text}"
            )

    def _on_web_error(self, error: WebError) -> None:
        page = error.page.url if error.page else "?"
        self.messages.append(f"[pageerror] {page}: {error.error}")


# --- Signing in ----------------------------------------------------------------------------


def log_in(context: BrowserContext, server: LiveASGIServer, user: Any) -> None:
    """Sign the browser context in as ``user`` without going through the login form.

    ``client_for`` creates a real session (no password or second factor asked; staff with
    TOTP get it recorded as passed), whose cookie is handed to the browser for the live
    server's address.
    """
    client = client_for(user)
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


def signed_in_page(
    new_context: Callable[..., BrowserContext], server: LiveASGIServer, user: Any, **kwargs: Any
) -> Page:
    """A page in a new browser context (``kwargs`` for the context) signed in as ``user``."""
    context = new_context(**kwargs)
    log_in(context, server, user)
    return context.new_page()


def datetime_local(moment: datetime) -> str:
    """What a ``datetime-local`` input holds for ``moment``: Chile's time, to the minute."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


# --- Code that must not run on Playwright's event loop -------------------------------------


def outside_event_loop[T](function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run ``function`` in a plain thread and return its result (or raise its error).

    Playwright's loop runs in the test thread, where ``async_to_sync`` refuses to work:
    call an action that broadcasts (``transaction.on_commit`` → channel layer) through
    this, e.g. ``outside_event_loop(do_post_comment, author, discussion=..., body=...)``.
    The thread's database connections are closed when it ends.
    """
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["result"] = function(*args, **kwargs)
        except BaseException as error:
            outcome["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=target, name="outside-event-loop")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]
