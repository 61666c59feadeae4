"""Whole pages for anonymous visitors, kept in the cache until anything they may show changes
(and, with ``shared_fragment``, the parts of signed-in pages that are the same for all).

Most visits are anonymous reads of the same few pages. A view decorated with
:func:`cache_for_anonymous` renders once per URL (path and query), language and *content
generation*, and is then served from the cache (Redis: every process shares it) for
``PAGE_CACHE_SECONDS`` at most.

Invalidation is by writing, not by listing what each page shows: every statement that
writes (INSERT, UPDATE, DELETE) to a table pages read bumps one content generation
(:func:`install` wraps every database connection), when it runs and again after its
transaction commits. A page rendered from the data before the commit is stored under
the generation before the second bump, so it is never served after it. Whatever writes,
an action, the admin, a management command or a task, a hidden comment or an unpublished
consultation leaves every cached page at once. The tables that no anonymous page reads
(sessions, notifications, rate limits, tasks, sign-in records) are left out in
``UNSHARED_TABLES``, and so are survey responses: results pages show figures refreshed on
their own schedule (``common.cache.cached_aggregate``).

Never served from the cache: a signed-in person, a visitor with messages waiting ("your
comment was published"), anything but GET and HEAD. Never stored: an answer other than
200, one that sets a cookie or changed the session (the "al azar" order's seed), one
marked private or no-store. The CSRF token of the page's forms (the language switch) is
a hole filled per request with the visitor's own token.

While Redis is unreachable the cache backend answers from each process's memory
(``common.cache_backend``), where another process's bump is not seen: pages are then
neither served from nor stored in the cache, and a bump that could not reach Redis is
repeated before this process serves a cached page again. Without Redis (one process:
``make run``, the tests) the local-memory cache serves; a production start without
``REDIS_URL`` (several processes, each its own memory) turns page caching off.
"""

import hashlib
import re
import threading
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.backends.signals import connection_created
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

GENERATION_KEY = "pagecache:generation"
CSRF_HOLE = b"\x00cabildo-csrf\x00"
_CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{32,64}(")')
HEADER = "X-Page-Cache"

# Tables written without changing any page an anonymous visitor can see.
UNSHARED_TABLES = frozenset(
    {
        "django_session",
        "django_admin_log",
        "accounts_notification",
        "accounts_emaildelivery",
        "account_emailaddress",
        "account_emailconfirmation",
        "mfa_authenticator",
        "socialaccount_socialaccount",
        "socialaccount_socialtoken",
        "django_tasks_database_dbtaskresult",
        "django_tasks_db_dbtaskresult",
        "surveys_response",
        "surveys_answer",
        "surveys_answerchoice",
    }
)
# A sign-in writes the person's last_login; nothing public shows it.
_LAST_LOGIN = re.compile(r'^UPDATE "accounts_user" SET "last_login" = \S+ WHERE', re.IGNORECASE)
_WRITE = re.compile(
    r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z0-9_]+)"?', re.IGNORECASE
)

_pending = threading.Event()  # a bump that did not reach Redis, to repeat


def enabled() -> bool:
    return settings.PAGE_CACHE_SECONDS > 0


def _shared() -> bool:
    """Whether the cache in use is the one every process shares (not an outage's memory)."""
    return getattr(cache, "shared", lambda: True)()


# --- Invalidation -------------------------------------------------------------------------


