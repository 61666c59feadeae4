"""consultations.views.withdraw_support and actions.check_withdraw_support:
POST /consultas/<slug>/propuestas/<id>/quitar-apoyo/."""

from django.contrib.messages import get_messages
from django.utils import timezone

from consultations.models import Phase, Proposal, Support
from tests.conftest import login_next
from tests.consultations.factories import ConsultationFactory, SupportFactory


def url(proposal) -> str:
    return f"{proposal.get_absolute_url()}quitar-apoyo/"


def last_message(response) -> str:
    return [str(m) for m in get_messages(response.wsgi_request)][-1]


def test_resident_takes_their_support_back(resident, resident_client, proposal):
    SupportFactory(proposal=proposal, user=resident)
    response = resident_client.post(url(proposal))
    assert response.status_code == 302
    assert last_message(response) == "Quitaste tu apoyo a «Ciclovía por la costanera»."
    proposal.refresh_from_db()
    assert proposal.support_count == 0
    assert not Support.objects.exists()


def test_nothing_to_take_back_is_explained(resident_client, proposal):
    response = resident_client.post(url(proposal))
    assert last_message(response) == "No apoyabas esta propuesta."
    proposal.refresh_from_db()
    assert proposal.support_count == 0


def test_supporters_of_a_withdrawn_proposal_may_take_their_support_back(
    resident, resident_client, proposal
):
    SupportFactory(proposal=proposal, user=resident)
    Proposal.objects.filter(pk=proposal.pk).update(
        moderation_status=Proposal.ModerationStatus.WITHDRAWN
    )
    resident_client.post(url(proposal))
    assert not Support.objects.exists()


def test_closed_supports_phase_freezes_supports(resident, resident_client, proposal):
    SupportFactory(proposal=proposal, user=resident)
    phase = proposal.consultation.phases.get(kind=Phase.Kind.SUPPORTS)
    phase.closed_at = timezone.now()
    phase.save()
    response = resident_client.post(url(proposal))
    assert last_message(response) == "La fase de apoyos está cerrada: los apoyos ya no cambian."
    assert Support.objects.count() == 1
    # Reopened, the same request works.
    phase.closed_at = None
    phase.save()
    resident_client.post(url(proposal))
    assert not Support.objects.exists()


def test_anonymous_visitor_is_sent_to_login_and_back_to_the_proposal(client, proposal):
    assert login_next(client.post(url(proposal))) == proposal.get_absolute_url()


def test_draft_consultation_is_not_found(resident_client, db):
    ConsultationFactory(slug="borrador", status="draft")
    assert resident_client.post("/consultas/borrador/propuestas/1/quitar-apoyo/").status_code == 404


def test_withdraw_support_refuses_get(resident_client, proposal):
    assert resident_client.get(url(proposal)).status_code == 405


def test_withdrawing_below_the_threshold_keeps_the_proposal_in_evaluation(
    resident, resident_client, proposal, official
):
    """Once the threshold told the officials, the proposal stays "en evaluación" whatever
    happens to its supports: they are evaluating it."""
    from accounts.models import Notification
    from tests.factories import UserFactory

    consultation = proposal.consultation
    consultation.support_threshold = 2
    consultation.save()
    SupportFactory(proposal=proposal, user=UserFactory())
    support_url = f"{proposal.get_absolute_url()}apoyar/"
    resident_client.post(support_url)
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.EVALUATING
    assert proposal.threshold_reached_at is not None
    notices = Notification.objects.count()
    resident_client.post(url(proposal))
    proposal.refresh_from_db()
    assert (proposal.support_count, proposal.state) == (1, Proposal.State.EVALUATING)
    # Supporting again reaches the threshold again: nobody is told a second time.
    resident_client.post(support_url)
    proposal.refresh_from_db()
    assert (proposal.support_count, proposal.state) == (2, Proposal.State.EVALUATING)
    assert Notification.objects.count() == notices


def test_supports_of_an_answered_proposal_cannot_be_taken_back(
    resident, resident_client, proposal, official
):
    from tests.consultations.factories import ProposalAnswerFactory

    consultation = proposal.consultation
    consultation.support_threshold = 1
    consultation.save()
    SupportFactory(proposal=proposal, user=resident)
    Proposal.objects.filter(pk=proposal.pk).update(state=Proposal.State.EVALUATING, support_count=1)
    ProposalAnswerFactory(
        proposal=proposal, author=official, state=Proposal.State.EVALUATING, is_published=True
    )
    response = resident_client.post(url(proposal))
    assert "sus apoyos quedaron cerrados" in last_message(response)
    proposal.refresh_from_db()
    assert (proposal.support_count, proposal.state) == (1, Proposal.State.EVALUATING)
    assert Support.objects.filter(proposal=proposal, user=resident).exists()
