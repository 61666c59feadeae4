"""deliberation.events: broadcast payloads and catch-up, with their query counts."""

import json

from deliberation.actions import do_post_comment
from deliberation.events import broadcast_event, catch_up
from deliberation.models import DiscussionEvent


def test_broadcast_renders_once_with_one_query(
    discussion, resident, monkeypatch, django_assert_num_queries
):
    comment = do_post_comment(resident, discussion=discussion, body="Hola a todos")
    event = DiscussionEvent.objects.get()
    sent = []
    monkeypatch.setattr("deliberation.events.send_to_group", lambda pk, msg: sent.append((pk, msg)))
    # 1: the event with its comment, the comment's author and discussion.
    with django_assert_num_queries(1):
        broadcast_event(event.pk)
    ((pk, message),) = sent
    assert pk == discussion.pk
    assert message["type"] == "discussion.event"
    payload = json.loads(message["texts"]["es-cl"])
    assert payload["id"] == event.pk
    assert payload["comment"] == comment.pk
    assert "Hola a todos" in payload["html"]


def test_catch_up_costs_two_queries_whatever_it_holds(
    discussion, resident, django_assert_num_queries
):
    for index in range(30):
        do_post_comment(resident, discussion=discussion, body=f"C{index}")
    # 1 the missed events, 2 their comments with authors.
    with django_assert_num_queries(2):
        result = catch_up(discussion, after=0)
    assert len(result["events"]) == 30
    assert result["last"] == DiscussionEvent.objects.latest("id").pk


def test_too_much_to_catch_up_asks_for_a_reload(discussion, resident, monkeypatch):
    monkeypatch.setattr("deliberation.events.CATCH_UP_LIMIT", 3)
    for index in range(5):
        do_post_comment(resident, discussion=discussion, body=f"C{index}")
    assert catch_up(discussion, after=0)["type"] == "reload"


def test_nothing_missed_is_an_empty_catch_up(discussion):
    assert catch_up(discussion, after=10) == {"type": "catchup", "events": [], "last": 10}
