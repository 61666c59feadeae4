"""Fixtures shared by the consultations tests (personas come from tests/conftest.py)."""

import pytest

from consultations.models import Phase
from tests.consultations.factories import ProposalFactory, consultation_in


@pytest.fixture
def proposals_consultation(db, division):
    """Published, in its proposals phase, answered by the ``official``'s division."""
    return consultation_in(
        Phase.Kind.PROPOSALS,
        upcoming=(Phase.Kind.SUPPORTS,),
        title="Parques para Valparaíso",
        slug="parques",
        division=division,
        topics=["Áreas verdes", "Deporte"],
    )


@pytest.fixture
def supports_consultation(db, division):
    """Published, in its supports phase (proposals still open too)."""
    return consultation_in(
        Phase.Kind.PROPOSALS,
        Phase.Kind.SUPPORTS,
        title="Ciclovías regionales",
        slug="ciclovias",
        division=division,
    )


@pytest.fixture
def proposal(supports_consultation, other_resident):
    return ProposalFactory(
        consultation=supports_consultation,
        author=other_resident,
        title="Ciclovía por la costanera",
    )
