"""deliberation.views.hide_comment: POST /conversaciones/comentarios/<id>/ocultar/."""

import json

import pytest
from pytest_django.asserts import assertContains

from accounts.models import Notification
from deliberation.actions import do_post_comment
from deliberation.models import Comment, ModerationDecision, RoomEvent
from deliberation.rooms import catch_up
from tests.conftest import client_for, login_next
from tests.deliberation.helpers import JSON, messages_of
from tests.deliberation.owners import make_comment


def url(comment) -> str:
    return f"/conversaciones/comentarios/{comment.pk}/ocultar/"


@pytest.fixture
def comment(discussion, resident):
    return make_comment(discussion, resident, "Texto ofensivo")


def test_moderator_hides_with_a_public_reason(
    comment, moderator, discussion, owner_rules, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr(
        "deliberation.rooms.send_to_group", lambda pk, message: sent.append(message)
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(moderator).post(url(comment), {"reason": "Insultos"})
    assert response.status_code == 302
    assert messages_of(response) == ["El comentario quedó oculto."]
    comment.refresh_from_db()
    assert comment.moderation_status == Comment.ModerationStatus.HIDDEN
    assert comment.moderation_reason == "Insultos"
    discussion.refresh_from_db()
    assert discussion.comment_count == 0
    assert owner_rules.count_changes == [-1]
    notice = Notification.objects.get(recipient=comment.author)
    assert notice.kind == "deliberation.hidden"
    assert notice.subject == "Tu comentario fue ocultado por moderación"
    assert notice.body == "Motivo: Insultos"
    assert notice.is_urgent
    decision = ModerationDecision.objects.get()
    assert (decision.action, decision.moderator, decision.reason, decision.status_before) == (
        "hide",
        moderator,
        "Insultos",
        "published",
    )
    assert decision.contribution == comment
    # The broadcast carries the placeholder, never the text.
    (message,) = sent
    payload = json.loads(message["texts"]["es-cl"])
    assert payload["kind"] == "comment.hidden"
    assert "Texto ofensivo" not in str(message["texts"])
    assert "Ocultado por moderación: Insultos" in payload["html"]


def test_hidden_text_never_comes_back_through_catch_up(resident, moderator, discussion):
    comment = do_post_comment(resident, discussion=discussion, body="Texto ofensivo")
    client_for(moderator).post(url(comment), {"reason": "Insultos"})
    # Even a client that missed the creation event gets only the placeholder.
    result = catch_up(discussion, after=0)
    assert "Texto ofensivo" not in json.dumps(result)
    assert result["events"][0]["kind"] == "comment.created"
    assert "Ocultado por moderación: Insultos" in result["events"][0]["html"]


def test_json_returns_the_placeholder_card(comment, moderator):
    data = client_for(moderator).post(url(comment), {"reason": "Spam"}, **JSON).json()
    assert "Ocultado por moderación: Spam" in data["html"]
    assert "Restaurar" in data["html"]


def test_reason_is_required(comment, moderator):
    response = client_for(moderator).post(url(comment), {"reason": ""}, **JSON)
    assert response.status_code == 400
    assert response.json() == {"error": "Escribe el motivo: se mostrará en lugar del texto."}
    comment.refresh_from_db()
    assert comment.moderation_status == "published"
    assert client_for(moderator).post(url(comment), {"reason": "Spam"}).status_code == 302


def test_a_refused_reason_comes_back_in_the_form_without_javascript(comment, moderator):
    response = client_for(moderator).post(url(comment), {"reason": "x" * 301})
    assert response.status_code == 400
    assertContains(
        response,
        '<p class="field-error" id="motivo-error">El motivo puede tener hasta 300 caracteres.</p>',
        html=True,
        status_code=400,
    )
    assert 'value="' + "x" * 301 + '"' in response.content.decode()
    comment.refresh_from_db()
    assert comment.moderation_status == "published"


def test_residents_cannot_hide(comment, other_resident):
    assert client_for(other_resident).post(url(comment), {"reason": "x"}).status_code == 403
    comment.refresh_from_db()
    assert comment.moderation_status == "published"


def test_moderator_without_2fa_is_sent_to_set_it_up(comment, moderator_without_2fa):
    response = client_for(moderator_without_2fa).post(url(comment), {"reason": "x"})
    assert response.status_code == 302
    assert "totp" in response.url
    comment.refresh_from_db()
    assert comment.moderation_status == "published"


def test_anonymous_visitor_is_sent_to_login_and_back_to_the_comment(client, comment):
    response = client.post(url(comment), {"reason": "x"})
    assert login_next(response) == f"/conversaciones/comentarios/{comment.pk}/"


def test_hiding_needs_post(comment, moderator):
    assert client_for(moderator).get(url(comment)).status_code == 405


def test_unknown_comment_404s(moderator, db):
    assert (
        client_for(moderator)
        .post("/conversaciones/comentarios/9999/ocultar/", {"reason": "x"})
        .status_code
        == 404
    )


def test_hiding_twice_is_harmless(comment, moderator, discussion):
    client = client_for(moderator)
    client.post(url(comment), {"reason": "Uno"})
    client.post(url(comment), {"reason": "Dos"})
    discussion.refresh_from_db()
    assert discussion.comment_count == 0
    assert RoomEvent.objects.filter(kind="comment.hidden").count() == 1
