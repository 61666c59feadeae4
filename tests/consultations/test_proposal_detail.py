"""consultations.views.proposal_detail: /consultas/<slug>/propuestas/<id>/."""

import re

import pytest
from django.utils import timezone

from consultations.models import Proposal
from tests.conftest import client_for, with_totp
from tests.consultations.factories import (
    ProposalAnswerFactory,
    ProposalFactory,
    SupportFactory,
)
from tests.factories import DivisionFactory, UserFactory


def test_anyone_reads_a_proposal(client, proposal):
    response = client.get(proposal.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 id="proposal-title">Ciclovía por la costanera</h1>' in html
    assert "Una idea para la región." in html
    assert 'Propuesta de <span class="author">Jorge <span class="author__tag"' in html
    assert "Ingresa para apoyar" in html
    assert "Todavía no hay una respuesta oficial." in html


def test_resident_gets_a_support_button_and_then_a_take_back_button(
    resident, resident_client, proposal
):
    html = resident_client.get(proposal.get_absolute_url()).content.decode()
    assert f'action="{proposal.get_absolute_url()}apoyar/"' in html
    SupportFactory(proposal=proposal, user=resident)
    html = resident_client.get(proposal.get_absolute_url()).content.decode()
    assert f'action="{proposal.get_absolute_url()}quitar-apoyo/"' in html
    assert "Apoyas esta propuesta" in html


def test_support_refusal_is_shown_instead_of_the_button(resident_client, proposals_consultation):
    proposal = ProposalFactory(consultation=proposals_consultation)
    html = resident_client.get(proposal.get_absolute_url()).content.decode()
    assert "/apoyar/" not in html
    assert "La fase de apoyos comienza el" in html


def test_used_up_supports_show_a_note_instead_of_the_button(resident, resident_client, proposal):
    consultation = proposal.consultation
    consultation.support_limit = 2
    consultation.save()
    elsewhere = ProposalFactory.create_batch(2, consultation=consultation)
    for other in elsewhere:
        SupportFactory(proposal=other, user=resident)
    html = resident_client.get(proposal.get_absolute_url()).content.decode()
    assert "/apoyar/" not in html
    assert "Usaste tus 2 apoyos; quita uno para apoyar otra propuesta." in html
    assert "Te quedan 0 apoyos" not in html
    # Where they did support, taking it back is still offered.
    html = resident_client.get(elsewhere[0].get_absolute_url()).content.decode()
    assert f'action="{elsewhere[0].get_absolute_url()}quitar-apoyo/"' in html
    assert "Usaste tus" not in html
    assert "Te quedan 0 apoyos de 2 en esta consulta." in html


def test_author_sees_edit_and_withdraw(other_resident, proposal):
    html = client_for(other_resident).get(proposal.get_absolute_url()).content.decode()
    assert "Puedes editarla hasta el" in html
    assert f'href="{proposal.get_absolute_url()}editar/"' in html
    assert f'action="{proposal.get_absolute_url()}retirar/"' in html


def test_author_of_a_withdrawn_proposal_gets_no_empty_author_box(other_resident, proposal):
    Proposal.objects.filter(pk=proposal.pk).update(
        moderation_status=Proposal.ModerationStatus.WITHDRAWN
    )
    html = client_for(other_resident).get(proposal.get_absolute_url()).content.decode()
    assert "Quien la propuso retiró esta propuesta." in html
    # Nothing is left to edit or withdraw: no "Tu propuesta" heading over an empty box.
    assert 'id="author-title"' not in html


def test_others_do_not_see_author_tools(resident_client, proposal):
    html = resident_client.get(proposal.get_absolute_url()).content.decode()
    assert "/editar/" not in html
    assert "/retirar/" not in html


def test_published_answer_is_shown_with_cost_and_period(client, proposal, official):
    ProposalAnswerFactory(
        proposal=proposal,
        author=official,
        state=Proposal.State.ACCEPTED,
        body="La incluiremos en el plan 2027.",
        estimated_cost=1_500_000,
        execution_period="2027",
        is_published=True,
        published_at=timezone.now(),
    )
    Proposal.objects.filter(pk=proposal.pk).update(state=Proposal.State.ACCEPTED)
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert "La incluiremos en el plan 2027." in html
    assert "Aceptada" in html
    assert "Costo estimado" in html
    assert "1.500.000" in html
    assert 'Responde: <span class="author">Paula <span class="author__tag"' in html
    assert "Oficial · División de Planificación</span>" in html


def test_draft_answers_are_shown_only_to_officials(client, proposal, official, official_client):
    ProposalAnswerFactory(proposal=proposal, author=official, body="Borrador interno.")
    assert "Borrador interno." not in client.get(proposal.get_absolute_url()).content.decode()
    html = official_client.get(proposal.get_absolute_url()).content.decode()
    assert "Borrador interno." in html
    assert "Borrador: todavía no es público" in html
    assert "Editar la respuesta oficial" in html


def test_officials_are_offered_to_answer_in_neutral_words(proposal, official_client):
    html = official_client.get(proposal.get_absolute_url()).content.decode()
    assert "Responder oficialmente" in html
    assert "funcionario" not in html


def test_an_official_of_the_division_is_offered_to_answer_an_unanswered_proposal(
    proposal, official_client
):
    # No answer and no draft yet (docs/guides/funcionarios.md promises the link).
    html = official_client.get(proposal.get_absolute_url()).content.decode()
    assert "Todavía no hay una respuesta oficial." in html
    assert (
        f'<a class="button" href="{proposal.get_absolute_url()}respuesta/">'
        "Responder oficialmente</a>" in html
    )
    assert official_client.get(f"{proposal.get_absolute_url()}respuesta/").status_code == 200


def test_residents_and_other_divisions_are_not_offered_to_answer(
    proposal, resident_client, division
):
    other = with_totp(UserFactory(is_official=True, division=DivisionFactory(name="Otra")))
    for client in (resident_client, client_for(other)):
        html = client.get(proposal.get_absolute_url()).content.decode()
        assert "respuesta/" not in html
        assert "Responder oficialmente" not in html


def test_a_pending_proposal_offers_no_answer_even_to_an_official_moderator(proposal, division):
    Proposal.objects.filter(pk=proposal.pk).update(
        moderation_status=Proposal.ModerationStatus.PENDING
    )
    both = with_totp(UserFactory(is_official=True, is_moderator=True, division=division))
    response = client_for(both).get(proposal.get_absolute_url())
    assert response.status_code == 200  # moderators see pending proposals
    assert "Responder oficialmente" not in response.content.decode()


def test_topics_are_shown_in_alphabetical_order(client, proposal):
    proposal.topics.set(["Ruralidad", "agua potable", "Áreas verdes"])
    html = client.get(proposal.get_absolute_url()).content.decode()
    names = re.findall(r'<a class="tag" href="[^"]+">([^<]+)</a>', html)
    assert names == ["agua potable", "Áreas verdes", "Ruralidad"]


def test_located_proposal_names_its_place_and_shows_a_map(client, proposal):
    # Without a comuna, the place is the point's comuna (issue 9, item 13).
    Proposal.objects.filter(pk=proposal.pk).update(latitude=-33.04, longitude=-71.61)
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert "Marcada en el mapa en Valparaíso (Valparaíso)." in html
    assert "Latitud" not in html
    assert 'data-map="point"' in html
    assert "js/proposal_map.js" in html


def test_hidden_proposal_shows_only_the_moderation_reason(client, proposal):
    Proposal.objects.filter(pk=proposal.pk).update(
        moderation_status=Proposal.ModerationStatus.HIDDEN,
        moderation_reason="Contenía datos personales.",
    )
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert "Propuesta oculta por moderación" in html
    assert "Contenía datos personales." in html
    assert "Una idea para la región." not in html


def test_pending_proposal_is_seen_only_by_its_author(
    client, resident_client, other_resident, proposal
):
    Proposal.objects.filter(pk=proposal.pk).update(
        moderation_status=Proposal.ModerationStatus.PENDING
    )
    assert client.get(proposal.get_absolute_url()).status_code == 404
    assert resident_client.get(proposal.get_absolute_url()).status_code == 404
    assert client_for(other_resident).get(proposal.get_absolute_url()).status_code == 200


def test_proposal_under_the_wrong_consultation_is_not_found(
    client, proposal, proposals_consultation
):
    assert client.get(f"/consultas/parques/propuestas/{proposal.pk}/").status_code == 404


def test_includes_the_discussion_block(client, proposal):
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert 'id="comentarios"' in html or "Comentarios" in html


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_proposal_page_refuses_other_methods(client, proposal, method):
    assert getattr(client, method)(proposal.get_absolute_url()).status_code == 405


@pytest.mark.parametrize("supporters", [3, 30])
def test_proposal_page_queries_do_not_grow(
    resident, proposal, official, django_assert_max_num_queries, supporters
):
    proposal.consultation.support_limit = 50
    proposal.consultation.save()
    proposal.topics.set(["Movilidad"])
    for person in UserFactory.create_batch(supporters):
        SupportFactory(proposal=proposal, user=person)
    SupportFactory(proposal=proposal, user=resident)
    ProposalAnswerFactory(
        proposal=proposal, author=official, is_published=True, published_at=timezone.now()
    )
    client = client_for(resident)
    # 1. session, 2. user, 3. consultation (with instrument, division, survey), 4. phases,
    # 5. comunas, 6. its topics, 7. proposal (with author, comuna, answer and its
    # division), 8. its topics, 9. whether the viewer supports it, 10. supports used
    # (limit: what is left, or the used-up note instead of the button), 11-14. the
    # discussion block (discussion, a batch of comments with their replies, follow, last
    # event id), 15. its outcome with its sections (planning/fate.html), 16. unread
    # notifications.
    with django_assert_max_num_queries(16):
        response = client.get(proposal.get_absolute_url())
    assert response.status_code == 200
