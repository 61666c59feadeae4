"""A hidden proposal's page (issue 8): its reason only, to everyone but moderation.

The page stays (the address may have been shared), but neither the tab title, the
breadcrumbs, the map, nor the discussion (comments, their authors and votes) shows what
moderation hid, whoever asks: anonymous visitors, residents, its own author.
"""

import pytest

from consultations.models import Proposal
from deliberation.actions import do_post_comment
from deliberation.models import Discussion
from tests.conftest import client_for
from tests.factories import UserFactory

TITLE = "Ciclovía por la costanera"


@pytest.fixture
def hidden(proposal):
    commenter = UserFactory(email="lucia@ejemplo.cl", display_name="Lucía Comentarista")
    discussion = Discussion.objects.get(object_id=proposal.pk, content_type__model="proposal")
    do_post_comment(commenter, discussion=discussion, body="Un comentario revelador")
    Proposal.objects.filter(pk=proposal.pk).update(
        moderation_status=Proposal.ModerationStatus.HIDDEN,
        moderation_reason="Contenía datos personales.",
        latitude=-33.04,
        longitude=-71.61,
    )
    return proposal


def _page(client, proposal) -> str:
    response = client.get(proposal.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("who", ["anonymous", "resident", "author"])
def test_nothing_of_a_hidden_proposal_shows_but_its_reason(who, hidden, resident):
    people = {"anonymous": None, "resident": resident, "author": hidden.author}
    client = client_for(people[who]) if people[who] else client_for_anonymous()
    html = _page(client, hidden)
    assert "Contenía datos personales." in html
    assert "<title>Propuesta oculta por moderación · Cabildo</title>" in html
    assert TITLE not in html  # tab, breadcrumbs, map, discussion heading
    assert "Un comentario revelador" not in html
    assert "Lucía Comentarista" not in html
    assert 'data-map="point"' not in html


def test_moderators_still_read_it_marked_hidden(hidden, moderator):
    html = _page(client_for(moderator), hidden)
    assert TITLE in html
    assert "Un comentario revelador" in html


def client_for_anonymous():
    from django.test import Client

    return Client()
