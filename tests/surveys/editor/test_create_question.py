"""surveys.views.create_question: adding a question at the end of the survey, with the
admin's rules (surveys.rules)."""

import pytest

from surveys.models import Question
from surveys.queries import questions_of
from tests.surveys.editor.helpers import (
    EDITOR,
    NEEDS_TWO,
    NEW_QUESTION,
    K,
    html,
    messages_of,
    question_data,
)
from tests.surveys.factories import options


def test_official_adds_a_single_choice_question_at_the_end(official_client, survey):
    page = official_client.get(NEW_QUESTION)
    assert page.status_code == 200
    assert "<h1>Nueva pregunta</h1>" in html(page)
    response = official_client.post(
        NEW_QUESTION,
        question_data(new_options="  Bus \n\nMetro\n Bicicleta  ", help_text="Elige la principal."),
    )
    question = Question.objects.get(text="¿Cómo llegas al trabajo?")
    assert response.status_code == 302
    assert response.url == f"{EDITOR}#pregunta-{question.pk}"
    assert messages_of(response) == ["Agregaste la pregunta «¿Cómo llegas al trabajo?»."]
    assert question.kind == K.SINGLE
    assert question.position == 7
    assert question.is_required
    assert question.help_text == "Elige la principal."
    assert [(o.position, o.text) for o in options(question)] == [
        (1, "Bus"),
        (2, "Metro"),
        (3, "Bicicleta"),
    ]
    assert questions_of(survey)[-1] == question


def test_official_adds_scale_multiple_and_text_questions(official_client, survey):
    official_client.post(
        NEW_QUESTION,
        question_data(
            kind=K.SCALE,
            text="¿Qué tan seguro te sientes?",
            new_options="",
            is_required=None,
            scale_min_label="Nada",
            scale_max_label="Mucho",
        ),
    )
    scale = Question.objects.get(text="¿Qué tan seguro te sientes?")
    assert (scale.kind, scale.is_required, scale.scale_min_label, scale.scale_max_label) == (
        K.SCALE,
        False,
        "Nada",
        "Mucho",
    )
    assert not scale.options.exists()
    official_client.post(
        NEW_QUESTION, question_data(kind=K.MULTIPLE, text="¿Qué mejorarías?", max_choices="2")
    )
    assert Question.objects.get(text="¿Qué mejorarías?").max_choices == 2
    official_client.post(
        NEW_QUESTION, question_data(kind=K.LONG_TEXT, text="¿Algo más?", new_options="")
    )
    assert Question.objects.get(text="¿Algo más?").kind == K.LONG_TEXT


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"new_options": "Bus"}, "new_options", NEEDS_TWO),
        ({"new_options": ""}, "new_options", NEEDS_TWO),
        ({"kind": K.RANKING, "new_options": "\n \nParque\n"}, "new_options", NEEDS_TWO),
        (
            {"new_options": "Bus\nMetro\nbus"},
            "new_options",
            "La opción «bus» está repetida: cada opción debe ser distinta.",
        ),
        (
            {"new_options": "Bus\n" + "M" * 201},
            "new_options",
            "Cada opción puede tener como máximo 200 caracteres: «" + "M" * 40 + "…» tiene 201.",
        ),
        (
            {"kind": K.MULTIPLE, "max_choices": "4"},
            "max_choices",
            "El máximo no puede ser mayor que el número de opciones (hay 3).",
        ),
        (
            {"kind": K.MULTIPLE, "max_choices": "0"},
            "max_choices",
            "Escribe un número mayor o igual a 1.",
        ),
        (
            {"kind": K.MULTIPLE, "max_choices": "dos"},
            "max_choices",
            "Escribe un número entero, por ejemplo 2.",
        ),
        ({"text": ""}, "text", "Escribe la pregunta."),
        ({"text": "¿" * 301}, "text", "Escribe como máximo 300 caracteres (escribiste 301)."),
        (
            {"kind": "matriz"},
            "kind",
            "Elige una opción válida. matriz no está entre las opciones disponibles.",
        ),
    ],
)
def test_bad_questions_are_explained_next_to_the_field_and_kept(
    official_client, survey, overrides, field, message
):
    data = question_data(help_text="Una ayuda que costó escribir.", **overrides)
    response = official_client.post(NEW_QUESTION, data)
    assert response.status_code == 400
    page = html(response)
    assert f'<ul class="errorlist" id="id_{field}_error"><li>{message}</li></ul>' in page, page
    assert "No se guardó la pregunta." in page
    assert 'value="Una ayuda que costó escribir."' in page
    for line in data["new_options"].splitlines():
        assert line in page
    assert Question.objects.count() == 6
    # The valid request goes through.
    assert official_client.post(NEW_QUESTION, question_data()).status_code == 302
    assert Question.objects.count() == 7


# --- Questions: edit -----------------------------------------------------------------------
