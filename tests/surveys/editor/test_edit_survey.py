"""surveys.views.edit_survey: an official of the consultation's division or an administrator
creates the survey and changes its dates and settings (/consultas/<slug>/encuesta/editar/);
the editor lists its questions."""

from datetime import datetime

import pytest

from consultations.models import Phase
from surveys.models import Option, Question, Survey
from tests.conftest import client_for
from tests.consultations.factories import ConsultationFactory, consultation_in
from tests.factories import DivisionFactory
from tests.surveys.editor.helpers import (
    EDITOR,
    NEW_QUESTION,
    SANTIAGO,
    K,
    html,
    messages_of,
    question_data,
    survey_data,
)
from tests.surveys.factories import add_responses, make_survey

# --- The survey: create and edit -----------------------------------------------------------


def test_official_creates_the_survey_in_santiago_time(official_client, consultation):
    page = official_client.get(EDITOR)
    assert page.status_code == 200
    assert "<h1>Crear la encuesta</h1>" in html(page)
    assert 'type="datetime-local"' in html(page)
    assert "Agregar pregunta" not in html(page)  # questions come after saving

    response = official_client.post(EDITOR, survey_data(results_while_open="on"))
    assert response.status_code == 302
    assert response.url == EDITOR
    assert messages_of(response) == ["Creaste la encuesta. Ahora agrégale preguntas."]
    survey = Survey.objects.get(consultation=consultation)
    assert survey.title == "Encuesta de transporte"
    assert survey.introduction == "Toma cinco minutos."
    assert survey.opens_at == datetime(2026, 9, 1, 9, 0, tzinfo=SANTIAGO)
    assert survey.closes_at == datetime(2026, 9, 30, 23, 59, tzinfo=SANTIAGO)
    assert survey.results_while_open

    page = html(official_client.get(EDITOR))
    assert "<h1>Editar la encuesta</h1>" in page
    assert 'value="2026-09-01T09:00"' in page
    assert 'value="2026-09-30T23:59"' in page
    assert "Todavía no hay preguntas." in page
    assert f'href="{NEW_QUESTION}"' in page


def test_official_changes_the_survey(official_client, survey):
    response = official_client.post(
        EDITOR, survey_data(title="  Movilidad   2026 ", opens_at="2026-04-04T10:30")
    )
    assert messages_of(response) == ["Guardaste los datos de la encuesta."]
    survey.refresh_from_db()
    assert survey.title == "Movilidad 2026"
    assert survey.opens_at == datetime(2026, 4, 4, 10, 30, tzinfo=SANTIAGO)
    assert not survey.results_while_open
    assert survey.questions.count() == 6  # the questions stay


def test_administrator_builds_the_survey_of_any_division(admin, db):
    consultation_in(Phase.Kind.INFORMATION, slug="movilidad", division=DivisionFactory())
    client = client_for(admin)
    assert client.get(EDITOR).status_code == 200
    assert client.post(EDITOR, survey_data()).status_code == 302
    response = client.post(NEW_QUESTION, question_data())
    assert response.status_code == 302
    assert Question.objects.get().text == "¿Cómo llegas al trabajo?"


