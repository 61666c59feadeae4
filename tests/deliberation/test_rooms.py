"""deliberation.rooms: the live-room engine (event log, broadcast on commit, catch-up),
through its first room type, discussions; with its query counts."""

import json
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from deliberation import rooms
from deliberation.actions import do_edit_comment, do_post_comment, do_vote_comment
from deliberation.models import Discussion, RoomEvent
from deliberation.rooms import LiveEvent, broadcast, catch_up, group_name, last_event_id


def test_the_event_row_names_its_room_and_subject(discussion, resident):
    comment = do_post_comment(resident, discussion=discussion, body="Hola")
    event = RoomEvent.objects.get()
    assert event.room_type == ContentType.objects.get_for_model(Discussion)
    assert (event.room_id, event.kind, event.subject_id) == (
        discussion.pk,
        "comment.created",
        comment.pk,
    )
    assert event.room == discussion
    assert last_event_id(discussion) == event.pk


def test_group_names_are_defined_once_from_the_room_model():
    assert group_name(Discussion, 7) == "deliberation.discussion.7"


def test_broadcast_renders_once_per_language_with_one_query(
    discussion, resident, monkeypatch, django_assert_num_queries
):
    comment = do_post_comment(resident, discussion=discussion, body="Hola a todos")
    event = RoomEvent.objects.get()
    sent = []
    monkeypatch.setattr(rooms, "send_to_group", lambda group, msg: sent.append((group, msg)))
    # 1: the comment with its author and discussion.
    with django_assert_num_queries(1):
        broadcast(Discussion, LiveEvent(event.pk, discussion.pk, event.kind, comment.pk))
    ((group, message),) = sent
    assert group == f"deliberation.discussion.{discussion.pk}"
    assert message["type"] == "room.event"
    assert set(message["texts"]) == {"es-cl", "en"}
    payload = json.loads(message["texts"]["es-cl"])
    assert payload["id"] == event.pk
    assert payload["comment"] == comment.pk
    assert "Hola a todos" in payload["html"]
    assert json.loads(message["texts"]["en"])["announce"] == "New comment from Camila"


def test_actions_broadcast_only_after_commit(
    discussion, resident, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr(rooms, "send_to_group", lambda group, msg: sent.append(group))
    with django_capture_on_commit_callbacks() as callbacks:
        do_post_comment(resident, discussion=discussion, body="Hola")
    assert sent == []
    for callback in callbacks:
        callback()
    assert sent == [f"deliberation.discussion.{discussion.pk}"]


def test_catch_up_costs_two_queries_whatever_it_holds(
    discussion, resident, django_assert_num_queries
):
    for index in range(30):
        do_post_comment(resident, discussion=discussion, body=f"C{index}")
    # 1 the missed events (bounded), 2 their comments with authors and discussion.
    with django_assert_num_queries(2):
        result = catch_up(discussion, after=0)
    assert len(result["events"]) == 30
    assert result["last"] == RoomEvent.objects.latest("id").pk
    assert all(event["announce"] == "" for event in result["events"])


def test_a_comment_new_to_the_client_is_caught_up_as_created_with_its_votes(
    discussion, resident, other_resident
):
    comment = do_post_comment(resident, discussion=discussion, body="Vótame")
    do_vote_comment(other_resident, comment=comment, value=1)
    (event,) = catch_up(discussion, after=0)["events"]
    assert (event["kind"], event["up"]) == ("comment.created", 1)
    # A client that saw the comment a while ago (before the overlap that guards against
    # out-of-order commits) gets its card again, with the counts.
    seen = RoomEvent.objects.get(kind="comment.created").pk
    RoomEvent.objects.filter(pk=seen).update(created_at=timezone.now() - timedelta(minutes=2))
    (event,) = catch_up(discussion, after=seen)["events"]
    assert event["kind"] == "comment.updated"
    assert "html" in event


def test_too_many_changed_comments_ask_for_a_reload(discussion, resident, monkeypatch):
    monkeypatch.setattr(rooms, "CATCH_UP_MAX_SUBJECTS", 3)
    for index in range(4):
        do_post_comment(resident, discussion=discussion, body=f"C{index}")
    assert catch_up(discussion, after=0) == {"type": "reload"}


def test_too_many_events_ask_for_a_reload_without_reading_them_all(
    discussion, resident, other_resident, monkeypatch, django_assert_num_queries
):
    # One comment voted on again and again: few subjects, many event rows.
    monkeypatch.setattr(rooms, "CATCH_UP_MAX_EVENTS", 5)
    comment = do_post_comment(resident, discussion=discussion, body="Polémico")
    for _ in range(3):
        do_vote_comment(other_resident, comment=comment, value=1)
        do_vote_comment(other_resident, comment=comment, value=-1)
    assert RoomEvent.objects.count() == 7
    # 1: the events, at most CATCH_UP_MAX_EVENTS + 1 of them (nothing rendered).
    with django_assert_num_queries(1) as queries:
        assert catch_up(discussion, after=0) == {"type": "reload"}
    assert "LIMIT 6" in queries.captured_queries[0]["sql"]


def test_nothing_missed_is_an_empty_catch_up(discussion):
    assert catch_up(discussion, after=10) == {"type": "catchup", "events": [], "last": 10}


def test_events_of_other_rooms_are_not_caught_up(discussion, resident, owner):
    from accounts.models import Division
    from deliberation.actions import create_discussion

    other = create_discussion(Division.objects.create(name="Otra", acronym="OTRA"))
    do_post_comment(resident, discussion=other, body="En otra sala")
    assert catch_up(discussion, after=0)["events"] == []
    assert last_event_id(discussion) == 0


def test_sockets_catching_up_together_share_one_rendering(discussion, resident, monkeypatch):
    # After an outage every socket of the room reconnects at once: each payload is
    # rendered once for all of them, and a later change renders again.
    rendered = []
    room_type = rooms.room_type_for(type(discussion))
    original = type(room_type).payload

    def counting(self, event, subject, *, catching_up):
        rendered.append(event.id)
        return original(self, event, subject, catching_up=catching_up)

    monkeypatch.setattr(type(room_type), "payload", counting)
    comment = do_post_comment(resident, discussion=discussion, body="Antes")
    first = [catch_up(discussion, after=0) for _ in range(20)]
    assert len(rendered) == 1
    assert all(result == first[0] for result in first)
    first[0]["events"][0]["mine"] = True  # a consumer changes its copy...
    assert "mine" not in catch_up(discussion, after=0)["events"][0]  # ...not the memo's

    do_edit_comment(resident, comment=comment, body="Después")
    (event,) = catch_up(discussion, after=0)["events"]
    assert "Después" in event["html"]
    assert len(rendered) == 2
