"""A hidden proposal's page (issue 8): its reason only, to everyone but moderation.

The page stays (the address may have been shared), but neither the tab title, the
breadcrumbs, the map, nor the discussion (comments, their authors and votes) shows what
moderation hid, whoever asks: anonymous visitors, residents, its own author.
"""

import pytest

from accounts.actions import notify
from accounts.models import Notification
from consultations.models import Proposal
from deliberation.actions import (
    do_follow,
    do_hide_contribution,
    do_post_comment,
    do_restore_contribution,
)
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


@pytest.mark.parametrize("who", ["anonymous", "resident"])
def test_nothing_of_a_hidden_proposal_shows_but_its_reason(who, hidden, resident):
    people = {"anonymous": None, "resident": resident}
    client = client_for(people[who]) if people[who] else client_for_anonymous()
    html = _page(client, hidden)
    assert "Contenía datos personales." in html
    assert "<title>Propuesta oculta por moderación · Cabildo</title>" in html
    assert TITLE not in html  # tab, breadcrumbs, map, discussion heading
    assert "Un comentario revelador" not in html
    assert "Lucía Comentarista" not in html
    assert 'data-map="point"' not in html


def test_its_author_reads_their_text_beside_the_reason_and_may_appeal(hidden):
    # Issue 11: the author still sees what they wrote, never the discussion.
    html = _page(client_for(hidden.author), hidden)
    assert "Contenía datos personales." in html
    assert "Tu texto (solo tú y moderación lo ven)" in html
    assert TITLE in html
    assert f"/conversaciones/aportes/propuesta/{hidden.pk}/apelar/" in html
    assert "Un comentario revelador" not in html


def test_moderators_still_read_it_marked_hidden(hidden, moderator):
    html = _page(client_for(moderator), hidden)
    assert TITLE in html
    assert "Un comentario revelador" in html


def client_for_anonymous():
    from django.test import Client

    return Client()


def _subjects(person) -> list[str]:
    return list(Notification.objects.filter(recipient=person).values_list("subject", flat=True))


def test_notification_subjects_stop_quoting_the_title_until_it_is_restored(proposal, moderator):
    follower = UserFactory(email="eva@ejemplo.cl", display_name="Eva")
    english = UserFactory(email="ann@example.com", display_name="Ann", language="en")
    discussion = Discussion.objects.get(object_id=proposal.pk, content_type__model="proposal")
    do_follow(follower, proposal)
    do_follow(english, proposal)
    commenter = UserFactory(email="lucia@ejemplo.cl", display_name="Lucía")
    do_post_comment(commenter, discussion=discussion, body="Buena idea")
    assert _subjects(follower) == [f"Lucía comentó en «{TITLE}»"]

    do_hide_contribution(moderator, contribution=proposal, reason="Spam")
    assert _subjects(follower) == ["Lucía comentó en «contenido oculto por moderación»"]
    assert TITLE not in _subjects(english)[0]

    do_restore_contribution(moderator, contribution=proposal)
    assert _subjects(follower) == [f"Lucía comentó en «{TITLE}»"]
    assert TITLE in _subjects(english)[0]


def test_a_subject_cut_inside_the_quote_loses_the_rest_of_the_title(proposal, moderator):
    long_title = "Una ciclovía segura " * 7  # 140 characters: the subject is cut at 200
    Proposal.objects.filter(pk=proposal.pk).update(title=long_title)
    proposal.refresh_from_db()
    reader = UserFactory(email="eva@ejemplo.cl")
    notify(
        [reader],
        kind="test",
        subject=f"{'Alguien con un nombre muy largo ' * 2}comentó en «{long_title}»",
        url=proposal.get_absolute_url(),
    )
    assert len(_subjects(reader)[0]) == 200
    do_hide_contribution(moderator, contribution=proposal, reason="Spam")
    assert "Una ciclovía segura" not in _subjects(reader)[0]
    assert _subjects(reader)[0].endswith("«contenido oculto por moderación»")
