"""consultations.views.support_proposal and actions.check_support_proposal:
POST /consultas/<slug>/propuestas/<id>/apoyar/."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import Notification
from consultations.actions import check_support_proposal
from consultations.models import Phase, Proposal, Support
from tests.conftest import client_for, login_next
from tests.consultations.factories import ProposalFactory, SupportFactory, consultation_in
from tests.factories import DivisionFactory, UserFactory


def url(proposal) -> str:
    return f"{proposal.get_absolute_url()}apoyar/"


def last_message(response) -> str:
    """The message this response added (earlier unread ones stay in the session)."""
    return [str(m) for m in get_messages(response.wsgi_request)][-1]


def test_resident_supports_a_proposal(resident, resident_client, proposal):
    response = resident_client.post(url(proposal))
    assert response.status_code == 302
    assert response.url == proposal.get_absolute_url()
    assert last_message(response) == "Apoyaste «Ciclovía por la costanera»."
    proposal.refresh_from_db()
    assert proposal.support_count == 1
    support = Support.objects.get()
    assert (support.user, support.consultation) == (resident, proposal.consultation)


def test_support_goes_back_to_the_page_it_came_from(resident_client, proposal):
    back = "/consultas/ciclovias/propuestas/?orden=mas-apoyadas"
    response = resident_client.post(url(proposal), {"next": back})
    assert response.url == back
    # Only to this site.
    other = ProposalFactory(consultation=proposal.consultation)
    response = resident_client.post(url(other), {"next": "https://malo.example/"})
    assert response.url == other.get_absolute_url()


def test_resident_cannot_support_twice(resident_client, proposal):
    resident_client.post(url(proposal))
    response = resident_client.post(url(proposal))
    assert last_message(response) == "Ya apoyas esta propuesta."
    proposal.refresh_from_db()
    assert proposal.support_count == 1
    assert Support.objects.count() == 1


def test_supports_are_refused_outside_the_supports_phase(resident_client, proposals_consultation):
    proposal = ProposalFactory(consultation=proposals_consultation)
    response = resident_client.post(url(proposal))
    assert last_message(response).startswith("La fase de apoyos comienza el")
    assert Support.objects.count() == 0


def test_closed_phase_refuses_then_reopened_accepts(resident_client, proposal):
    phase = proposal.consultation.phases.get(kind=Phase.Kind.SUPPORTS)
    phase.closed_at = timezone.now()
    phase.save()
    response = resident_client.post(url(proposal))
    assert last_message(response) == "La fase de apoyos está cerrada: los apoyos ya no cambian."
    assert Support.objects.count() == 0
    phase.closed_at = None
    phase.save()
    resident_client.post(url(proposal))
    assert Support.objects.count() == 1


def test_withdrawn_proposals_take_no_supports(resident_client, proposal):
    proposal.moderation_status = Proposal.ModerationStatus.WITHDRAWN
    proposal.save()
    response = resident_client.post(url(proposal))
    assert last_message(response) == (
        "Esta propuesta fue retirada por quien la propuso: ya no recibe apoyos."
    )
    assert Support.objects.count() == 0


def test_verified_residence_is_required_when_asked(resident_client, verified_resident, proposal):
    consultation = proposal.consultation
    consultation.residency_rule = "verified"
    consultation.save()
    response = resident_client.post(url(proposal))
    assert (
        "Esta consulta es para residentes verificados de la Región de Valparaíso."
        in last_message(response)
    )
    assert Support.objects.count() == 0
    client_for(verified_resident).post(url(proposal))
    assert Support.objects.filter(user=verified_resident).count() == 1


def test_the_support_limit_is_enforced(resident, resident_client, supports_consultation):
    supports_consultation.support_limit = 2
    supports_consultation.save()
    first, second, third = ProposalFactory.create_batch(3, consultation=supports_consultation)
    resident_client.post(url(first))
    resident_client.post(url(second))
    response = resident_client.post(url(third))
    assert last_message(response) == (
        "Ya usaste tus 2 apoyos en esta consulta. Para apoyar esta propuesta, quita antes "
        "tu apoyo a otra."
    )
    assert Support.objects.filter(user=resident).count() == 2
    # Taking one back frees a support, and the same request then works.
    resident_client.post(f"{first.get_absolute_url()}quitar-apoyo/")
    resident_client.post(url(third))
    assert set(Support.objects.filter(user=resident).values_list("proposal", flat=True)) == {
        second.pk,
        third.pk,
    }


def test_the_limit_counts_only_this_consultation(resident, resident_client, proposal, division):
    proposal.consultation.support_limit = 1
    proposal.consultation.save()
    elsewhere = consultation_in(Phase.Kind.SUPPORTS, slug="otra", division=division)
    SupportFactory(proposal=ProposalFactory(consultation=elsewhere), user=resident)
    resident_client.post(url(proposal))
    assert Support.objects.filter(user=resident, proposal=proposal).exists()


def test_reaching_the_threshold_moves_to_evaluation_and_notifies(
    resident, resident_client, proposal, official, official_without_2fa
):
    consultation = proposal.consultation
    consultation.support_threshold = 2
    consultation.save()
    earlier = UserFactory(display_name="Apoyo temprano")
    SupportFactory(proposal=proposal, user=earlier)
    outsider_official = UserFactory(is_official=True, division=DivisionFactory())
    resident_client.post(url(proposal))
    proposal.refresh_from_db()
    assert proposal.support_count == 2
    assert proposal.state == Proposal.State.EVALUATING
    # Officials of the consultation's division hear about it (2FA or not: it is a notice).
    officials = Notification.objects.filter(kind="consultations.threshold_reached")
    assert {n.recipient for n in officials} == {official, official_without_2fa}
    assert officials.first().subject == (
        "La propuesta «Ciclovía por la costanera» alcanzó 2 apoyos y espera evaluación"
    )
    assert not Notification.objects.filter(recipient=outsider_official).exists()
    # The author and the supporters hear that it moved.
    moved = Notification.objects.filter(kind="consultations.proposal_state")
    assert {n.recipient for n in moved} == {proposal.author, earlier, resident}
    assert moved.first().url == proposal.get_absolute_url()


def test_threshold_notifies_only_once(resident_client, other_resident, proposal, official):
    proposal.consultation.support_threshold = 1
    proposal.consultation.save()
    resident_client.post(url(proposal))
    client_for(UserFactory()).post(url(proposal))
    assert Notification.objects.filter(kind="consultations.threshold_reached").count() == 1


def test_anonymous_visitor_is_sent_to_login_and_back_to_the_proposal(client, proposal):
    # Not back to the action: after logging in, a GET there would be a 405.
    assert login_next(client.post(url(proposal))) == proposal.get_absolute_url()
    assert Support.objects.count() == 0


def test_anonymous_visitor_from_the_list_comes_back_to_the_list(client, proposal):
    listed = f"/consultas/{proposal.consultation.slug}/propuestas/?orden=mas-apoyadas"
    assert login_next(client.post(url(proposal), {"next": listed})) == listed
    # Another site is never a destination.
    elsewhere = client.post(url(proposal), {"next": "https://malicioso.example/"})
    assert login_next(elsewhere) == proposal.get_absolute_url()


def test_support_of_another_consultations_proposal_is_not_found(resident_client, proposal, db):
    consultation_in(Phase.Kind.SUPPORTS, slug="otra")
    assert (
        resident_client.post(f"/consultas/otra/propuestas/{proposal.pk}/apoyar/").status_code == 404
    )


def test_pending_proposals_of_others_are_not_found(resident_client, proposal):
    proposal.moderation_status = Proposal.ModerationStatus.PENDING
    proposal.save()
    assert resident_client.post(url(proposal)).status_code == 404


def test_support_refuses_get(resident_client, proposal):
    assert resident_client.get(url(proposal)).status_code == 405


def test_action_refuses_a_repeated_support(resident, proposal):
    check_support_proposal(resident, proposal=proposal)
    with pytest.raises(ValidationError, match=r"Ya apoyas esta propuesta\."):
        check_support_proposal(resident, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.support_count == 1