def test_official_builds_the_survey_of_a_draft(official_client, division):
    ConsultationFactory(slug="movilidad", status="draft", division=division)
    assert official_client.post(EDITOR, survey_data()).status_code == 302
    assert Survey.objects.filter(consultation__slug="movilidad").exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"closes_at": "2026-09-01T08:00"},
            "closes_at",
            "La encuesta debe cerrar después de abrir: elige un cierre posterior a la apertura.",
        ),
        (
            {"closes_at": "2026-09-01T09:00"},
            "closes_at",
            "La encuesta debe cerrar después de abrir: elige un cierre posterior a la apertura.",
        ),
        ({"title": "   "}, "title", "Escribe un título para la encuesta."),
        ({"title": "x" * 201}, "title", "Escribe como máximo 200 caracteres (escribiste 201)."),
        ({"opens_at": ""}, "opens_at", "Indica cuándo abre la encuesta."),
        ({"closes_at": None}, "closes_at", "Indica cuándo cierra la encuesta."),
        (
            {"opens_at": "el lunes"},
            "opens_at",
            "Escribe una fecha y hora válidas, por ejemplo 2026-09-01T09:00.",
        ),
        (
            # Chile's clocks jump from 00:00 to 01:00 on 6 September 2026.
            {"opens_at": "2026-09-06T00:30"},
            "opens_at",
            "Esa hora no existe o se repite en Chile por el cambio de horario: elige otra "
            "(por ejemplo, una hora más tarde).",
        ),
    ],
)
def test_bad_survey_data_is_explained_next_to_its_field_and_kept(
    official_client, consultation, overrides, field, message
):
    data = survey_data(introduction="Mi introducción escrita con cuidado.", **overrides)
    response = official_client.post(EDITOR, data)
    assert response.status_code == 400
    page = html(response)
    assert f'<ul class="errorlist" id="id_{field}_error"><li>{message}</li></ul>' in page
    assert f'aria-describedby="id_{field}_helptext id_{field}_error"' in page or (
        f'aria-describedby="id_{field}_error"' in page
    )
    assert "No se guardó la encuesta." in page
    assert "Mi introducción escrita con cuidado." in page
    if field != "opens_at":
        assert 'value="2026-09-01T09:00"' in page
    assert not Survey.objects.exists()
    # The same request without the mistake goes through.
    assert official_client.post(EDITOR, survey_data()).status_code == 302
    assert Survey.objects.count() == 1


# --- Who may build a survey ----------------------------------------------------------------


def test_editor_lists_questions_with_their_kind_and_options(official_client, survey):
    add_responses(survey, 1)
    page = html(official_client.get(EDITOR))
    assert "1. ¿Cómo te mueves habitualmente?" in page
    assert "Una opción · obligatoria · 4 opciones · <strong>ya tiene respuestas</strong>" in page
    assert "Bus · Tren · Bicicleta · A pie" in page
    assert "Texto corto · opcional" in page
    assert "La encuesta ya está abierta y todavía no tiene preguntas" not in page


def test_an_open_survey_without_questions_is_flagged(official_client, consultation):
    make_survey(consultation).questions.all().delete()
    page = html(official_client.get(EDITOR))
    assert "La encuesta ya está abierta y todavía no tiene preguntas" in page


@pytest.mark.parametrize("count", [3, 30])
def test_editor_queries_do_not_grow(official, consultation, django_assert_max_num_queries, count):
    survey = make_survey(consultation)
    for number in range(count):
        question = Question.objects.create(
            survey=survey, position=10 + number, kind=K.SINGLE, text=f"Pregunta {number}"
        )
        Option.objects.bulk_create(
            Option(question=question, position=i, text=f"Opción {i}") for i in (1, 2)
        )
    add_responses(survey, 2)
    client = client_for(official)
    # 1. session, 2. user, 3. TOTP authenticator, 4. consultation, 5. its survey,
    # 6. questions with option counts and whether answered, 7. their options,
    # 8. unread notifications.
    with django_assert_max_num_queries(8):
        assert client.get(EDITOR).status_code == 200


def test_officials_find_the_editor_on_the_consultation_page(
    official_client, resident_client, admin, consultation
):
    assert "Crear encuesta" in html(official_client.get("/consultas/movilidad/"))
    assert f'href="{EDITOR}"' in html(client_for(admin).get("/consultas/movilidad/"))
    make_survey(consultation)
    page = html(official_client.get("/consultas/movilidad/"))
    assert "Editar encuesta" in page
    assert f'href="{EDITOR}"' in page
    assert EDITOR not in html(resident_client.get("/consultas/movilidad/"))


def test_officials_of_another_division_see_no_editor_link(outsider, survey):
    assert EDITOR not in html(client_for(outsider).get("/consultas/movilidad/"))
