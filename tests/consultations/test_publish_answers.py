"""consultations.views.publish_answers and actions.check_publish_answers:
POST /consultas/<slug>/respuestas/publicar/ publishes every draft answer at once."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied

from accounts.models import Notification
from consultations.actions import do_publish_answers
from consultations.models import Proposal, ProposalAnswer
from tests.conftest import client_for, login_next, with_totp
from tests.consultations.factories import (
    ProposalAnswerFactory,
    ProposalFactory,
    SupportFactory,
)
from tests.factories import DivisionFactory, UserFactory

URL = "/consultas/ciclovias/respuestas/publicar/"


def last_message(response) -> str:
    return [str(m) for m in get_messages(response.wsgi_request)][-1]


@pytest.fixture
def drafts(supports_consultation, official, resident):
    accepted = ProposalFactory(consultation=supports_consultation, title="Aceptable")
    rejected = ProposalFactory(consultation=supports_consultation, title="Rechazable")
    SupportFactory(proposal=rejected, user=resident)
    ProposalAnswerFactory(proposal=accepted, author=official, state="accepted")
    ProposalAnswerFactory(
        proposal=rejected, author=official, state="rejected", body="No es competencia regional."
    )
    return accepted, rejected


def test_official_publishes_all_drafts_together(official_client, drafts, resident):
    accepted, rejected = drafts
    html = official_client.get("/consultas/ciclovias/").content.decode()
    assert "Hay 2 respuestas en borrador." in html
    response = official_client.post(URL)
    assert response.status_code == 302
    assert response.url == "/consultas/ciclovias/"
    assert last_message(response).startswith("Publicaste 2 respuestas.")
    assert not ProposalAnswer.objects.filter(is_published=False).exists()
    accepted.refresh_from_db()
    rejected.refresh_from_db()
    assert (accepted.state, rejected.state) == (Proposal.State.ACCEPTED, Proposal.State.REJECTED)
    notices = Notification.objects.filter(kind="consultations.official_answer", is_urgent=True)
    assert {n.recipient for n in notices} == {accepted.author, rejected.author, resident}


def test_nothing_to_publish_is_explained(official_client, supports_consultation):
    response = official_client.post(URL)
    assert last_message(response) == "No hay respuestas en borrador para publicar."


def test_published_answers_are_not_published_again(official_client, drafts):
    official_client.post(URL)
    Notification.objects.all().delete()
    response = official_client.post(URL)
    assert last_message(response) == "No hay respuestas en borrador para publicar."
    assert not Notification.objects.exists()


def test_other_consultations_drafts_stay_drafts(
    official_client, drafts, proposals_consultation, official
):
    elsewhere = ProposalFactory(consultation=proposals_consultation)
    ProposalAnswerFactory(proposal=elsewhere, author=official)
    official_client.post(URL)
    assert ProposalAnswer.objects.get(proposal=elsewhere).is_published is False


@pytest.mark.parametrize("persona", ["resident", "moderator", "admin"])
def test_people_who_are_not_officials_are_refused(request, drafts, persona):
    assert client_for(request.getfixturevalue(persona)).post(URL).status_code == 403
    assert ProposalAnswer.objects.filter(is_published=False).count() == 2


def test_official_without_2fa_is_sent_to_set_it_up(official_without_2fa, drafts, official):
    response = client_for(official_without_2fa).post(URL)
    assert response.url == "/cuenta/2fa/totp/activate/"
    assert ProposalAnswer.objects.filter(is_published=False).count() == 2
    client_for(official).post(URL)
    assert ProposalAnswer.objects.filter(is_published=False).count() == 0


def test_official_of_another_division_does_not_find_the_consultation(drafts):
    outsider = with_totp(UserFactory(is_official=True, division=DivisionFactory()))
    assert client_for(outsider).post(URL).status_code == 404


def test_anonymous_visitor_is_sent_to_login_and_back_to_the_consultation(client, drafts):
    assert login_next(client.post(URL)) == "/consultas/ciclovias/"


def test_publish_refuses_get(official_client, drafts):
    assert official_client.get(URL).status_code == 405


def test_action_requires_an_acting_official(official_without_2fa, supports_consultation):
    with pytest.raises(PermissionDenied):
        do_publish_answers(official_without_2fa, consultation=supports_consultation)


def test_action_refuses_an_official_of_another_division(official, drafts, supports_consultation):
    outsider = with_totp(UserFactory(is_official=True, division=DivisionFactory(name="Otra")))
    with pytest.raises(PermissionDenied):
        do_publish_answers(outsider, consultation=supports_consultation)
    assert ProposalAnswer.objects.filter(is_published=False).count() == 2
    assert do_publish_answers(official, consultation=supports_consultation) == 2
