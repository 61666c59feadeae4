"""consultations.views.withdraw_proposal and actions.check_withdraw_proposal:
POST /consultas/<slug>/propuestas/<id>/retirar/."""

from django.contrib.messages import get_messages

from accounts.models import Notification
from consultations.models import Proposal
from tests.conftest import client_for, login_next
from tests.consultations.factories import SupportFactory


def url(proposal) -> str:
    return f"{proposal.get_absolute_url()}retirar/"


def last_message(response) -> str:
    return [str(m) for m in get_messages(response.wsgi_request)][-1]


def test_author_withdraws_and_the_proposal_stays_visible(
    resident, other_resident, proposal, client
):
    SupportFactory(proposal=proposal, user=resident)
    author = client_for(other_resident)
    response = author.post(url(proposal))
    assert response.status_code == 302
    assert response.url == proposal.get_absolute_url()
    assert last_message(response).startswith("Retiraste tu propuesta.")
    proposal.refresh_from_db()
    assert proposal.moderation_status == Proposal.ModerationStatus.WITHDRAWN
    page = client.get(proposal.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "Retirada por quien la propuso" in html
    assert "Ciclovía por la costanera" in html
    # Supporters hear about it.
    notice = Notification.objects.get(recipient=resident)
    assert notice.subject == (
        "La propuesta «Ciclovía por la costanera» que apoyaste fue retirada por quien la propuso"
    )


def test_withdrawing_twice_is_explained(other_resident, proposal):
    author = client_for(other_resident)
    author.post(url(proposal))
    response = author.post(url(proposal))
    assert last_message(response) == "Ya retiraste esta propuesta."


def test_someone_else_cannot_withdraw_it(resident_client, proposal):
    assert resident_client.post(url(proposal)).status_code == 404
    proposal.refresh_from_db()
    assert proposal.moderation_status == Proposal.ModerationStatus.PUBLISHED


def test_officials_cannot_withdraw_it_either(official_client, proposal):
    assert official_client.post(url(proposal)).status_code == 404


def test_anonymous_visitor_is_sent_to_login_and_back_to_the_proposal(client, proposal):
    assert login_next(client.post(url(proposal))) == proposal.get_absolute_url()


def test_withdraw_refuses_get(other_resident, proposal):
    assert client_for(other_resident).get(url(proposal)).status_code == 405
