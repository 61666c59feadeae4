"""Reporting a proposal: /conversaciones/aportes/propuesta/<id>/reportar/ and its link."""

from pytest_django.asserts import assertContains

from deliberation.models import ModerationCase
from tests.conftest import client_for


def test_a_proposal_is_reported_through_the_generic_address(proposal, resident):
    response = client_for(resident).post(
        f"/conversaciones/aportes/propuesta/{proposal.pk}/reportar/", {"reason": "fuera_de_tema"}
    )
    assert response.status_code == 302
    assert response.url == proposal.get_absolute_url()
    assert ModerationCase.objects.get().kind == "propuesta"
    assert ModerationCase.objects.get().space_title == proposal.consultation.title


def test_the_proposal_page_offers_the_report_link_to_others_only(proposal, resident, client):
    link = f"/conversaciones/aportes/propuesta/{proposal.pk}/reportar/"
    assertContains(client_for(resident).get(proposal.get_absolute_url()), link)
    page = client_for(proposal.author).get(proposal.get_absolute_url())
    assert link not in page.content.decode()
    assert link not in client.get(proposal.get_absolute_url()).content.decode()
