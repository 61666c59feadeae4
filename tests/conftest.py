"""Personas and shared fixtures (STYLE.md §6).

Staff personas (moderator, official, admin) have TOTP set up, so they can act; the
``*_without_2fa`` personas hold the role but have not activated it yet.
"""

import time
from contextlib import contextmanager
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.totp.internal.auth import TOTP
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import timezone

from accounts.roles import has_two_factor, mark_second_factor
from tests.factories import DivisionFactory, UserFactory

TOTP_SECRET = "JBSWY3DPEHPK3PXPTESTTEST"


@pytest.fixture(scope="session", autouse=True)
def _end_stray_connections(django_db_setup, django_db_blocker):
    """Before the test database is dropped, end the connections that live-server and
    channels worker threads still hold (PostgreSQL refuses to drop a database in use)."""
    yield
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate limits and caches live in the cache; each test starts clean. So does the live
    # rooms' catch-up memo (ids repeat from one test to the next; never in production).
    from deliberation import rooms

    cache.clear()
    rooms.forget_catch_ups()
    yield
    cache.clear()
    rooms.forget_catch_ups()


@pytest.fixture(autouse=True)
def _territory(request):
    """Reload the regions and comunas if a transactional test flushed them.

    Migration 0002 loads the territory once, but every ``transaction=True`` test
    (concurrency, browser, consumers) empties all tables when it ends, and pytest may run
    ordinary tests after it. Costs one query per database test; loads only when missing.
    """
    marker = request.node.get_closest_marker("django_db")
    wanted = {"db", "transactional_db", "live_asgi"} & set(request.fixturenames)
    if marker is None and not wanted:
        return
    transactional = "transactional_db" in wanted or "live_asgi" in wanted
    if marker is not None and marker.kwargs.get("transaction"):
        transactional = True
    request.getfixturevalue("transactional_db" if transactional else "db")
    from accounts.models import Comuna, Region
    from accounts.territory import load_territory

    if not Comuna.objects.exists():
        load_territory(Region, Comuna)


def _rendering(assert_queries):
    """A query-count assertion measures the page as rendered, not as served from the page
    cache (a cached page costs none): the cache is off inside the block."""

    @contextmanager
    def wrapped(*args, **kwargs):
        with override_settings(PAGE_CACHE_SECONDS=0), assert_queries(*args, **kwargs) as ctx:
            yield ctx

    return wrapped


@pytest.fixture
def django_assert_num_queries(django_assert_num_queries):
    return _rendering(django_assert_num_queries)


@pytest.fixture
def django_assert_max_num_queries(django_assert_max_num_queries):
    return _rendering(django_assert_max_num_queries)


@pytest.fixture
def page_cache_off(settings):
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _spanish(settings):
    settings.LANGUAGE_CODE = "es-cl"


@pytest.fixture
def redis_server(tmp_path):
    """A redis-server of the test's own on a free port, which the test may stop and start
    again (never the shared one); skipped where redis-server is not installed."""
    from bench.redis_server import RedisServer

    server = RedisServer(tmp_path)
    if server.binary is None:
        pytest.skip("redis-server is not installed")
    server.start()
    yield server
    server.stop()


def with_totp(user):
    """Give the person a TOTP authenticator, and mark this user object as coming from a
    session that used it (tests that call actions directly with the object)."""
    TOTP.activate(user, TOTP_SECRET)
    return mark_second_factor(user, True)


def pass_second_factor(client: Client, user) -> None:
    """Record in ``client``'s session that it used the second factor, as allauth does when
    a TOTP code is typed at login (``force_login`` skips that step)."""
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time()},
        {"method": "mfa", "at": time.time(), "type": "totp"},
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


@pytest.fixture
def resident(db):
    return UserFactory(email="camila@ejemplo.cl", display_name="Camila")


@pytest.fixture
def other_resident(db):
    return UserFactory(email="jorge@ejemplo.cl", display_name="Jorge")


@pytest.fixture
def verified_resident(db):
    return UserFactory(
        email="ana@ejemplo.cl",
        display_name="Ana",
        rut="11111111-1",
        is_verified_resident=True,
        verified_at=timezone.now(),
    )


@pytest.fixture
def cosoc_member(db):
    return UserFactory(email="rosa@ejemplo.cl", display_name="Rosa", is_cosoc_member=True)


@pytest.fixture
def moderator(db):
    return with_totp(UserFactory(email="mod@ejemplo.cl", display_name="Mod", is_moderator=True))


@pytest.fixture
def moderator_without_2fa(db):
    return UserFactory(email="mod2@ejemplo.cl", display_name="Mod sin 2FA", is_moderator=True)


@pytest.fixture
def division(db):
    return DivisionFactory(name="División de Planificación", acronym="DIPLADE")


@pytest.fixture
def official(db, division):
    return with_totp(
        UserFactory(
            email="paula@gore.cl", display_name="Paula", is_official=True, division=division
        )
    )


@pytest.fixture
def official_without_2fa(db, division):
    return UserFactory(
        email="pedro@gore.cl", display_name="Pedro", is_official=True, division=division
    )


@pytest.fixture
def admin(db):
    return with_totp(
        UserFactory(
            email="admin@ejemplo.cl", display_name="Admin", is_staff=True, is_superuser=True
        )
    )


def client_for(user, *, second_factor: bool = True) -> Client:
    """A client signed in as ``user``; staff with TOTP also passed the second factor in
    this session, unless ``second_factor`` is False."""
    client = Client()
    client.force_login(user)
    if second_factor and has_two_factor(user):
        pass_second_factor(client, user)
    return client


def login_next(response) -> str:
    """Where a redirect to the login page sends the person afterwards (its ``next``)."""
    assert response.status_code == 302, response.status_code
    parts = urlsplit(response.url)
    assert parts.path == "/cuenta/login/", response.url
    return parse_qs(parts.query)["next"][0]


@pytest.fixture
def resident_client(resident):
    return client_for(resident)


@pytest.fixture
def official_client(official):
    return client_for(official)


def _transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker and (marker.kwargs.get("transaction") or marker.args[:1] == (True,)))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run transactional tests after the other (non-browser) tests of the session.

    They end by emptying the tables (serialized rollback restores the comunas only when the
    next such test starts), and tests that reach the database only through
    ``request.getfixturevalue`` (tests/accounts/test_roles.py, test_login.py,
    test_verification.py) are ordered by pytest-django after transactional tests, so they
    would find no comunas. Conftest hooks see the whole session, so this covers the other
    folders' transactional tests too (on PostgreSQL, consultations' concurrency tests).
    The browser folder's own hook (trylast) still moves its tests after all of these.
    """
    moved = {id(item) for item in items if _transactional(item)}
    if moved:
        items[:] = [i for i in items if id(i) not in moved] + [i for i in items if id(i) in moved]
