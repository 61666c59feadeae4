"""surveys.views.move_question: moving a question up or down in its survey."""

from surveys.queries import questions_of
from tests.surveys.editor.helpers import EDITOR, html, messages_of, question_url


def test_official_moves_questions_up_and_down(official_client, survey):
    first, second, *rest = questions_of(survey)
    response = official_client.post(question_url(second, "mover"), {"direccion": "arriba"})
    assert response.status_code == 302
    assert response.url == f"{EDITOR}#pregunta-{second.pk}"
    assert messages_of(response) == [f"Subiste la pregunta «{second.text}»."]
    assert [q.pk for q in questions_of(survey)] == [second.pk, first.pk, *(q.pk for q in rest)]
    assert [q.position for q in questions_of(survey)] == [1, 2, 3, 4, 5, 6]

    response = official_client.post(question_url(second, "mover"), {"direccion": "abajo"})
    assert messages_of(response)[-1] == f"Bajaste la pregunta «{second.text}»."
    assert [q.pk for q in questions_of(survey)][:2] == [first.pk, second.pk]


def test_moving_past_either_end_changes_nothing(official_client, survey):
    order = [q.pk for q in questions_of(survey)]
    first, last = questions_of(survey)[0], questions_of(survey)[-1]
    response = official_client.post(question_url(first, "mover"), {"direccion": "arriba"})
    assert response.status_code == 302
    assert messages_of(response) == []
    official_client.post(question_url(last, "mover"), {"direccion": "abajo"})
    assert [q.pk for q in questions_of(survey)] == order


def test_editor_offers_no_move_past_the_ends(official_client, survey):
    page = html(official_client.get(EDITOR))
    assert page.count('name="direccion" value="arriba"') == 5
    assert page.count('name="direccion" value="abajo"') == 5


def test_an_unknown_direction_is_a_bad_request(official_client, survey):
    question = questions_of(survey)[1]
    response = official_client.post(question_url(question, "mover"), {"direccion": "lejos"})
    assert response.status_code == 400
    assert questions_of(survey)[1] == question


# --- Deleting ------------------------------------------------------------------------------
