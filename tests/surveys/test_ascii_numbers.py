"""Numbers in survey forms are ASCII digits only (surveys.forms: the response's hidden
``revision``; surveys.editor_forms: a question's ``max_choices``). Django's IntegerField
calls ``int()``, which reads fullwidth and Arabic-Indic digits as numbers."""

import pytest

from consultations.models import Phase
from surveys.models import Question, Response
from tests.consultations.factories import consultation_in
from tests.digits import arabic_indic, fullwidth
from tests.surveys.editor.helpers import NEW_QUESTION, K, question_data
from tests.surveys.factories import make_survey, valid_post

ANSWER = "/consultas/movilidad/encuesta/"


@pytest.fixture
def survey(division):
    consultation = consultation_in(
        Phase.Kind.INFORMATION, title="Movilidad", slug="movilidad", division=division
    )
    return make_survey(consultation)


@pytest.mark.parametrize("digits", [fullwidth, arabic_indic])
def test_a_revision_in_other_digits_is_refused(survey, resident, resident_client, digits):
    # The first answer carries revision 0; a later one must carry the stored revision.
    assert resident_client.post(ANSWER, valid_post(survey)).status_code == 302
    response = resident_client.post(
        ANSWER, valid_post(survey, revision=0) | {"revision": digits("1")}
    )
    assert response.status_code == 400
    assert Response.objects.get(respondent=resident).revision == 1

    response = resident_client.post(ANSWER, valid_post(survey, revision=1))
    assert response.status_code == 302
    assert Response.objects.get(respondent=resident).revision == 2


@pytest.mark.parametrize("digits", [fullwidth, arabic_indic])
def test_a_maximum_of_choices_in_other_digits_is_refused(official_client, survey, digits):
    data = question_data(kind=K.MULTIPLE, text="¿Qué mejorarías?", max_choices=digits("2"))
    response = official_client.post(NEW_QUESTION, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Escribe un número entero, por ejemplo 2." in html
    assert "¿Qué mejorarías?" in html
    assert not Question.objects.filter(text="¿Qué mejorarías?").exists()

    response = official_client.post(NEW_QUESTION, {**data, "max_choices": "2"})
    assert response.status_code == 302
    assert Question.objects.get(text="¿Qué mejorarías?").max_choices == 2
