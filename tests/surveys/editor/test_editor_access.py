"""Who may use the survey editor (every page and action of it): officials of the
consultation's division and administrators, with 2FA; the actions check it themselves."""

import pytest
from django.core.exceptions import PermissionDenied

from consultations.models import Phase
from surveys.actions import (
    check_delete_question,
    do_save_survey,
)
from surveys.models import Question, Survey
from tests.conftest import client_for, login_next
from tests.consultations.factories import consultation_in
from tests.surveys.editor.helpers import EDITOR, NEW_QUESTION, K, edit_data, question_url
from tests.surveys.factories import make_survey, questions

# --- Who may build a survey ----------------------------------------------------------------

PAGES = [
    ("get", EDITOR),
    ("post", EDITOR),
    ("get", NEW_QUESTION),
    ("post", NEW_QUESTION),
    ("get", "edit"),
    ("post", "edit"),
    ("post", "move"),
    ("get", "delete"),
    ("post", "delete"),
]


def resolve(url: str, survey: Survey) -> str:
    question = questions(survey)[K.SINGLE]
    return {
        "edit": question_url(question),
        "move": question_url(question, "mover"),
        "delete": question_url(question, "borrar"),
    }.get(url, url)


@pytest.mark.parametrize(("method", "url"), PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client, survey, method, url):
    url = resolve(url, survey)
    expected = EDITOR if url.endswith("/mover/") else url
    assert login_next(getattr(client, method)(url)) == expected


@pytest.mark.parametrize("persona", ["resident", "moderator", "cosoc_member"])
@pytest.mark.parametrize(("method", "url"), PAGES)
def test_people_without_an_editing_role_are_refused(request, survey, persona, method, url):
    client = client_for(request.getfixturevalue(persona))
    response = getattr(client, method)(resolve(url, survey), {"direccion": "abajo"})
    assert response.status_code == 403
    assert Survey.objects.get().title == "Encuesta de movilidad"
    assert Question.objects.count() == 6


@pytest.mark.parametrize(("method", "url"), PAGES)
def test_officials_of_another_division_do_not_find_it(outsider, survey, method, url):
    response = getattr(client_for(outsider), method)(resolve(url, survey), {"direccion": "abajo"})
    assert response.status_code == 404
    assert Question.objects.count() == 6


def test_official_without_2fa_is_sent_to_set_it_up(official_without_2fa, survey):
    response = client_for(official_without_2fa).get(EDITOR)
    assert response.status_code == 302
    assert response.url == "/cuenta/2fa/totp/activate/"


def test_unknown_consultation_is_not_found(official_client, db):
    assert official_client.get("/consultas/no-existe/encuesta/editar/").status_code == 404


def test_questions_need_a_survey_first(official_client, consultation):
    assert official_client.get(NEW_QUESTION).status_code == 404


def test_a_question_of_another_survey_is_not_found(official_client, survey, division):
    other = make_survey(consultation_in(Phase.Kind.INFORMATION, slug="otra", division=division))
    foreign = questions(other)[K.SINGLE]
    for action in ("editar", "borrar"):
        assert official_client.get(question_url(foreign, action)).status_code == 404
    assert official_client.post(question_url(foreign), edit_data(foreign)).status_code == 404
    response = official_client.post(question_url(foreign, "mover"), {"direccion": "abajo"})
    assert response.status_code == 404
    assert official_client.post(question_url(foreign, "borrar")).status_code == 404
    assert Question.objects.filter(pk=foreign.pk).exists()


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
@pytest.mark.parametrize("url", [EDITOR, NEW_QUESTION, "edit", "delete"])
def test_pages_refuse_other_methods(official_client, survey, method, url):
    assert getattr(official_client, method)(resolve(url, survey)).status_code == 405


def test_moving_refuses_get(official_client, survey):
    assert official_client.get(resolve("move", survey)).status_code == 405


def test_actions_check_who_calls_them(resident, outsider, survey):
    question = questions(survey)[K.SINGLE]
    with pytest.raises(PermissionDenied):
        do_save_survey(
            outsider,
            owner=survey.owner,
            title="x",
            introduction="",
            opens_at=survey.opens_at,
            closes_at=survey.closes_at,
            results_while_open=False,
        )
    with pytest.raises(PermissionDenied):
        check_delete_question(resident, question=question)
    assert Question.objects.filter(pk=question.pk).exists()


# --- Questions: add ------------------------------------------------------------------------