def bump() -> None:
    """A new content generation: every cached page is out of date."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # the first write since Redis started empty, or the key was evicted
        _start_generation()
    if _shared():
        _pending.clear()
    else:
        _pending.set()


def _start_generation() -> None:
    """A first generation never used before (the clock's nanoseconds), so that pages
    stored before the key was lost can never match it."""
    cache.add(GENERATION_KEY, time.time_ns(), None)


def _is_shared_write(sql: str) -> bool:
    match = _WRITE.match(sql)
    if match is None:
        return False
    return match.group(1) not in UNSHARED_TABLES and not _LAST_LOGIN.match(sql)


def _watch(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
    result = execute(sql, params, many, context)
    if _is_shared_write(sql):
        # Now, for whoever reads this connection's own uncommitted writes (the tests run
        # inside one transaction that never commits)...
        bump()
        connection = context["connection"]
        if connection.in_atomic_block and not any(
            func is bump for _sids, func, _robust in connection.run_on_commit
        ):
            # ...and once the write is visible to everyone.
            transaction.on_commit(bump, using=connection.alias)
    return result


def _on_connection_created(sender: Any, connection: Any, **kwargs: Any) -> None:
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch)


def install() -> None:
    """Watch the writes of every connection opened from now on (and those already open)."""
    from django.db import connections

    connection_created.connect(_on_connection_created, dispatch_uid="common.pagecache")
    for connection in connections.all(initialized_only=True):
        _on_connection_created(None, connection)


# --- Serving ------------------------------------------------------------------------------


def _anonymous_without_messages(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or "messages" in request.COOKIES:
        return False
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return True  # no session: no person, no messages kept there
    if request.user.is_authenticated:
        return False
    return not request.session.get("_messages")


def _key(request: HttpRequest, vary: str) -> str:
    query = sorted(request.GET.lists())
    raw = f"{request.scheme}://{request.get_host()}{request.path}?{query!r}#{vary}".encode()
    return f"page:{get_language()}:{hashlib.sha256(raw).hexdigest()}"


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if "private" in response.get("Cache-Control", "") or "no-store" in response.get(
        "Cache-Control", ""
    ):
        return False
    session = getattr(request, "session", None)
    return not (session is not None and session.modified)


def _from_cache(request: HttpRequest, entry: tuple[str, bytes]) -> HttpResponse:
    content_type, body = entry
    if CSRF_HOLE in body:
        body = body.replace(CSRF_HOLE, get_token(request).encode())
    response = HttpResponse(body, content_type=content_type)
    response[HEADER] = "hit"
    return response


def _lookup(key: str) -> tuple[Any, tuple | None]:
    """The current generation and what ``key`` holds for it, in one cache read.

    The generation is None when nothing may be stored (Redis unreachable, a bump still to
    repeat, the generation lost and just restarted); the entry, without its generation,
    is None unless it was stored under the current one."""
    if _pending.is_set():
        bump()
    found = cache.get_many([key, GENERATION_KEY])
    if not _shared() or _pending.is_set():
        return None, None
    if GENERATION_KEY not in found:
        _start_generation()
        return None, None
    generation = found[GENERATION_KEY]
    entry = found.get(key)
    if entry is not None and entry[0] == generation:
        return generation, entry[1:]
    return generation, None


def cache_for_anonymous(
    view: Callable[..., HttpResponse] | None = None,
    *,
    vary: Callable[[HttpRequest], str | None] | None = None,
    everyone: bool = False,
) -> Any:
    """Serve ``view`` to anonymous visitors from the cache, as the module says.

    ``vary(request)`` adds to the key what else the page depends on; returning ``None``
    renders without the cache (the first "al azar" page, before the visitor has a seed).
    ``everyone``: the answer never depends on who asks (the JSON API: public data only,
    the same for a signed-in official): served from the cache to signed-in people too.
    """

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not enabled() or request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            if not everyone and not _anonymous_without_messages(request):
                return view(request, *args, **kwargs)
            extra = vary(request) if vary else ""
            if extra is None:
                return view(request, *args, **kwargs)
            key = _key(request, extra)
            generation, entry = _lookup(key)
            if entry is not None:
                return _from_cache(request, entry)
            response = view(request, *args, **kwargs)
            if generation is not None and _storable(request, response):
                body = _CSRF_INPUT.sub(rb"\1" + CSRF_HOLE + rb"\2", response.content)
                content_type = response["Content-Type"]
                cache.set(key, (generation, content_type, body), settings.PAGE_CACHE_SECONDS)
                response[HEADER] = "miss"
            return response

        return wrapper

    return decorate(view) if view is not None else decorate


# --- Fragments shared by every viewer -------------------------------------------------------


def shared_fragment(name: str, parts: Any, compute: Callable[[], Any]) -> Any:
    """What ``compute()`` returns (picklable: rendered HTML, ids), kept like a cached page:
    per language and content generation, for signed-in people too. For the parts of a
    page that are the same for everyone who may see it (a list's cards without their
    support buttons); ``parts`` names them (the page's filters and number). The caller
    checks access first, and leaves out of ``compute`` whatever depends on the viewer."""
    if not enabled():
        return compute()
    raw = repr((name, parts)).encode()
    key = f"fragment:{name}:{get_language()}:{hashlib.sha256(raw).hexdigest()}"
    generation, entry = _lookup(key)
    if entry is not None:
        return entry[0]
    value = compute()
    if generation is not None:
        cache.set(key, (generation, value), settings.PAGE_CACHE_SECONDS)
    return value


# --- Slots: each viewer's own parts inside a shared one ------------------------------------

SLOT = re.compile(r"<!--slot:([A-Za-z0-9_-]+)-->")
SLOT_SEPARATOR = "\x1e"


def render_slots(
    template_name: str, keys: list[Any], context: dict[str, Any], request: Any = None
) -> dict[str, str]:
    """One viewer's parts for the slots of a shared part, from one rendering of
    ``template_name``, which renders them in the order of ``keys``, each followed by
    ``separator``: a part per slot key (``str(key)``)."""
    rendered = render_to_string(
        template_name, {**context, "separator": SLOT_SEPARATOR}, request=request
    )
    return dict(zip(map(str, keys), rendered.split(SLOT_SEPARATOR), strict=False))


def fill_slots(html: str, fills: dict[str, str]) -> str:
    """``html`` with each ``<!--slot:<key>-->`` replaced by ``fills[key]`` (empty when
    missing)."""
    # Both sides are templates' output, escaped when they were rendered.
    return mark_safe(SLOT.sub(lambda slot: fills.get(slot.group(1), ""), html))  # noqa: S308
