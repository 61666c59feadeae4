"""deliberation.views.vote_comment: POST /conversaciones/comentarios/<id>/votar/."""

import pytest

from deliberation.models import CommentVote, RoomEvent
from tests.conftest import client_for, login_next
from tests.deliberation.helpers import JSON, messages_of
from tests.deliberation.owners import make_comment


def url(comment) -> str:
    return f"/conversaciones/comentarios/{comment.pk}/votar/"


@pytest.fixture
def comment(discussion, other_resident):
    return make_comment(discussion, other_resident, "Propongo más árboles")


def counts(comment) -> tuple[int, int, int]:
    comment.refresh_from_db()
    return comment.upvotes, comment.downvotes, comment.score


def test_vote_up_then_toggle_it_off(comment, resident):
    client = client_for(resident)
    response = client.post(url(comment), {"value": "up"})
    assert response.status_code == 302
    assert response.url == (
        f"/conversaciones/{comment.discussion_id}/?comentario={comment.pk}#comentario-{comment.pk}"
    )
    assert messages_of(response) == ["Tu voto quedó registrado."]
    assert counts(comment) == (1, 0, 1)
    response = client.post(url(comment), {"value": "up"})
    assert messages_of(response)[-1] == "Quitaste tu voto."
    assert counts(comment) == (0, 0, 0)
    assert not CommentVote.objects.exists()


def test_switching_moves_both_counters(comment, resident):
    client = client_for(resident)
    client.post(url(comment), {"value": "up"})
    response = client.post(url(comment), {"value": "down"}, **JSON)
    assert response.json() == {
        "message": "Tu voto quedó registrado.",
        "up": 0,
        "down": 1,
        "mine": -1,
    }
    assert counts(comment) == (0, 1, -1)
    assert CommentVote.objects.get().value == -1
    assert RoomEvent.objects.filter(kind="comment.voted").count() == 2


def test_votes_of_several_people_add_up(comment, resident, cosoc_member, moderator):
    for person, value in [(resident, "up"), (cosoc_member, "up"), (moderator, "down")]:
        client_for(person).post(url(comment), {"value": value})
    assert counts(comment) == (2, 1, 1)


def test_author_cannot_vote_their_own_comment(comment, other_resident):
    response = client_for(other_resident).post(url(comment), {"value": "up"}, **JSON)
    assert response.status_code == 400
    assert response.json() == {"error": "No puedes votar tu propio comentario."}
    assert counts(comment) == (0, 0, 0)


def test_deleted_or_hidden_comments_take_no_votes(comment, resident):
    comment.moderation_status = "hidden"
    comment.save()
    response = client_for(resident).post(url(comment), {"value": "up"})
    assert messages_of(response) == ["Este comentario ya no recibe votos."]
    assert counts(comment) == (0, 0, 0)


def test_bad_value_is_refused(comment, resident):
    response = client_for(resident).post(url(comment), {"value": "sideways"}, **JSON)
    assert response.status_code == 400
    assert "no está entre las opciones" in response.json()["error"]
    # The same request with a valid value goes through.
    assert client_for(resident).post(url(comment), {"value": "up"}, **JSON).status_code == 200


@pytest.mark.parametrize("method", ["get", "put"])
def test_voting_needs_post(comment, resident, method):
    assert getattr(client_for(resident), method)(url(comment)).status_code == 405


def test_anonymous_visitor_is_sent_to_login_and_back_to_the_comment(client, comment):
    response = client.post(url(comment), {"value": "up"})
    assert login_next(response) == f"/conversaciones/comentarios/{comment.pk}/"
    assert counts(comment) == (0, 0, 0)


def test_hidden_discussion_404s(comment, resident, owner_rules):
    owner_rules.visible = False
    assert client_for(resident).post(url(comment), {"value": "up"}).status_code == 404


def test_owner_refusal_applies_to_votes(comment, resident, owner_rules):
    owner_rules.refusal = "La consulta está cerrada."
    response = client_for(resident).post(url(comment), {"value": "up"}, **JSON)
    assert response.json() == {"error": "La consulta está cerrada."}
    owner_rules.refusal = None
    assert client_for(resident).post(url(comment), {"value": "up"}, **JSON).status_code == 200


def test_voting_too_fast_is_refused_in_spanish(comment, resident, settings):
    settings.CABILDO_RATE_LIMITS = {"comment": "5/m", "vote": "2/m"}
    client = client_for(resident)
    assert client.post(url(comment), {"value": "up"}, **JSON).status_code == 200
    assert client.post(url(comment), {"value": "up"}, **JSON).status_code == 200
    response = client.post(url(comment), {"value": "up"}, **JSON)
    assert response.status_code == 429
    assert response.json()["error"].startswith("Estás votando muy seguido. Espera ")
    assert counts(comment) == (0, 0, 0)
