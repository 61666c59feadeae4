"""Fixtures of the survey editor's tests: the consultation (slug ``movilidad``) and its
survey, an official of another division, and an answered question."""

import pytest

from consultations.models import Phase
from tests.conftest import with_totp
from tests.consultations.factories import consultation_in
from tests.factories import DivisionFactory, UserFactory
from tests.surveys.editor.helpers import K
from tests.surveys.factories import add_responses, make_survey, questions


@pytest.fixture
def consultation(division):
    """Published, answered by the ``official``'s division, without a survey yet."""
    return consultation_in(
        Phase.Kind.INFORMATION,
        title="Movilidad en el Gran Valparaíso",
        slug="movilidad",
        division=division,
    )


@pytest.fixture
def survey(consultation):
    """Open, one question of every kind (factories.QUESTIONS), nobody answered."""
    return make_survey(consultation)


@pytest.fixture
def outsider(db):
    """An official (with 2FA) of another division."""
    return with_totp(
        UserFactory(email="otra@gore.cl", is_official=True, division=DivisionFactory())
    )


@pytest.fixture
def answered(survey):
    """Two responses: the single-choice question's options 1 and 2 were chosen once each;
    options 3 and 4 never."""
    add_responses(survey, 2)
    return questions(survey)[K.SINGLE]
