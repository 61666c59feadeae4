"""planning.views.update_outcome and actions.check_update_outcome:
POST /planificacion/destinos/<id>/actualizar/ (decision changes and dated progress)."""

import pytest
from django.core.exceptions import PermissionDenied

from accounts.models import Notification
from planning.actions import OutcomeChange, check_update_outcome
from planning.models import OutcomeUpdate
from tests.conftest import client_for, login_next
from tests.consultations.factories import ProposalFactory, SupportFactory
from tests.factories import UserFactory
from tests.planning.factories import outcome_for


@pytest.fixture
def outcome(proposal, section, official):
    return outcome_for(proposal, sections=[section], decided_by=official, progress=10)


def url(outcome) -> str:
    return f"/planificacion/destinos/{outcome.pk}/actualizar/"


def test_progress_is_recorded_with_its_date_and_people_are_told(
    official, outcome, proposal, consultation
):
    supporter = UserFactory()
    SupportFactory(proposal=proposal, user=supporter)
    duplicate = ProposalFactory(consultation=consultation, title="Ciclovía costera (duplicada)")
    outcome.links.create(
        content_type_id=outcome.links.get().content_type_id, object_id=duplicate.pk
    )
    response = client_for(official).post(
        url(outcome),
        {"decision": "incorporada", "progress": "60", "on": "2026-11-30", "note": "Licitada."},
    )
    assert response.status_code == 302
    outcome.refresh_from_db()
    assert outcome.progress == 60
    update = OutcomeUpdate.objects.order_by("-pk").first()
    assert (str(update.on), update.progress, update.note) == ("2026-11-30", 60, "Licitada.")
    subjects = set(
        Notification.objects.filter(kind="planning.outcome").values_list("subject", flat=True)
    )
    assert subjects == {
        "Avance del aporte «Ciclovía por la costanera»: Incorporada, 60 %",
        "Avance del aporte «Ciclovía costera (duplicada)»: Incorporada, 60 %",
    }
    told = set(Notification.objects.values_list("recipient", flat=True))
    assert {proposal.author_id, supporter.pk, duplicate.author_id} <= told


def test_decision_change_is_kept_in_the_history(official, outcome):
    client_for(official).post(url(outcome), {"decision": "parcial", "progress": "10"})
    outcome.refresh_from_db()
    assert outcome.decision == "parcial"
    assert list(outcome.updates.values_list("decision", flat=True)) == ["incorporada", "parcial"]


@pytest.mark.parametrize("progress", ["101", "-5", ""])
def test_progress_outside_range_is_refused_with_note_kept(official, outcome, progress):
    response = client_for(official).post(
        url(outcome), {"decision": "incorporada", "progress": progress, "note": "Mi nota"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "El avance debe ser un número entero entre 0 y 100." in html
    assert "Mi nota" in html
    outcome.refresh_from_db()
    assert outcome.progress == 10
    # The same request with a valid progress is accepted.
    response = client_for(official).post(
        url(outcome), {"decision": "incorporada", "progress": "20", "note": "Mi nota"}
    )
    assert response.status_code == 302


def test_nothing_changed_is_refused(official, outcome):
    response = client_for(official).post(
        url(outcome), {"decision": "incorporada", "progress": "10"}
    )
    assert response.status_code == 400
    assert "No cambiaste nada" in response.content.decode()


def test_hidden_contribution_hears_nothing(official, outcome, proposal):
    proposal.moderation_status = "hidden"
    proposal.save()
    client_for(official).post(url(outcome), {"decision": "incorporada", "progress": "50"})
    assert not Notification.objects.filter(kind="planning.outcome").exists()


def test_anonymous_is_sent_to_login(client, outcome):
    response = client.post(url(outcome), {"decision": "parcial", "progress": "10"})
    assert response.status_code == 302
    assert "/cuenta/login/" in response.url


def test_resident_is_forbidden(resident, outcome):
    response = client_for(resident).post(url(outcome), {"decision": "parcial", "progress": "10"})
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        check_update_outcome(
            resident, outcome=outcome, change=OutcomeChange(decision="parcial", progress=10)
        )


def test_unknown_outcome_is_not_found(official, db):
    assert client_for(official).post("/planificacion/destinos/999/actualizar/").status_code == 404


def test_wrong_method(official, outcome):
    assert client_for(official).get(url(outcome)).status_code == 405


def test_login_comes_back_to_the_outcome_page(client, outcome):
    assert login_next(client.post(url(outcome))) == outcome.get_absolute_url()


def test_every_change_is_in_the_administrators_audit_log(official, outcome):
    from accounts.models import AuditEntry

    client_for(official).post(url(outcome), {"decision": "parcial", "progress": "40"})
    entry = AuditEntry.objects.get(action="planning.outcome_update")
    assert (entry.actor, entry.object_id) == (official, outcome.pk)
    assert (entry.before["decision"], entry.before["progress"]) == ("incorporada", 10)
    assert (entry.after["decision"], entry.after["progress"]) == ("parcial", 40)
