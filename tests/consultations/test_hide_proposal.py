"""deliberation.views.hide_contribution for proposals:
POST /conversaciones/aportes/propuesta/<id>/ocultar/, from the moderator's controls on the
proposal page (deliberation/moderation_controls.html)."""

import pytest
from django.contrib.messages import get_messages
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import Notification
from consultations.models import Proposal
from deliberation.models import ModerationDecision
from tests.conftest import client_for, login_next
from tests.consultations.factories import ProposalFactory
from tests.deliberation.helpers import JSON

LIST_URL = "/consultas/ciclovias/propuestas/"


def url(proposal) -> str:
    return f"/conversaciones/aportes/propuesta/{proposal.pk}/ocultar/"


@pytest.fixture
def other(supports_consultation):
    return ProposalFactory(consultation=supports_consultation, title="Más árboles")


def test_moderator_hides_a_proposal_with_a_public_reason(
    proposal, other, moderator, client, django_capture_on_commit_callbacks
):
    assertContains(client.get(LIST_URL), "Ciclovía por la costanera")
    assertContains(client.get(LIST_URL), "2 propuestas")  # counted, and cached
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(moderator).post(url(proposal), {"reason": "Datos personales"})
    assert response.status_code == 302
    assert response.url == proposal.get_absolute_url()
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["La propuesta quedó oculta."]
    proposal.refresh_from_db()
    assert proposal.moderation_status == Proposal.ModerationStatus.HIDDEN
    assert proposal.moderation_reason == "Datos personales"
    notice = Notification.objects.get(recipient=proposal.author)
    assert (notice.kind, notice.subject, notice.body, notice.is_urgent) == (
        "deliberation.hidden",
        "Tu propuesta fue ocultada por moderación",
        "Motivo: Datos personales",
        True,
    )
    assert notice.url == proposal.get_absolute_url()
    decision = ModerationDecision.objects.get()
    assert (decision.action, decision.status_before, decision.contribution) == (
        "hide",
        "published",
        proposal,
    )
    # Gone from the list and from its (cached) count; its page shows only the reason.
    listing = client.get(LIST_URL)
    assertNotContains(listing, "Ciclovía por la costanera")
    assertContains(listing, "1 propuesta")
    page = client.get(proposal.get_absolute_url())
    assertContains(page, "Propuesta oculta por moderación")
    assertContains(page, "Datos personales")
    assertNotContains(page, "Una idea para la región.")
    # Its discussion goes with it (the socket already refused it).
    assertNotContains(page, 'id="comentarios"')


def test_moderators_see_the_controls_on_the_proposal_page_and_residents_do_not(
    proposal, moderator, resident
):
    html = client_for(moderator).get(proposal.get_absolute_url())
    assertContains(html, f'<form method="post" action="{url(proposal)}" class="hide-form">')
    assertContains(
        html, f'<label for="ocultar-propuesta-{proposal.pk}">Motivo público</label>', html=True
    )
    assertNotContains(client_for(resident).get(proposal.get_absolute_url()), url(proposal))


def test_json_answers_with_the_message(proposal, moderator):
    response = client_for(moderator).post(url(proposal), {"reason": "Spam"}, **JSON)
    assert response.json() == {"message": "La propuesta quedó oculta."}


def test_hiding_needs_post(proposal, moderator):
    assert client_for(moderator).get(url(proposal)).status_code == 405


def test_anonymous_visitor_is_sent_to_login_and_back_to_the_proposal(client, proposal):
    assert login_next(client.post(url(proposal), {"reason": "x"})) == proposal.get_absolute_url()
    proposal.refresh_from_db()
    assert proposal.moderation_status == "published"


def test_residents_cannot_hide(proposal, resident):
    assert client_for(resident).post(url(proposal), {"reason": "x"}).status_code == 403
    proposal.refresh_from_db()
    assert proposal.moderation_status == "published"


def test_moderator_without_2fa_is_sent_to_set_it_up(proposal, moderator_without_2fa):
    response = client_for(moderator_without_2fa).post(url(proposal), {"reason": "x"})
    assert response.status_code == 302
    assert "totp" in response.url
    proposal.refresh_from_db()
    assert proposal.moderation_status == "published"


def test_a_missing_reason_is_asked_for_and_a_long_one_is_kept(proposal, moderator):
    client = client_for(moderator)
    response = client.post(url(proposal), {"reason": ""})
    assertContains(response, "Escribe el motivo: se mostrará en lugar del texto.", status_code=400)
    long_reason = "Contiene datos personales de terceros. " * 10
    response = client.post(url(proposal), {"reason": long_reason})
    assertContains(response, "El motivo puede tener hasta 300 caracteres.", status_code=400)
    # Nothing typed is lost: the reason comes back in its field, to shorten it.
    assertContains(response, f'value="{long_reason}"', status_code=400)
    assertContains(response, "Vas a ocultar «Ciclovía por la costanera».", status_code=400)
    proposal.refresh_from_db()
    assert proposal.moderation_status == "published"
    assert not ModerationDecision.objects.exists()
    # The same proposal with a valid reason: the refusal came from the reason.
    assert client.post(url(proposal), {"reason": "Datos personales"}).status_code == 302


def test_hiding_twice_is_harmless(proposal, moderator):
    client = client_for(moderator)
    client.post(url(proposal), {"reason": "Uno"})
    client.post(url(proposal), {"reason": "Dos"})
    proposal.refresh_from_db()
    assert proposal.moderation_reason == "Uno"
    assert ModerationDecision.objects.count() == 1
    assert Notification.objects.filter(recipient=proposal.author).count() == 1


def test_unknown_proposal_or_type_404s(moderator, db):
    client = client_for(moderator)
    assert client.post("/conversaciones/aportes/propuesta/9999/ocultar/").status_code == 404
    assert client.post("/conversaciones/aportes/otra-cosa/1/ocultar/").status_code == 404


def test_the_controls_cost_moderators_no_query_of_their_own(
    proposal, moderator, django_assert_max_num_queries
):
    client = client_for(moderator)
    client.get(proposal.get_absolute_url())
    # 1 session, 2 user, 3 consultation, 4 phases, 5 comunas, 6 its topics, 7 proposal,
    # 8 its topics, 9 the viewer's support, 10-14 the discussion block (discussion, a batch
    # of comments, follow, the moderator's 2FA check, last event id), 15 its outcome
    # (planning/fate.html), 16 unread notifications. The controls reuse the block's 2FA
    # check: nothing of their own.
    with django_assert_max_num_queries(16):
        response = client.get(proposal.get_absolute_url())
    assertContains(response, url(proposal))
