"""Fixtures shared by the open data and API tests (personas come from tests/conftest.py)."""

import pytest

from tests.opendata.world import World, build_world


@pytest.fixture
def world(official) -> World:
    return build_world(official)
