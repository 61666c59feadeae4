"""No user id reaches the browser: not the discussion page's HTML, not the fragments the
script fetches, not any frame of the live room. Whose a comment is, the server decides
as it renders for one viewer, and says per socket ("mine") for live events.

The author has a distinctive primary key, so that its digits cannot appear by chance.
"""

import json
from html.parser import HTMLParser

import pytest
from channels.db import database_sync_to_async

from deliberation.actions import (
    do_delete_comment,
    do_edit_comment,
    do_post_comment,
    do_vote_comment,
)
from deliberation.models import Comment
from tests.conftest import client_for
from tests.deliberation.helpers import JSON
from tests.deliberation.owners import make_comment
from tests.deliberation.sockets import fresh_layer, receive_type, socket  # noqa: F401
from tests.factories import UserFactory

AUTHOR_PK = 987654


class Attributes(HTMLParser):
    """Every element's attributes: (tag, {name: value})."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {name: value or "" for name, value in attrs}))


def attribute_values(html: str) -> list[str]:
    return [value for _tag, attrs in Attributes(html).elements for value in attrs.values()]


def own_controls(html: str) -> list[dict[str, str]]:
    return [
        attrs
        for _tag, attrs in Attributes(html).elements
        if "comment__own" in attrs.get("class", "").split()
    ]


@pytest.fixture
def author(db):
    return UserFactory(pk=AUTHOR_PK, email="renata@ejemplo.cl", display_name="Renata")


@pytest.mark.django_db
def test_the_page_names_no_author_by_id_for_any_viewer(
    discussion, author, resident, moderator, client
):
    comment = make_comment(discussion, author, "Mi opinión")
    make_comment(discussion, resident, "Le respondo", parent=comment)
    url = f"/conversaciones/{discussion.pk}/"
    for viewer_client in (client, client_for(resident), client_for(moderator), client_for(author)):
        html = viewer_client.get(url).content.decode()
        assert [v for v in attribute_values(html) if str(AUTHOR_PK) in v] == []
        assert not any(name == "data-author" for _t, a in Attributes(html).elements for name in a)


@pytest.mark.django_db
def test_the_author_still_gets_their_own_controls_and_no_vote_buttons(discussion, author, resident):
    comment = make_comment(discussion, author, "Mi opinión")
    url = f"/conversaciones/{discussion.pk}/"
    html = client_for(author).get(url).content.decode()
    assert own_controls(html) == [{"class": "comment__own"}]
    card = html[html.index(f'data-comment-card="{comment.pk}"') :]
    assert "data-vote-form" not in card[: card.index("</article>")]
    # Someone else: neither the author's controls nor anything naming the author.
    assert own_controls(client_for(resident).get(url).content.decode()) == []


@pytest.mark.django_db
def test_the_scripts_fragments_name_no_author_by_id(discussion, author):
    response = client_for(author).post(
        f"/conversaciones/{discussion.pk}/comentar/", {"body": "Desde el script"}, **JSON
    )
    assert response.status_code == 201
    assert str(AUTHOR_PK) not in response.content.decode()
    # The author's own controls come visible (rendered for them).
    assert own_controls(response.json()["html"]) == [{"class": "comment__own"}]


async def frames_until(communicator, kind: str) -> list[str]:
    """Raw texts received up to and including the next frame of type ``kind``."""
    texts = []
    while True:
        output = await communicator.receive_output(timeout=2)
        assert output["type"] == "websocket.send"
        texts.append(output["text"])
        if f'"type": "{kind}"' in output["text"]:
            return texts


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("fresh_layer")
async def test_live_frames_name_no_author_and_tell_each_socket_whether_it_is_theirs(
    discussion, author, resident
):
    own = socket(discussion, author)
    other = socket(discussion, resident)
    anonymous = socket(discussion)
    everyone = (own, other, anonymous)
    for communicator in everyone:
        await communicator.connect()
        await receive_type(communicator, "hello")

    comment = await database_sync_to_async(do_post_comment)(
        author, discussion=discussion, body="En vivo"
    )
    await database_sync_to_async(do_vote_comment)(resident, comment=comment, value=1)
    comment = await database_sync_to_async(Comment.objects.get)(pk=comment.pk)
    await database_sync_to_async(do_edit_comment)(author, comment=comment, body="Corregido")
    await database_sync_to_async(do_delete_comment)(author, comment=comment)

    seen: dict[object, list[str]] = {communicator: [] for communicator in everyone}
    for communicator in everyone:
        for _kind in ("created", "voted", "updated", "deleted"):
            seen[communicator] += await frames_until(communicator, "event")
        await communicator.send_json_to({"type": "resume", "after": 0})
        seen[communicator] += await frames_until(communicator, "catchup")
    for texts in seen.values():
        for text in texts:
            assert str(AUTHOR_PK) not in text
            assert "_owner" not in text
            assert "data-author" not in text

    assert created_frame(seen[own])["mine"] is True
    assert created_frame(seen[other])["mine"] is False
    assert created_frame(seen[anonymous])["mine"] is False
    # Catch-up says it too.
    own_catch_up = next(text for text in seen[own] if '"type": "catchup"' in text)
    assert '"mine": true' in own_catch_up
    for communicator in everyone:
        await communicator.disconnect()


def created_frame(texts: list[str]) -> dict:
    for text in texts:
        frame = json.loads(text)
        if frame.get("kind") == "comment.created":
            return frame
    raise AssertionError("no comment.created frame")
