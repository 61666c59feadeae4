"""A comment deleted before anyone replied leaves its thread: no "Quien escribió este
comentario lo borró." placeholder on the page, in "Ver más" batches, in live events or in
catch-up; a replied comment keeps its placeholder (deliberation.actions.do_delete_comment,
queries.LEFT_THREAD, events.comment_payload, discussion.js)."""

import json

import pytest

from deliberation.actions import do_delete_comment, do_post_comment
from deliberation.events import CommentEvent, comment_payload
from deliberation.models import Comment, RoomEvent
from deliberation.rooms import catch_up
from tests.conftest import client_for
from tests.deliberation.helpers import JSON, messages_of
from tests.deliberation.owners import make_comment

PLACEHOLDER = "Quien escribió este comentario lo borró."


def page(discussion, viewer) -> str:
    return client_for(viewer).get(f"/conversaciones/{discussion.pk}/").content.decode()


def delete_url(comment) -> str:
    return f"/conversaciones/comentarios/{comment.pk}/borrar/"


def test_a_comment_nobody_answered_disappears(
    discussion, resident, other_resident, django_assert_max_num_queries
):
    kept = make_comment(discussion, other_resident, "Este se queda")
    gone = make_comment(discussion, resident, "Me arrepiento")
    response = client_for(resident).post(delete_url(gone))
    # Back to the discussion, not to a permalink of what is gone.
    assert response.status_code == 302
    assert response.url == discussion.page_url()
    assert messages_of(response) == ["Borraste tu comentario."]
    gone.refresh_from_db()
    assert gone.is_deleted  # the row stays (moderation, data export)
    client = client_for(other_resident)
    client.get(discussion.page_url())  # warm the content-type cache
    # As many queries as before (test_discussion.py lists them): the condition is in
    # the batch and replies queries.
    with django_assert_max_num_queries(10):
        html = client.get(discussion.page_url()).content.decode()
    assert PLACEHOLDER not in html
    assert "Me arrepiento" not in html
    assert f'id="comentario-{gone.pk}"' not in html
    assert f'id="comentario-{kept.pk}"' in html


def test_a_replied_comment_keeps_its_placeholder(discussion, resident, other_resident):
    comment = make_comment(discussion, resident, "Me arrepiento")
    reply = make_comment(discussion, other_resident, "Respuesta", parent=comment)
    client_for(resident).post(delete_url(comment))
    html = page(discussion, other_resident)
    assert PLACEHOLDER in html
    assert f'id="comentario-{reply.pk}"' in html


def test_a_reply_nobody_answered_disappears_and_stops_counting(
    discussion, resident, other_resident
):
    root = make_comment(discussion, other_resident, "Comentario")
    replies = [
        make_comment(discussion, other_resident, f"Respuesta {n}", parent=root) for n in range(3)
    ]
    mine = make_comment(discussion, resident, "Mi respuesta", parent=root)
    response = client_for(resident).post(delete_url(mine))
    # Back to the comment it answered.
    assert response.url == root.page_url()
    root.refresh_from_db()
    assert root.reply_count == 3
    html = page(discussion, other_resident)
    assert PLACEHOLDER not in html
    # Two replies shown, "Ver 1 respuesta más" for the third: the deleted one is not counted.
    assert "Ver 1 respuesta más" in html
    assert f'id="comentario-{replies[1].pk}"' in html


def test_a_deleted_parent_left_without_replies_goes_too(discussion, resident, other_resident):
    root = make_comment(discussion, other_resident, "Comentario")
    parent = make_comment(discussion, resident, "Respuesta borrada después", parent=root)
    child = make_comment(discussion, other_resident, "Respuesta a la respuesta", parent=parent)
    do_delete_comment(resident, comment=parent)
    assert PLACEHOLDER in page(discussion, resident)  # still replied to
    do_delete_comment(other_resident, comment=child)
    parent.refresh_from_db()
    root.refresh_from_db()
    assert (parent.reply_count, root.reply_count) == (0, 0)
    html = page(discussion, resident)
    assert PLACEHOLDER not in html
    assert f'id="comentario-{root.pk}"' in html
    # Both leave the live pages: one event each.
    assert list(RoomEvent.objects.order_by("id").values_list("kind", "subject_id")) == [
        (CommentEvent.DELETED, parent.pk),
        (CommentEvent.DELETED, parent.pk),  # it leaves, in the child's transaction
        (CommentEvent.DELETED, child.pk),
    ]


def test_the_script_is_told_to_remove_it(discussion, resident):
    comment = make_comment(discussion, resident, "Me arrepiento")
    data = client_for(resident).post(delete_url(comment), **JSON).json()
    assert data == {"message": "Borraste tu comentario.", "removed": True}


def test_live_and_catch_up_payloads_remove_it(discussion, resident):
    comment = do_post_comment(resident, discussion=discussion, body="Me arrepiento")
    do_delete_comment(resident, comment=comment)
    comment.refresh_from_db()
    payload = comment_payload(1, CommentEvent.DELETED, comment, announce=True)
    assert payload["removed"] is True
    assert "html" not in payload
    # A client that never saw it gets "created" with nothing to insert, only the removal.
    (event,) = catch_up(discussion, after=0)["events"]
    assert event["kind"] == CommentEvent.CREATED
    assert event["removed"] is True
    assert "Me arrepiento" not in json.dumps(event)


@pytest.mark.parametrize("who", ["anonymous", "someone else"])
def test_nobody_else_removes_a_comment(discussion, resident, other_resident, client, who):
    comment = make_comment(discussion, resident, "Mío")
    if who == "someone else":
        client = client_for(other_resident)
    response = client.post(delete_url(comment))
    assert response.status_code in (302, 404)
    assert not Comment.objects.get(pk=comment.pk).is_deleted
    assert f'id="comentario-{comment.pk}"' in page(discussion, other_resident)
