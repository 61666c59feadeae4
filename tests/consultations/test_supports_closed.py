"""Supports close when a proposal is answered, and the division that answers does not
support: consultations.rules.supporting_refusal / judging_refusal, shown in place of
"Apoyar" on the proposal page and its list, and enforced by actions.check_support_proposal
and check_withdraw_support. The answer form starts at the proposal's state."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from consultations import actions
from consultations.models import Proposal, Support
from tests.conftest import client_for, with_totp
from tests.consultations.factories import ProposalAnswerFactory, ProposalFactory, SupportFactory
from tests.factories import DivisionFactory, UserFactory

SUPPORT_BUTTON = 'Apoyar<span class="visually-hidden">'
ANSWERED = "Esta propuesta ya tiene respuesta oficial: sus apoyos quedaron cerrados y se mantienen."
JUDGED = "Tu división responde las propuestas de esta consulta: quienes las evalúan no las apoyan."


def support_url(proposal) -> str:
    return f"{proposal.get_absolute_url()}apoyar/"


def list_url(proposal) -> str:
    return f"/consultas/{proposal.consultation.slug}/propuestas/"


def last_message(response) -> str:
    return [str(m) for m in get_messages(response.wsgi_request)][-1]


def answer(proposal, official, state=Proposal.State.ACCEPTED, *, published=True):
    ProposalAnswerFactory(
        proposal=proposal,
        author=official,
        state=state,
        body="Respuesta.",
        is_published=published,
        published_at=timezone.now() if published else None,
    )
    if published:
        Proposal.objects.filter(pk=proposal.pk).update(state=state)
    proposal.refresh_from_db()


@pytest.mark.parametrize("state", [Proposal.State.ACCEPTED, Proposal.State.REJECTED])
def test_answered_proposals_offer_no_support_and_keep_the_quota(
    resident, resident_client, proposal, official, state
):
    consultation = proposal.consultation
    consultation.support_limit = 1
    consultation.save()
    answer(proposal, official, state)
    page = resident_client.get(proposal.get_absolute_url())
    assertNotContains(page, SUPPORT_BUTTON)
    assertContains(page, ANSWERED)
    listing = resident_client.get(list_url(proposal))
    assertNotContains(listing, SUPPORT_BUTTON)
    assertContains(listing, ANSWERED)
    response = resident_client.post(support_url(proposal))
    assert last_message(response) == ANSWERED
    proposal.refresh_from_db()
    assert proposal.support_count == 0
    assert not Support.objects.filter(user=resident).exists()
    # The quota is intact: another proposal takes the one support.
    other = ProposalFactory(consultation=consultation)
    resident_client.post(support_url(other))
    assert Support.objects.filter(user=resident, proposal=other).exists()


def test_a_draft_answer_keeps_supports_open(resident_client, proposal, official):
    answer(proposal, official, published=False)
    assertContains(resident_client.get(proposal.get_absolute_url()), SUPPORT_BUTTON)
    resident_client.post(support_url(proposal))
    proposal.refresh_from_db()
    assert proposal.support_count == 1


def test_supports_given_before_the_answer_stay_counted_and_shown(
    resident, resident_client, proposal, official
):
    SupportFactory(proposal=proposal, user=resident)
    Proposal.objects.filter(pk=proposal.pk).update(support_count=1)
    answer(proposal, official)
    page = resident_client.get(proposal.get_absolute_url())
    assertContains(page, "Apoyas esta propuesta")
    assertNotContains(page, "Quitar apoyo")
    assertNotContains(resident_client.get(list_url(proposal)), "Quitar apoyo")
    proposal.refresh_from_db()
    assert proposal.support_count == 1


def test_anonymous_visitors_are_not_invited_to_support_an_answered_proposal(
    client, proposal, official
):
    answer(proposal, official)
    page = client.get(proposal.get_absolute_url())
    assertNotContains(page, "Ingresa para apoyar")
    assertContains(page, ANSWERED)
    response = client.post(support_url(proposal))
    assert response.status_code == 302
    assert response.url.startswith("/cuenta/login/")


def test_an_answer_published_after_the_page_check_still_refuses(resident, proposal, official):
    """The action sees an answer published between the rule's check and its write."""
    answer(proposal, official)
    with pytest.raises(ValidationError) as refused:
        actions.do_support_proposal(resident, proposal=proposal)
    assert refused.value.messages == [ANSWERED]
    assert not Support.objects.exists()
    SupportFactory(proposal=proposal, user=resident)
    with pytest.raises(ValidationError):
        actions.do_withdraw_support(resident, proposal=proposal)
    assert Support.objects.filter(user=resident).exists()


# --- The division that answers does not support -----------------------------------------


@pytest.mark.parametrize("persona", ["official", "official_without_2fa"])
def test_officials_of_the_division_do_not_support_what_they_judge(request, proposal, persona):
    person = request.getfixturevalue(persona)
    client = client_for(person)
    page = client.get(proposal.get_absolute_url())
    assertNotContains(page, SUPPORT_BUTTON)
    assertContains(page, JUDGED)
    listing = client.get(list_url(proposal))
    assertNotContains(listing, SUPPORT_BUTTON)
    assertContains(listing, JUDGED, count=1)
    response = client.post(support_url(proposal))
    assert last_message(response) == JUDGED
    assert not Support.objects.exists()
    with pytest.raises(ValidationError):
        actions.check_support_proposal(person, proposal=proposal)


def test_officials_of_another_division_support_like_anyone(proposal):
    outsider = with_totp(UserFactory(is_official=True, division=DivisionFactory()))
    client = client_for(outsider)
    assertContains(client.get(proposal.get_absolute_url()), SUPPORT_BUTTON)
    client.post(support_url(proposal))
    assert Support.objects.filter(user=outsider).exists()


def test_every_official_judges_a_consultation_without_division(proposal):
    consultation = proposal.consultation
    consultation.division = None
    consultation.save()
    outsider = UserFactory(is_official=True, division=DivisionFactory())
    response = client_for(outsider).post(support_url(proposal))
    assert last_message(response) == JUDGED
    assert not Support.objects.exists()


def test_an_official_may_take_back_a_support_given_before(proposal, official):
    SupportFactory(proposal=proposal, user=official)
    Proposal.objects.filter(pk=proposal.pk).update(support_count=1)
    client_for(official).post(f"{proposal.get_absolute_url()}quitar-apoyo/")
    assert not Support.objects.exists()


# --- The answer form -----------------------------------------------------------------------


def checked_state(response) -> list[str]:
    import re

    return re.findall(
        r'<input type="radio" name="state" value="(\w+)"[^>]*checked', response.content.decode()
    )


def test_the_answer_form_starts_at_the_proposals_state(proposal, official):
    client = client_for(official)
    answer_url = f"{proposal.get_absolute_url()}respuesta/"
    assert checked_state(client.get(answer_url)) == []
    Proposal.objects.filter(pk=proposal.pk).update(
        state=Proposal.State.EVALUATING, threshold_reached_at=timezone.now()
    )
    assert checked_state(client.get(answer_url)) == ["evaluating"]
