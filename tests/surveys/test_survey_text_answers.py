"""surveys.views.survey_text_answers: /consultas/<slug>/encuesta/resultados/preguntas/<pk>/
(the open-text answers, paginated, without who wrote them)."""

import re

import pytest

from consultations.models import Phase
from surveys.models import Question
from tests.conftest import client_for
from tests.consultations.factories import consultation_in
from tests.factories import UserFactory
from tests.surveys.factories import add_responses, make_survey, questions


@pytest.fixture
def survey(db):
    return make_survey(consultation_in(Phase.Kind.RESULTS, slug="movilidad"), state="closed")


def url(question) -> str:
    return f"/consultas/movilidad/encuesta/resultados/preguntas/{question.pk}/"


def test_text_answers_are_listed_twenty_per_page_without_names(survey, client):
    people = [UserFactory(display_name=f"Vecina {i}") for i in range(50)]
    add_responses(survey, 50, people=people)  # 25 short texts: "Barrio 0", "Barrio 2", ...
    question = questions(survey)[Question.Kind.SHORT_TEXT]
    response = client.get(url(question))
    assert response.status_code == 200
    html = response.content.decode()
    assert "25 respuestas abiertas" in html
    answers = re.findall(r"<li>(Barrio \d+)</li>", html)
    assert len(answers) == 20
    assert answers[0] == "Barrio 0"
    assert "Página 1 de 2" in html
    assert "Vecina" not in html.split("<main", 1)[1]

    second = client.get(url(question) + "?pagina=2").content.decode()
    assert len(re.findall(r"<li>(Barrio \d+)</li>", second)) == 5
    assert '<ol class="item-list text-answers" start="21">' in second


def test_only_open_questions_have_this_page(survey, client):
    single = questions(survey)[Question.Kind.SINGLE]
    assert client.get(url(single)).status_code == 404
    assert (
        client.get("/consultas/movilidad/encuesta/resultados/preguntas/999999/").status_code == 404
    )


def test_a_question_of_another_survey_is_not_found(survey, client):
    other = make_survey(consultation_in(Phase.Kind.RESULTS, slug="otra"), state="closed")
    assert client.get(url(questions(other)[Question.Kind.SHORT_TEXT])).status_code == 404


def test_texts_wait_for_the_survey_to_close(db, client, official):
    open_survey = make_survey(consultation_in(Phase.Kind.INFORMATION, slug="movilidad"))
    add_responses(open_survey, 2)
    question = questions(open_survey)[Question.Kind.SHORT_TEXT]
    assert client.get(url(question)).status_code == 403
    assert client_for(official).get(url(question)).status_code == 200


def test_text_answers_page_refuses_post(survey, client):
    assert client.post(url(questions(survey)[Question.Kind.SHORT_TEXT])).status_code == 405


def test_typed_markup_is_shown_as_text(survey, client, resident):
    from surveys.models import Answer, Response

    response = Response.objects.create(survey=survey, respondent=resident)
    question = questions(survey)[Question.Kind.LONG_TEXT]
    Answer.objects.create(response=response, question=question, text="<img src=x onerror=alert(1)>")
    html = client.get(url(question)).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


@pytest.mark.parametrize("count", [3, 30])
def test_text_answers_queries_do_not_grow_with_data(
    survey, client, django_assert_max_num_queries, count
):
    add_responses(survey, count)
    address = url(questions(survey)[Question.Kind.SHORT_TEXT])
    # consultation, its survey, question, count, page.
    with django_assert_max_num_queries(5):
        assert client.get(address).status_code == 200
