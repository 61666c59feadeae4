"""surveys.views.answer_survey for a survey not open to the viewer: the dates say what
happens next ("Se abrirá el …"), and the survey's editors ("Ver la encuesta como la ven los
residentes") read its questions in a preview that cannot be sent."""

import re

import pytest

from consultations.models import Phase
from surveys.models import Response
from tests.conftest import client_for, with_totp
from tests.consultations.factories import consultation_in
from tests.factories import DivisionFactory, UserFactory
from tests.surveys.factories import make_survey, valid_post

URL = "/consultas/movilidad/encuesta/"
QUESTION = "¿Cómo te mueves habitualmente?"


@pytest.fixture
def consultation(division):
    return consultation_in(
        Phase.Kind.INFORMATION, title="Movilidad", slug="movilidad", division=division
    )


@pytest.fixture
def upcoming(consultation):
    return make_survey(consultation, state="upcoming")


def dates_line(page: str) -> str:
    return " ".join(re.search(r'<p class="survey-dates">(.*?)</p>', page, re.S).group(1).split())


def test_an_upcoming_survey_says_when_it_will_open(upcoming, resident_client):
    page = resident_client.get(URL).content.decode()
    line = dates_line(page)
    assert line.startswith("Se abrirá el ")
    assert " y cerrará el " in line
    assert "Abierta del" not in page


def test_open_and_closed_surveys_say_so(consultation, resident_client):
    survey = make_survey(consultation, state="closed")
    assert dates_line(resident_client.get(URL).content.decode()).startswith("Estuvo abierta del ")
    survey.delete()
    make_survey(consultation, state="open")
    assert dates_line(resident_client.get(URL).content.decode()).startswith("Abierta del ")


def test_the_surveys_editor_previews_the_questions_of_an_upcoming_survey(
    upcoming, official_client, django_assert_max_num_queries
):
    # session, user, TOTP check, consultation, survey, questions, options, the person's
    # response, unread notifications, the header's staff links.
    with django_assert_max_num_queries(11):
        response = official_client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "La encuesta abre el " in page  # what residents read
    assert '<h2 id="vista-previa-titulo">Vista previa de las preguntas</h2>' in page
    assert "así se mostrarán las preguntas cuando abra. No se puede enviar." in page
    preview = page.split('class="survey-preview"')[1]
    assert '<fieldset class="survey-preview__questions" disabled>' in preview
    assert QUESTION in preview
    assert "Ordena estos proyectos" in preview
    # Nothing to send: no form and no submit button.
    assert "<form" not in preview.split("</section>")[0]
    assert "Enviar respuestas" not in page


def test_an_administrator_previews_too(upcoming, admin):
    page = client_for(admin).get(URL).content.decode()
    assert "Vista previa de las preguntas" in page


@pytest.mark.parametrize("who", ["anonymous", "resident", "official of another division"])
def test_nobody_else_gets_the_preview(upcoming, client, resident, who):
    if who == "resident":
        client = client_for(resident)
    elif who != "anonymous":
        client = client_for(with_totp(UserFactory(is_official=True, division=DivisionFactory())))
    response = client.get(URL)
    if who == "anonymous":  # the answer page asks to sign in first
        assert response.status_code == 302
        assert response.url.startswith("/cuenta/login/")
        return
    page = response.content.decode()
    assert "La encuesta abre el " in page
    assert "Vista previa" not in page
    assert QUESTION not in page


def test_an_official_without_the_second_factor_gets_no_preview(upcoming, official):
    page = client_for(official, second_factor=False).get(URL).content.decode()
    assert "Vista previa" not in page


def test_the_preview_cannot_be_sent(upcoming, official, official_client):
    response = official_client.post(URL, valid_post(upcoming))
    assert response.status_code == 403
    assert "La encuesta abre el " in response.content.decode()
    assert not Response.objects.exists()


def test_a_survey_without_questions_has_nothing_to_preview(consultation, official_client):
    survey = make_survey(consultation, state="upcoming")
    survey.questions.all().delete()
    page = official_client.get(URL).content.decode()
    assert "Vista previa" not in page
