"""planning.views.create_outcome and actions.check_record_outcome:
GET/POST /planificacion/destinos/nuevo/."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Notification
from deliberation.actions import add_follow
from planning.actions import OutcomeInput, check_record_outcome
from planning.models import Outcome, OutcomeLink, OutcomeUpdate
from tests.conftest import client_for, login_next
from tests.consultations.factories import ProposalFactory, SupportFactory
from tests.factories import UserFactory
from tests.planning.conftest import key
from tests.planning.factories import comment_on

URL = "/planificacion/destinos/nuevo/"


def data(proposal, section, **extra) -> dict:
    return {
        "kind": "propuesta",
        "contribution_id": str(proposal.pk),
        "decision": "incorporada",
        "justification": "Se incorporó al objetivo de movilidad.",
        "sections": [str(section.pk)],
        "progress": "10",
        **extra,
    }


def test_official_records_an_outcome_and_everyone_is_told(official, proposal, section):
    supporter, follower = UserFactory.create_batch(2)
    SupportFactory(proposal=proposal, user=supporter)
    add_follow(follower, proposal)
    response = client_for(official).post(URL, data(proposal, section))
    outcome = Outcome.objects.get()
    assert response.status_code == 302
    assert response.url == f"/planificacion/destinos/{outcome.pk}/"
    assert (outcome.decision, outcome.progress, outcome.decided_by) == (
        "incorporada",
        10,
        official,
    )
    assert list(outcome.sections.all()) == [section]
    link = OutcomeLink.objects.get()
    assert (link.content_type_id, link.object_id) == key(proposal)
    assert OutcomeUpdate.objects.get().progress == 10
    told = set(
        Notification.objects.filter(kind="planning.outcome").values_list("recipient", flat=True)
    )
    assert told == {proposal.author_id, supporter.pk, follower.pk}
    notice = Notification.objects.filter(recipient=proposal.author).get()
    assert notice.subject == "Qué pasó con el aporte «Ciclovía por la costanera»: Incorporada"
    assert notice.url == proposal.get_absolute_url()


def test_moderator_records_an_outcome_on_a_comment(moderator, proposal, section):
    comment = comment_on(proposal, body="<p>Que llegue al puerto.</p>")
    response = client_for(moderator).post(
        URL, data(proposal, section, kind="comentario", contribution_id=str(comment.pk))
    )
    assert response.status_code == 302
    link = OutcomeLink.objects.get()
    assert (link.content_type_id, link.object_id) == key(comment)


def test_form_comes_filled_from_the_contribution_page(official, proposal, section):
    response = client_for(official).get(f"{URL}?tipo=propuesta&id={proposal.pk}")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'value="{proposal.pk}"' in html
    assert "Movilidad sostenible" in html


def test_missing_contribution_is_refused_and_nothing_typed_is_lost(official, proposal, section):
    response = client_for(official).post(URL, data(proposal, section, contribution_id="999999"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "No existe un aporte de ese tipo con ese número." in html
    assert "Se incorporó al objetivo de movilidad." in html
    assert not Outcome.objects.exists()
    # The refusal came from the number: the right one is accepted.
    assert client_for(official).post(URL, data(proposal, section)).status_code == 302


@pytest.mark.parametrize("status", ["hidden", "pending"])
def test_hidden_or_pending_contribution_is_refused(official, consultation, section, status):
    proposal = ProposalFactory(consultation=consultation, moderation_status=status)
    response = client_for(official).post(URL, data(proposal, section))
    assert response.status_code == 400
    assert "Ese aporte está oculto o pendiente de revisión" in response.content.decode()
    assert not Outcome.objects.exists()


@pytest.mark.parametrize("progress", ["101", "-1", "abc", "\uff11\uff10"])  # fullwidth digits
def test_progress_outside_0_to_100_is_refused(official, proposal, section, progress):
    response = client_for(official).post(URL, data(proposal, section, progress=progress))
    assert response.status_code == 400
    html = response.content.decode()
    assert (
        "El avance debe ser un número entero entre 0 y 100." in html
        or "Escribe un número entero usando solo las cifras 0 a 9." in html
    )
    assert "Se incorporó al objetivo de movilidad." in html
    assert not Outcome.objects.exists()


def test_an_outcome_needs_a_section(official, proposal, section):
    response = client_for(official).post(URL, data(proposal, section, sections=[]))
    assert response.status_code == 400
    assert "Elige al menos una sección u objetivo de un instrumento." in response.content.decode()


def test_a_contribution_has_one_fate(official, proposal, section):
    client = client_for(official)
    client.post(URL, data(proposal, section))
    response = client.post(URL, data(proposal, section, decision="no_incorporada"))
    assert response.status_code == 400
    assert "Ese aporte ya tiene un destino." in response.content.decode()
    assert Outcome.objects.get().decision == "incorporada"


def test_action_refuses_progress_out_of_range(official, proposal, section):
    with pytest.raises(ValidationError) as refused:
        check_record_outcome(
            official,
            data=OutcomeInput(
                contributions=[key(proposal)],
                decision="incorporada",
                justification="Sí.",
                section_ids=[section.pk],
                progress=150,
            ),
        )
    assert refused.value.messages == ["El avance debe ser un número entero entre 0 y 100."]


def test_anonymous_is_sent_to_login(client, db):
    assert login_next(client.get(URL)) == URL


def test_resident_is_forbidden(resident, proposal, section):
    client = client_for(resident)
    assert client.get(URL).status_code == 403
    assert client.post(URL, data(proposal, section)).status_code == 403
    with pytest.raises(PermissionDenied):
        check_record_outcome(
            resident,
            data=OutcomeInput(
                contributions=[key(proposal)],
                decision="incorporada",
                justification="Sí.",
                section_ids=[section.pk],
            ),
        )


def test_staff_without_second_factor_cannot_record(official_without_2fa, proposal, section):
    response = client_for(official_without_2fa).post(URL, data(proposal, section))
    assert response.status_code == 302
    assert not Outcome.objects.exists()


def test_wrong_method(official):
    assert client_for(official).put(URL).status_code == 405


def test_form_queries(official, proposal, section, django_assert_max_num_queries):
    client = client_for(official)
    # 1. session, 2. user, 3. authenticator (second factor), 4. sections with their
    # instruments, 5. unread notifications.
    with django_assert_max_num_queries(6):
        assert client.get(URL).status_code == 200


def test_recording_an_outcome_is_audited(official, proposal, section):
    from accounts.models import AuditEntry
    from planning.actions import OutcomeInput, check_record_outcome

    outcome = check_record_outcome(
        official,
        data=OutcomeInput(
            contributions=[key(proposal)],
            decision="incorporada",
            justification="Se incorpora al objetivo.",
            section_ids=[section.pk],
        ),
    )
    entry = AuditEntry.objects.get(action="planning.outcome")
    assert (entry.actor, entry.object_id, entry.after["decision"]) == (
        official,
        outcome.pk,
        "incorporada",
    )
