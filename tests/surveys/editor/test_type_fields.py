"""surveys.views.create_question / edit_question: only the fields of the chosen kind count.

The page renders every part (options, the maximum of choices, the scale's labels), each
marked with the kinds that use it, for ``static/js/survey_editor.js`` to hide the others;
the server ignores (clears) what was left in the parts of other kinds instead of refusing
the question.
"""

import re

import pytest

from surveys.models import Question
from tests.conftest import client_for
from tests.surveys.editor.helpers import (
    NEW_QUESTION,
    K,
    edit_data,
    html,
    question_data,
    question_url,
)
from tests.surveys.factories import add_responses, options, questions


def parts(page: str) -> dict[str, str]:
    """The editor's parts by the kinds that use them (their opening tags)."""
    return {
        kinds: tag
        for tag, kinds in re.findall(r'(<(?:fieldset|div)[^>]*data-kinds="([^"]+)")', page)
    }


def test_every_part_says_which_kinds_use_it_and_the_script_hides_the_others(
    official_client, survey
):
    page = html(official_client.get(NEW_QUESTION))
    assert set(parts(page)) == {"single multiple ranking", "multiple", "scale"}
    assert 'name="new_options"' in page.split('data-kinds="single multiple ranking"')[1]
    assert 'name="max_choices"' in page.split('data-kinds="multiple"')[1].split("</div>")[1]
    assert 'name="scale_min_label"' in page.split('data-kinds="scale"')[1]
    assert "data-question-editor" in page
    assert 'src="/static/js/survey_editor.js"' in page
    # Without JavaScript every part shows, so the help says what happens to the others.
    assert "con esos tipos, lo que escribas aquí no se guarda." in page


@pytest.mark.parametrize(
    ("kind", "leftovers"),
    [
        (K.SCALE, {"new_options": "Bus\nMetro", "max_choices": "dos"}),
        (K.SHORT_TEXT, {"new_options": "Bus", "scale_min_label": "Nada"}),
        (K.LONG_TEXT, {"scale_max_label": "M" * 61, "max_choices": "0"}),
        (K.SINGLE, {"max_choices": "2", "scale_min_label": "Nada", "scale_max_label": "Mucho"}),
        (K.RANKING, {"max_choices": "9", "scale_max_label": "Mucho"}),
        (K.MULTIPLE, {"scale_min_label": "Nada"}),
    ],
)
def test_leftover_text_in_fields_of_other_kinds_is_ignored(
    official_client, survey, kind, leftovers
):
    data = question_data(kind=kind, text="¿Qué opinas?")
    if kind not in Question.OPTION_KINDS:
        data["new_options"] = ""
    response = official_client.post(NEW_QUESTION, {**data, **leftovers})
    assert response.status_code == 302, html(response)
    question = Question.objects.get(text="¿Qué opinas?")
    assert question.kind == kind
    assert question.max_choices is None
    assert (question.scale_min_label, question.scale_max_label) == ("", "")
    texts = [option.text for option in options(question)]
    assert texts == ([] if kind not in Question.OPTION_KINDS else ["Bus", "Metro", "Bicicleta"])


def test_the_fields_of_the_chosen_kind_are_still_checked(official_client, survey):
    # A scale with a label too long, and a multiple choice with a maximum above its
    # options: refused next to the field, with the text kept.
    response = official_client.post(
        NEW_QUESTION, question_data(kind=K.SCALE, new_options="", scale_min_label="N" * 61)
    )
    assert response.status_code == 400
    assert "Escribe como máximo 60 caracteres (escribiste 61)." in html(response)
    assert 'value="' + "N" * 61 + '"' in html(response)
    response = official_client.post(NEW_QUESTION, question_data(kind=K.MULTIPLE, max_choices="4"))
    assert response.status_code == 400
    assert "El máximo no puede ser mayor que el número de opciones (hay 3)." in html(response)
    assert not Question.objects.filter(text="¿Cómo llegas al trabajo?").exists()
    # The same question, valid: saved (the refusals came from the rules).
    response = official_client.post(NEW_QUESTION, question_data(kind=K.MULTIPLE, max_choices="3"))
    assert response.status_code == 302


def test_changing_a_question_to_a_scale_drops_its_options(official_client, survey):
    single = questions(survey)[K.SINGLE]
    # Without JavaScript the options are still on the page, with their text: sent as is.
    data = edit_data(single, kind=K.SCALE, new_options="Otra", scale_min_label="Nunca")
    response = official_client.post(question_url(single), data)
    assert response.status_code == 302
    single.refresh_from_db()
    assert (single.kind, single.scale_min_label) == (K.SCALE, "Nunca")
    assert not single.options.exists()


def test_an_answered_question_keeps_its_kind_and_options(official_client, survey):
    add_responses(survey, 2)
    single = questions(survey)[K.SINGLE]
    before = [option.text for option in options(single)]
    response = official_client.post(
        question_url(single), edit_data(single, kind=K.SCALE, scale_min_label="Nunca")
    )
    assert response.status_code == 400
    assert "su tipo no se puede cambiar" in html(response)
    single.refresh_from_db()
    assert single.kind == K.SINGLE
    assert [option.text for option in options(single)] == before


def test_refusals_before_the_form(client, resident, outsider, survey):
    data = question_data(kind=K.SCALE, new_options="Bus", max_choices="2")
    # Anonymous: to the login page; a resident: 403; an official of another division: 404.
    response = client.post(NEW_QUESTION, data)
    assert response.status_code == 302
    assert "/cuenta/login/" in response.url
    assert client_for(resident).post(NEW_QUESTION, data).status_code == 403
    assert client_for(outsider).post(NEW_QUESTION, data).status_code == 404
    assert not Question.objects.filter(text="¿Cómo llegas al trabajo?").exists()
