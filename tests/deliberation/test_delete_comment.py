"""deliberation.views.delete_comment: POST /conversaciones/comentarios/<id>/borrar/."""

import pytest

from deliberation.models import Comment, RoomEvent
from tests.conftest import client_for, login_next
from tests.deliberation.helpers import JSON, messages_of
from tests.deliberation.owners import make_comment


def url(comment) -> str:
    return f"/conversaciones/comentarios/{comment.pk}/borrar/"


@pytest.fixture
def comment(discussion, resident):
    return make_comment(discussion, resident, "Me arrepiento de esto")


def test_author_deletes_and_a_placeholder_keeps_the_thread(
    comment, resident, other_resident, discussion, owner_rules
):
    reply = make_comment(discussion, other_resident, "Respuesta que se queda", parent=comment)
    response = client_for(resident).post(url(comment))
    assert response.status_code == 302
    assert messages_of(response) == ["Borraste tu comentario."]
    comment.refresh_from_db()
    assert comment.is_deleted
    assert comment.moderation_status == Comment.ModerationStatus.WITHDRAWN
    discussion.refresh_from_db()
    assert discussion.comment_count == 1  # the reply
    assert owner_rules.count_changes == [-1]
    assert RoomEvent.objects.get().kind == "comment.deleted"
    html = client_for(other_resident).get(f"/conversaciones/{discussion.pk}/").content.decode()
    assert "Me arrepiento" not in html
    assert "Quien escribió este comentario lo borró." in html
    assert "Respuesta que se queda" in html
    assert f'id="comentario-{reply.pk}"' in html


def test_deleting_twice_is_harmless(comment, resident, discussion):
    client = client_for(resident)
    client.post(url(comment))
    assert client.post(url(comment)).status_code == 404
    discussion.refresh_from_db()
    assert discussion.comment_count == 0


def test_json_returns_the_placeholder(comment, resident, other_resident, discussion):
    make_comment(discussion, other_resident, "Una respuesta", parent=comment)
    data = client_for(resident).post(url(comment), **JSON).json()
    assert "Quien escribió este comentario lo borró." in data["html"]
    assert "Me arrepiento" not in data["html"]


def test_someone_else_cannot_delete(comment, other_resident):
    assert client_for(other_resident).post(url(comment)).status_code == 404
    comment.refresh_from_db()
    assert not comment.is_deleted


def test_anonymous_visitor_is_sent_to_login_and_back_to_the_comment(client, comment):
    # The permalink opens the discussion's page at the comment.
    assert login_next(client.post(url(comment))) == f"/conversaciones/comentarios/{comment.pk}/"


def test_delete_needs_post(comment, resident):
    assert client_for(resident).get(url(comment)).status_code == 405
