from pathlib import Path

import pytest

from tests.deliberation.owners import (  # noqa: F401  (fixtures)
    discussion,
    owner,
    owner_rules,
    test_owner_registered,
)

HERE = Path(__file__).parent


def _transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker and (marker.kwargs.get("transaction") or marker.args[:1] == (True,)))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run this folder's transactional tests after the other (non-browser) tests.

    They end by emptying the tables (serialized rollback restores the comunas only when the
    next such test starts), and tests elsewhere that reach the database only through
    ``request.getfixturevalue`` are ordered by pytest-django after transactional tests, so
    they would find no comunas. (The browser folder moves its own tests after these.)
    """
    mine = {id(item) for item in items if HERE in item.path.parents and _transactional(item)}
    if mine:
        items[:] = [i for i in items if id(i) not in mine] + [i for i in items if id(i) in mine]
