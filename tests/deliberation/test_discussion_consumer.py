"""deliberation.consumers.DiscussionConsumer: the live room at /ws/discussions/<id>/."""

import json
from collections.abc import Iterator

import pytest
from channels.db import database_sync_to_async
from channels.layers import channel_layers
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser

from config.routing import websocket_urlpatterns
from deliberation import consumers, presence, rooms
from deliberation.actions import do_hide_contribution, do_post_comment, do_vote_comment

# serialized_rollback: the flush between transactional tests would drop the comunas the
# migrations load.
pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

APP = URLRouter(websocket_urlpatterns)


@pytest.fixture(autouse=True)
def _fresh_layer(monkeypatch) -> Iterator[None]:
    # The in-memory layer's queues belong to one event loop: one per test.
    channel_layers.backends.clear()
    presence._backend = None
    monkeypatch.setattr(presence, "BROADCAST_DELAY", 0.05)
    yield
    channel_layers.backends.clear()


def socket(discussion, user=None) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(APP, f"/ws/discussions/{discussion.pk}/")
    communicator.scope["user"] = user or AnonymousUser()
    return communicator


async def receive_type(communicator, kind: str, timeout: float = 2) -> dict:
    """The next message of type ``kind``, skipping presence counts."""
    while True:
        message = await communicator.receive_json_from(timeout=timeout)
        if message["type"] == kind:
            return message


async def test_anyone_who_may_read_joins_and_hears_the_count(discussion):
    communicator = socket(discussion)
    connected, _ = await communicator.connect()
    assert connected
    assert await communicator.receive_json_from() == {"type": "hello", "presence": 1}
    await communicator.disconnect()


async def test_hidden_discussion_refuses_the_socket(discussion, resident, owner_rules):
    owner_rules.visible = False
    connected, code = await socket(discussion, resident).connect()
    assert not connected
    assert code == 4404


async def test_unknown_discussion_refuses_the_socket(discussion):
    communicator = WebsocketCommunicator(APP, "/ws/discussions/987654/")
    communicator.scope["user"] = AnonymousUser()
    connected, _ = await communicator.connect()
    assert not connected


async def test_new_comment_reaches_the_room_after_commit(discussion, resident):
    communicator = socket(discussion)
    await communicator.connect()
    await receive_type(communicator, "hello")
    comment = await database_sync_to_async(do_post_comment)(
        resident, discussion=discussion, body="¡En vivo!"
    )
    event = await receive_type(communicator, "event")
    assert event["kind"] == "comment.created"
    assert event["comment"] == comment.pk
    assert event["count"] == 1
    assert event["announce"] == "Nuevo comentario de Camila"
    assert "¡En vivo!" in event["html"]
    assert f'id="comentario-{comment.pk}"' in event["html"]
    # Viewer neutral: own controls come hidden (no author id: each socket is told "mine"),
    # CSRF fields empty for the page to fill.
    assert '<span class="comment__own" hidden>' in event["html"]
    assert event["mine"] is False
    assert 'name="csrfmiddlewaretoken" value="" data-csrf-field' in event["html"]
    await communicator.disconnect()


async def test_each_socket_hears_events_and_catch_up_in_its_viewers_language(discussion, resident):
    english = WebsocketCommunicator(
        APP,
        f"/ws/discussions/{discussion.pk}/",
        headers=[(b"cookie", b"django_language=en"), (b"origin", b"http://testserver")],
    )
    english.scope["user"] = AnonymousUser()
    by_browser = WebsocketCommunicator(
        APP, f"/ws/discussions/{discussion.pk}/", headers=[(b"accept-language", b"en-GB,en")]
    )
    by_browser.scope["user"] = AnonymousUser()
    spanish = socket(discussion)
    for communicator in (english, by_browser, spanish):
        await communicator.connect()
        await receive_type(communicator, "hello")
    await database_sync_to_async(do_post_comment)(resident, discussion=discussion, body="Hola")
    assert (await receive_type(english, "event"))["announce"] == "New comment from Camila"
    assert (await receive_type(by_browser, "event"))["announce"] == "New comment from Camila"
    assert (await receive_type(spanish, "event"))["announce"] == "Nuevo comentario de Camila"
    await english.send_json_to({"type": "resume", "after": 0})
    caught_up = await receive_type(english, "catchup")
    assert "Responder" not in caught_up["events"][0]["html"]
    for communicator in (english, by_browser, spanish):
        await communicator.disconnect()


