"""deliberation.views.restore_contribution for proposals:
POST /conversaciones/aportes/propuesta/<id>/restaurar/."""

import pytest
from django.contrib.messages import get_messages
from pytest_django.asserts import assertContains

from accounts.models import Notification
from consultations.models import Proposal
from deliberation.actions import do_hide_contribution
from deliberation.models import ModerationDecision
from tests.conftest import client_for, login_next

LIST_URL = "/consultas/ciclovias/propuestas/"


def url(proposal) -> str:
    return f"/conversaciones/aportes/propuesta/{proposal.pk}/restaurar/"


@pytest.fixture
def hidden(proposal, moderator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        do_hide_contribution(moderator, contribution=proposal, reason="Revisión")
    Notification.objects.all().delete()
    return proposal


def test_moderator_restores_a_hidden_proposal(
    hidden, moderator, client, django_capture_on_commit_callbacks
):
    assert "Ciclovía por la costanera" not in client.get(LIST_URL).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(moderator).post(url(hidden))
    assert response.status_code == 302
    assert response.url == hidden.get_absolute_url()
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "La propuesta quedó restaurada."
    ]
    hidden.refresh_from_db()
    assert (hidden.moderation_status, hidden.moderation_reason) == ("published", "")
    notice = Notification.objects.get(recipient=hidden.author)
    assert (notice.kind, notice.subject, notice.body, notice.is_urgent) == (
        "deliberation.restored",
        "Tu propuesta fue restaurada",
        "La moderación revisó tu propuesta y volvió a mostrarla.",
        True,
    )
    assert list(ModerationDecision.objects.values_list("action", flat=True)) == [
        "hide",
        "restore",
    ]
    # Back on the list, whose cached count was forgotten.
    assertContains(client.get(LIST_URL), "Ciclovía por la costanera")
    assertContains(client.get(LIST_URL), "1 propuesta")


def test_the_page_offers_moderators_the_restore_button(hidden, moderator):
    assertContains(
        client_for(moderator).get(hidden.get_absolute_url()),
        f'<form method="post" action="{url(hidden)}">',
    )


def test_a_withdrawn_proposal_comes_back_withdrawn(proposal, moderator):
    Proposal.objects.filter(pk=proposal.pk).update(
        moderation_status=Proposal.ModerationStatus.WITHDRAWN
    )
    proposal.refresh_from_db()
    do_hide_contribution(moderator, contribution=proposal, reason="Datos personales")
    client_for(moderator).post(url(proposal))
    proposal.refresh_from_db()
    assert proposal.moderation_status == Proposal.ModerationStatus.WITHDRAWN


def test_json_answers_with_the_message(hidden, moderator):
    response = client_for(moderator).post(url(hidden), HTTP_ACCEPT="application/json")
    assert response.json() == {"message": "La propuesta quedó restaurada."}


def test_restoring_needs_post(hidden, moderator):
    assert client_for(moderator).get(url(hidden)).status_code == 405


def test_anonymous_visitor_is_sent_to_login_and_back_to_the_proposal(client, hidden):
    # A hidden proposal keeps its public page (the reason in place of its text).
    assert login_next(client.post(url(hidden))) == hidden.get_absolute_url()


def test_residents_cannot_restore(hidden, resident):
    assert client_for(resident).post(url(hidden)).status_code == 403
    hidden.refresh_from_db()
    assert hidden.moderation_status == "hidden"


def test_moderator_without_2fa_is_sent_to_set_it_up(hidden, moderator_without_2fa):
    response = client_for(moderator_without_2fa).post(url(hidden))
    assert "totp" in response.url
    hidden.refresh_from_db()
    assert hidden.moderation_status == "hidden"


def test_restoring_what_is_not_hidden_does_nothing(proposal, moderator):
    assert client_for(moderator).post(url(proposal)).status_code == 302
    assert not ModerationDecision.objects.exists()
    assert not Notification.objects.exists()


def test_restoring_twice_is_harmless(hidden, moderator):
    client = client_for(moderator)
    client.post(url(hidden))
    client.post(url(hidden))
    assert ModerationDecision.objects.filter(action="restore").count() == 1
    assert Notification.objects.filter(recipient=hidden.author).count() == 1
