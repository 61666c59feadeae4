import pytest

from tests.deliberation.owners import (  # noqa: F401  (fixtures)
    discussion,
    owner,
    owner_rules,
    test_owner_registered,
)


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
    Better home: tests/conftest.py, or a ``django_db`` mark on those accounts tests.
    """
    moved = {id(item) for item in items if _transactional(item)}
    if moved:
        items[:] = [i for i in items if id(i) not in moved] + [i for i in items if id(i) in moved]