async def test_votes_travel_as_counts(discussion, resident, other_resident):
    comment = await database_sync_to_async(do_post_comment)(
        resident, discussion=discussion, body="Vótame"
    )
    communicator = socket(discussion)
    await communicator.connect()
    await receive_type(communicator, "hello")
    await database_sync_to_async(do_vote_comment)(other_resident, comment=comment, value=1)
    event = await receive_type(communicator, "event")
    assert (event["kind"], event["up"], event["down"]) == ("comment.voted", 1, 0)
    assert "html" not in event
    await communicator.disconnect()


async def test_hide_broadcast_never_carries_the_text(discussion, resident, moderator):
    comment = await database_sync_to_async(do_post_comment)(
        resident, discussion=discussion, body="Texto a ocultar"
    )
    communicator = socket(discussion)
    await communicator.connect()
    await receive_type(communicator, "hello")
    await database_sync_to_async(do_hide_contribution)(
        moderator, contribution=comment, reason="Spam"
    )
    event = await receive_type(communicator, "event")
    assert event["kind"] == "comment.hidden"
    assert "Texto a ocultar" not in json.dumps(event)
    await communicator.disconnect()


async def test_reconnecting_client_catches_up_from_the_database(discussion, resident, moderator):
    first = await database_sync_to_async(do_post_comment)(
        resident, discussion=discussion, body="Antes de irme"
    )
    communicator = socket(discussion)
    await communicator.connect()
    await receive_type(communicator, "hello")
    await communicator.send_json_to({"type": "resume", "after": 0})
    caught = await receive_type(communicator, "catchup")
    last_seen = caught["last"]
    assert [e["comment"] for e in caught["events"]] == [first.pk]
    await communicator.disconnect()

    # While away: a reply, a new comment, and the first one hidden.
    reply = await database_sync_to_async(do_post_comment)(
        resident, discussion=discussion, body="Respuesta perdida", parent=first
    )
    missed = await database_sync_to_async(do_post_comment)(
        resident, discussion=discussion, body="Comentario perdido"
    )
    await database_sync_to_async(do_hide_contribution)(moderator, contribution=first, reason="Spam")

    communicator = socket(discussion)
    await communicator.connect()
    await receive_type(communicator, "hello")
    await communicator.send_json_to({"type": "resume", "after": last_seen})
    caught = await receive_type(communicator, "catchup")
    by_comment = {e["comment"]: e for e in caught["events"]}
    assert set(by_comment) >= {reply.pk, missed.pk, first.pk}
    assert by_comment[missed.pk]["kind"] == "comment.created"
    assert "Comentario perdido" in by_comment[missed.pk]["html"]
    assert by_comment[reply.pk]["parent"] == first.pk
    # Rendered as it is now: the placeholder (whatever event the client resumes from).
    assert "Ocultado por moderación:" in by_comment[first.pk]["html"]
    assert "Antes de irme" not in json.dumps(caught)
    assert caught["last"] > last_seen
    await communicator.disconnect()


async def test_resume_checks_access_again(discussion, resident, owner_rules):
    communicator = socket(discussion, resident)
    await communicator.connect()
    await receive_type(communicator, "hello")
    owner_rules.visible = False
    await communicator.send_json_to({"type": "resume", "after": 0})
    output = await communicator.receive_output(timeout=2)
    assert output == {"type": "websocket.close", "code": 4404}


