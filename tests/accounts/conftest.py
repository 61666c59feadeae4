"""Fixtures of the accounts tests: a division and its official (public names)."""

import pytest

from tests.factories import DivisionFactory, UserFactory


@pytest.fixture
def diplade(db):
    return DivisionFactory(
        name="División de Planificación y Desarrollo Regional", acronym="DIPLADE"
    )


@pytest.fixture
def paula(diplade):
    return UserFactory(
        email="paula@gore.cl", display_name="Paula Contreras", is_official=True, division=diplade
    )
