"""surveys.admin: surveys, questions and options in the Django admin."""

import pytest

from consultations.models import Phase
from surveys.models import Option, Question
from tests.conftest import client_for
from tests.consultations.factories import consultation_in
from tests.surveys.factories import add_responses, make_survey, questions


@pytest.fixture
def survey(db):
    return make_survey(consultation_in(Phase.Kind.INFORMATION, slug="movilidad"))


def question_form(question, options: list[tuple[int | None, str, bool]], **fields) -> dict:
    data = {
        "survey": question.survey_id,
        "position": question.position,
        "kind": question.kind,
        "text": question.text,
        "help_text": "",
        "is_required": "on",
        "max_choices": question.max_choices or "",
        "scale_min_label": "",
        "scale_max_label": "",
        "options-TOTAL_FORMS": len(options),
        "options-INITIAL_FORMS": sum(1 for pk, _t, _d in options if pk),
        "options-MIN_NUM_FORMS": 0,
        "options-MAX_NUM_FORMS": 1000,
    }
    for index, (pk, text, delete) in enumerate(options):
        data |= {
            f"options-{index}-id": pk or "",
            f"options-{index}-question": question.pk,
            f"options-{index}-position": index + 1,
            f"options-{index}-text": text,
        }
        if delete:
            data[f"options-{index}-DELETE"] = "on"
    return data | fields


def test_admin_lists_surveys_with_their_response_counts(survey, admin):
    add_responses(survey, 3)
    response = client_for(admin).get("/admin/surveys/survey/")
    assert response.status_code == 200
    assert "Encuesta de movilidad" in response.content.decode()
    page = client_for(admin).get(f"/admin/surveys/survey/{survey.pk}/change/")
    assert page.status_code == 200
    assert "¿Qué mejoras priorizarías?" in page.content.decode()


def test_a_choice_question_needs_two_options(survey, admin):
    single = questions(survey)[Question.Kind.SINGLE]
    options = [
        (option.pk, option.text, index > 0) for index, option in enumerate(single.options.all())
    ]
    url = f"/admin/surveys/question/{single.pk}/change/"
    response = client_for(admin).post(url, question_form(single, options))
    assert response.status_code == 200
    assert "Esta pregunta necesita al menos dos opciones." in response.content.decode()
    assert single.options.count() == 4


def test_max_choices_only_for_multiple_choice(survey, admin):
    single = questions(survey)[Question.Kind.SINGLE]
    options = [(option.pk, option.text, False) for option in single.options.all()]
    url = f"/admin/surveys/question/{single.pk}/change/"
    response = client_for(admin).post(url, question_form(single, options, max_choices=2))
    assert response.status_code == 200
    assert (
        "El máximo de opciones solo se usa en preguntas de varias opciones"
        in response.content.decode()
    )


def test_answered_questions_keep_their_kind_and_chosen_options(survey, admin):
    add_responses(survey, 2)
    single = questions(survey)[Question.Kind.SINGLE]
    page = client_for(admin).get(f"/admin/surveys/question/{single.pk}/change/")
    html = page.content.decode()
    assert 'name="kind"' not in html
    assert "options-0-DELETE" not in html
    assert Option.objects.filter(question=single).count() == 4


def test_residents_and_officials_cannot_reach_the_survey_admin(survey, resident, official):
    assert client_for(resident).get("/admin/surveys/survey/").status_code in {302, 403}
    assert client_for(official).get("/admin/surveys/survey/").status_code in {302, 403}
