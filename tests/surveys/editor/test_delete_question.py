"""surveys.views.delete_question: deleting an unanswered question after confirming."""

from surveys.models import Option, Question
from tests.surveys.editor.helpers import EDITOR, K, html, messages_of, question_url
from tests.surveys.factories import questions


def test_official_deletes_an_unanswered_question_after_confirming(official_client, survey):
    single = questions(survey)[K.SINGLE]
    editor = html(official_client.get(EDITOR))
    assert f'href="{question_url(single, "borrar")}"' in editor
    page = official_client.get(question_url(single, "borrar"))
    assert page.status_code == 200
    assert "¿Borrar esta pregunta y sus opciones? No se puede deshacer." in html(page)
    assert "Sí, borrar la pregunta" in html(page)
    assert Question.objects.filter(pk=single.pk).exists()  # showing the page deletes nothing

    response = official_client.post(question_url(single, "borrar"))
    assert response.status_code == 302
    assert response.url == EDITOR
    assert messages_of(response) == [f"Borraste la pregunta «{single.text}»."]
    assert not Question.objects.filter(pk=single.pk).exists()
    assert not Option.objects.filter(question_id=single.pk).exists()


def test_an_answered_question_cannot_be_deleted(official_client, answered):
    reason = (
        "Esta pregunta ya tiene respuestas: no se puede borrar, porque sus respuestas se "
        "perderían. Puedes corregir su texto o moverla."
    )
    editor = html(official_client.get(EDITOR))
    assert f'href="{question_url(answered, "borrar")}"' not in editor
    assert "No se puede borrar: ya tiene respuestas." in editor
    page = html(official_client.get(question_url(answered, "borrar")))
    assert reason in page
    assert "Sí, borrar la pregunta" not in page
    response = official_client.post(question_url(answered, "borrar"))
    assert response.status_code == 302
    assert messages_of(response) == [reason]
    assert Question.objects.filter(pk=answered.pk).exists()
    assert answered.answers.count() == 2


# --- Cached results ------------------------------------------------------------------------
