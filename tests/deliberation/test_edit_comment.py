"""deliberation.views.edit_comment: GET/POST /conversaciones/comentarios/<id>/editar/."""

import re
from html import unescape

import pytest

from deliberation.models import CommentRevision, RoomEvent
from tests.conftest import client_for
from tests.deliberation.helpers import JSON, messages_of
from tests.deliberation.owners import make_comment


def textarea_value(response) -> str:
    """The text field as the browser shows it (a textarea's content is text)."""
    found = re.search(r"<textarea[^>]*>\n?(.*?)</textarea>", response.content.decode(), re.S)
    return unescape(found.group(1))


def url(comment) -> str:
    return f"/conversaciones/comentarios/{comment.pk}/editar/"


@pytest.fixture
def comment(discussion, resident):
    return make_comment(discussion, resident, "Primera versión")


def test_author_sees_the_form_with_the_text(comment, resident):
    response = client_for(resident).get(url(comment))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Editar tu comentario</h1>" in html
    # The text as typed, not its HTML.
    assert ">Primera versión</textarea>" in html


def test_a_comment_with_a_link_and_a_less_than_sign_comes_back_as_typed(discussion, resident):
    typed = "Uno.\n\nMira https://gob.cl/plan?a=1&b=2 si a < b"
    comment = make_comment(discussion, resident, typed)
    response = client_for(resident).get(url(comment))
    assert textarea_value(response) == "Uno.\n\nMira https://gob.cl/plan?a=1&b=2 si a < b"


def test_typed_html_is_text_and_comes_back_as_typed(comment, resident):
    client = client_for(resident)
    client.post(url(comment), {"body": "<b> no es negrita"})
    comment.refresh_from_db()
    assert comment.body == "<p>&lt;b&gt; no es negrita</p>"
    assert textarea_value(client.get(url(comment))) == "<b> no es negrita"


def test_editing_keeps_history_and_marks_it_edited(comment, resident, discussion):
    response = client_for(resident).post(url(comment), {"body": "Segunda versión"})
    assert response.status_code == 302
    assert messages_of(response) == ["Tu comentario quedó editado."]
    comment.refresh_from_db()
    assert comment.body == "<p>Segunda versión</p>"
    assert comment.was_edited
    assert list(CommentRevision.objects.values_list("body", flat=True)) == [
        "<p>Primera versión</p>"
    ]
    assert RoomEvent.objects.get().kind == "comment.updated"
    html = client_for(resident).get(f"/conversaciones/{discussion.pk}/").content.decode()
    assert '<span class="comment__edited">editado</span>' in html


def test_same_text_changes_nothing(comment, resident):
    client_for(resident).post(url(comment), {"body": "Primera versión"})
    comment.refresh_from_db()
    assert not comment.was_edited
    assert not CommentRevision.objects.exists()


def test_json_returns_the_new_card(comment, resident):
    response = client_for(resident).post(url(comment), {"body": "Nueva"}, **JSON)
    assert response.status_code == 200
    assert "<p>Nueva</p>" in response.json()["html"]


def test_empty_text_is_refused_and_nothing_changes(comment, resident):
    response = client_for(resident).post(url(comment), {"body": ""})
    assert response.status_code == 400
    assert "El comentario no puede quedar vacío: si quieres, bórralo." in response.content.decode()
    comment.refresh_from_db()
    assert comment.body == "<p>Primera versión</p>"


def test_someone_else_cannot_edit(comment, other_resident, moderator):
    for person in (other_resident, moderator):
        assert client_for(person).post(url(comment), {"body": "Hackeado"}).status_code == 404
    comment.refresh_from_db()
    assert comment.body == "<p>Primera versión</p>"


def test_deleted_or_hidden_comment_cannot_be_edited(comment, resident):
    comment.moderation_status = "hidden"
    comment.save()
    assert client_for(resident).get(url(comment)).status_code == 404


def test_anonymous_visitor_is_sent_to_login(client, comment):
    assert client.get(url(comment)).url.startswith("/cuenta/login/")


def test_edit_needs_get_or_post(comment, resident):
    assert client_for(resident).put(url(comment)).status_code == 405


def test_hidden_discussion_404s(comment, resident, owner_rules):
    owner_rules.visible = False
    assert client_for(resident).get(url(comment)).status_code == 404
