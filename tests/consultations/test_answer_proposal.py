"""consultations.views.answer_proposal and actions.check_save_answer:
/consultas/<slug>/propuestas/<id>/respuesta/ (officials with 2FA of the division)."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Notification
from consultations.actions import check_save_answer
from consultations.models import Proposal, ProposalAnswer
from tests.conftest import client_for, with_totp
from tests.consultations.factories import ProposalAnswerFactory, SupportFactory
from tests.factories import DivisionFactory, UserFactory

ACCEPT = {
    "state": "accepted",
    "body": "La incluiremos en el plan de ciclovías 2027.",
    "estimated_cost": "250000000",
    "execution_period": "Segundo semestre de 2027",
    "accion": "publicar",
}


def url(proposal) -> str:
    return f"{proposal.get_absolute_url()}respuesta/"


def test_official_sees_the_answer_form(official_client, proposal):
    response = official_client.get(url(proposal))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Respuesta oficial" in html
    assert 'value="rejected"' in html
    assert "Guardar como borrador" in html


def test_official_publishes_an_answer_and_author_and_supporters_are_told(
    official, official_client, proposal, resident
):
    SupportFactory(proposal=proposal, user=resident)
    response = official_client.post(url(proposal), ACCEPT)
    assert response.status_code == 302
    assert response.url == proposal.get_absolute_url()
    answer = ProposalAnswer.objects.get()
    assert answer.is_published
    assert answer.published_at is not None
    assert (answer.author, answer.division) == (official, official.division)
    assert answer.estimated_cost == 250_000_000
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.ACCEPTED
    notices = Notification.objects.filter(kind="consultations.official_answer")
    assert {n.recipient for n in notices} == {proposal.author, resident}
    assert all(n.is_urgent for n in notices)
    assert notices.first().subject == (
        "Respuesta oficial a la propuesta «Ciclovía por la costanera»: Aceptada"
    )
    assert notices.first().body == "La incluiremos en el plan de ciclovías 2027."


def test_a_draft_changes_nothing_public(official_client, proposal, client):
    response = official_client.post(url(proposal), {**ACCEPT, "accion": "borrador"})
    assert response.status_code == 302
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages[-1].startswith("Guardaste la respuesta como borrador.")
    answer = ProposalAnswer.objects.get()
    assert not answer.is_published
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.RECEIVED
    assert not Notification.objects.exists()
    assert "La incluiremos" not in client.get(proposal.get_absolute_url()).content.decode()


def test_rejection_needs_a_reason_and_keeps_what_was_typed(official_client, proposal):
    data = {"state": "rejected", "body": "", "execution_period": "Nunca", "accion": "publicar"}
    response = official_client.post(url(proposal), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Para rechazar una propuesta debes explicar el motivo en la respuesta pública." in html
    assert 'value="Nunca"' in html
    assert not ProposalAnswer.objects.exists()
    # With a reason, the same request goes through.
    response = official_client.post(url(proposal), {**data, "body": "Ya existe un proyecto."})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.REJECTED


def test_the_error_summary_lists_each_field_with_a_link_to_it(official_client, proposal):
    data = {**ACCEPT, "state": "", "estimated_cost": "mil pesos", "execution_period": "Pronto"}
    response = official_client.post(url(proposal), data)
    assert response.status_code == 400
    html = response.content.decode()
    summary = html[
        html.index('id="form-errors"') : html.index("</div>", html.index('id="form-errors"'))
    ]
    # A list of choices links to its first option; other fields to themselves.
    assert (
        '<li><a href="#id_state_0">Estado de la propuesta: Elige el nuevo estado de la '
        "propuesta.</a></li>" in summary
    )
    assert '<a href="#id_estimated_cost">Costo estimado en pesos (opcional): Escribe' in summary
    assert "Respuesta pública" not in summary  # no error there
    assert 'id="id_state_0"' in html
    assert 'value="Pronto"' in html  # nothing typed is lost
    assert not ProposalAnswer.objects.exists()
    # The same answer with a state and a cost in pesos goes through.
    response = official_client.post(
        url(proposal), {**data, "state": "accepted", "estimated_cost": "5000"}
    )
    assert response.status_code == 302


def test_a_refusal_from_the_action_is_shown_without_a_field_list(
    official_client, proposal, official, monkeypatch
):
    def refuse(*args, **kwargs):
        raise ValidationError("Esta propuesta cambió mientras respondías.")

    monkeypatch.setattr("consultations.actions.check_save_answer", refuse)
    response = official_client.post(url(proposal), ACCEPT)
    assert response.status_code == 400
    html = response.content.decode()
    assert "<p><strong>Esta propuesta cambió mientras respondías.</strong></p>" in html
    assert "Lo que escribiste sigue aquí: no se perdió nada." in html
    assert "Revisa los campos marcados" not in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"body": "Hola", "accion": "publicar"}, "Elige el nuevo estado de la propuesta."),
        ({**ACCEPT, "state": "received"}, "Elige una opción válida"),
        ({**ACCEPT, "estimated_cost": "mil pesos"}, "Escribe el costo en pesos, solo con"),
        ({**ACCEPT, "estimated_cost": "1,5"}, "Escribe el costo en pesos, solo con"),
        ({**ACCEPT, "estimated_cost": "-5"}, "El costo no puede ser negativo."),
    ],
)
def test_bad_input_is_explained(official_client, proposal, data, message):
    response = official_client.post(url(proposal), data)
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize(
    ("typed", "pesos"), [("250.000.000", 250_000_000), ("$ 1.500", 1500), ("3000", 3000)]
)
def test_costs_are_read_as_chileans_write_them(official_client, proposal, typed, pesos):
    official_client.post(url(proposal), {**ACCEPT, "estimated_cost": typed})
    assert ProposalAnswer.objects.get().estimated_cost == pesos


def test_editing_a_published_answer_publishes_the_change(official_client, proposal, official):
    ProposalAnswerFactory(proposal=proposal, author=official, state="evaluating", body="Vemos.")
    official_client.post(url(proposal), {**ACCEPT, "accion": "publicar"})
    html = official_client.get(url(proposal)).content.decode()
    assert "Publicar cambios" in html
    assert "Guardar como borrador" not in html
    official_client.post(url(proposal), {**ACCEPT, "state": "evaluating", "accion": "borrador"})
    answer = ProposalAnswer.objects.get()
    assert answer.is_published
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.EVALUATING


@pytest.mark.parametrize("persona", ["resident", "moderator", "cosoc_member", "admin"])
def test_people_who_are_not_officials_are_refused(request, proposal, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(url(proposal)).status_code == 403
    assert client.post(url(proposal), ACCEPT).status_code == 403
    assert not ProposalAnswer.objects.exists()


def test_official_without_2fa_is_sent_to_set_it_up(official_without_2fa, proposal, official):
    response = client_for(official_without_2fa).post(url(proposal), ACCEPT)
    assert response.status_code == 302
    assert response.url == "/cuenta/2fa/totp/activate/"
    assert not ProposalAnswer.objects.exists()
    # An official with 2FA: the same request works.
    assert client_for(official).post(url(proposal), ACCEPT).status_code == 302


def test_official_of_another_division_does_not_find_it(proposal):
    outsider = with_totp(UserFactory(is_official=True, division=DivisionFactory()))
    assert client_for(outsider).get(url(proposal)).status_code == 404


def test_anonymous_visitor_is_sent_to_login(client, proposal):
    response = client.get(url(proposal))
    assert response.status_code == 302
    assert response.url.startswith("/cuenta/login/")


def test_answer_page_refuses_other_methods(official_client, proposal):
    assert official_client.delete(url(proposal)).status_code == 405


def test_action_requires_an_acting_official(official_without_2fa, proposal):
    with pytest.raises(PermissionDenied):
        check_save_answer(
            official_without_2fa, proposal=proposal, state="accepted", body="x", publish=True
        )


def test_action_refuses_an_official_of_another_division(official, proposal):
    outsider = with_totp(UserFactory(is_official=True, division=DivisionFactory(name="Otra")))
    with pytest.raises(PermissionDenied):
        check_save_answer(outsider, proposal=proposal, state="accepted", body="x", publish=True)
    assert not ProposalAnswer.objects.filter(proposal=proposal).exists()
    answer = check_save_answer(
        official, proposal=proposal, state="accepted", body="x", publish=True
    )
    assert answer.is_published


def test_action_refuses_a_rejection_without_reason(official, proposal):
    with pytest.raises(ValidationError, match="debes explicar el motivo"):
        check_save_answer(
            official, proposal=proposal, state="rejected", body="<p> </p>", publish=True
        )