async def test_presence_counts_everyone_in_the_room(discussion, resident):
    first = socket(discussion)
    await first.connect()
    assert (await first.receive_json_from())["presence"] == 1
    second = socket(discussion, resident)
    await second.connect()
    assert (await second.receive_json_from())["presence"] == 2
    # The first hears the new count shortly after (batched, not one message per arrival).
    assert (await receive_type(first, "presence"))["count"] == 2
    await second.disconnect()
    assert (await receive_type(first, "presence"))["count"] == 1
    await first.send_json_to({"type": "ping"})
    assert await receive_type(first, "pong") == {"type": "pong", "presence": 1}
    await first.disconnect()


async def test_bad_messages_get_an_error(discussion):
    communicator = socket(discussion)
    await communicator.connect()
    await receive_type(communicator, "hello")
    await communicator.send_json_to({"type": "post", "body": "no"})
    error = await receive_type(communicator, "error")
    assert "type" in error["errors"]
    await communicator.send_json_to({"type": "resume", "after": -4})
    assert "after" in (await receive_type(communicator, "error"))["errors"]
    await communicator.disconnect()


async def test_asking_for_catch_up_again_too_soon_closes_the_socket(discussion):
    communicator = socket(discussion)
    await communicator.connect()
    await receive_type(communicator, "hello")
    await communicator.send_json_to({"type": "resume", "after": 0})
    await receive_type(communicator, "catchup")
    await communicator.send_json_to({"type": "resume", "after": 0})
    output = await communicator.receive_output(timeout=2)
    while output["type"] != "websocket.close":
        output = await communicator.receive_output(timeout=2)
    assert output == {"type": "websocket.close", "code": 4429}


async def test_catch_up_may_come_again_after_the_interval(discussion, monkeypatch):
    monkeypatch.setattr(consumers, "RESUME_INTERVAL", 0)
    communicator = socket(discussion)
    await communicator.connect()
    await receive_type(communicator, "hello")
    for _ in range(2):
        await communicator.send_json_to({"type": "resume", "after": 0})
        await receive_type(communicator, "catchup")
    await communicator.disconnect()


async def test_a_huge_catch_up_asks_the_page_to_reload(discussion, resident, monkeypatch):
    monkeypatch.setattr(rooms, "CATCH_UP_MAX_SUBJECTS", 2)
    for index in range(3):
        await database_sync_to_async(do_post_comment)(
            resident, discussion=discussion, body=f"Comentario {index}"
        )
    communicator = socket(discussion)
    await communicator.connect()
    await receive_type(communicator, "hello")
    await communicator.send_json_to({"type": "resume", "after": 0})
    assert await receive_type(communicator, "reload") == {"type": "reload"}
    await communicator.disconnect()


async def test_presence_is_counted_per_room(discussion, resident):
    other = await database_sync_to_async(_other_discussion)()
    here = socket(discussion)
    await here.connect()
    assert (await here.receive_json_from())["presence"] == 1
    elsewhere = socket(other, resident)
    await elsewhere.connect()
    assert (await elsewhere.receive_json_from())["presence"] == 1
    await here.send_json_to({"type": "ping"})
    assert (await receive_type(here, "pong"))["presence"] == 1
    await here.disconnect()
    await elsewhere.disconnect()


def _other_discussion():
    from accounts.models import Division
    from deliberation.actions import create_discussion

    return create_discussion(Division.objects.create(name="Otra sala", acronym="OTRA"))


async def test_events_of_another_room_do_not_arrive(discussion, resident):
    other = await database_sync_to_async(_other_discussion)()
    communicator = socket(discussion)
    await communicator.connect()
    await receive_type(communicator, "hello")
    await database_sync_to_async(do_post_comment)(resident, discussion=other, body="Allá")
    here = await database_sync_to_async(do_post_comment)(
        resident, discussion=discussion, body="Acá"
    )
    # The first event to arrive is this room's (the other room's would have come first).
    assert (await receive_type(communicator, "event"))["comment"] == here.pk
    await communicator.disconnect()
