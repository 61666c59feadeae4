"""planning.views.link_contribution and actions.check_link_contributions:
POST /planificacion/destinos/<id>/aportes/ (duplicates grouped under one outcome)."""

import pytest
from django.core.exceptions import PermissionDenied

from accounts.models import Notification
from planning.actions import check_link_contributions
from planning.models import OutcomeLink
from tests.conftest import client_for
from tests.consultations.factories import ProposalFactory
from tests.planning.conftest import key
from tests.planning.factories import outcome_for


@pytest.fixture
def outcome(proposal, section, official):
    return outcome_for(proposal, sections=[section], decided_by=official, progress=30)


def url(outcome) -> str:
    return f"/planificacion/destinos/{outcome.pk}/aportes/"


def test_duplicate_joins_the_outcome_and_its_author_is_told(official, outcome, consultation):
    duplicate = ProposalFactory(consultation=consultation, title="Ciclovía en la costanera")
    response = client_for(official).post(
        url(outcome), {"kind": "propuesta", "contribution_id": str(duplicate.pk)}
    )
    assert response.status_code == 302
    assert set(OutcomeLink.objects.filter(outcome=outcome).values_list("object_id", flat=True)) == {
        outcome.links.first().object_id,
        duplicate.pk,
    }
    notice = Notification.objects.get(recipient=duplicate.author)
    assert notice.subject == "Qué pasó con el aporte «Ciclovía en la costanera»: Incorporada"


def test_missing_contribution_is_refused_with_input_kept(official, outcome):
    response = client_for(official).post(
        url(outcome), {"kind": "propuesta", "contribution_id": "424242"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "No existe un aporte de ese tipo con ese número." in html
    assert 'value="424242"' in html


def test_contribution_with_another_fate_is_refused(official, outcome, consultation, section):
    other = ProposalFactory(consultation=consultation)
    outcome_for(other, sections=[section], decided_by=official)
    response = client_for(official).post(
        url(outcome), {"kind": "propuesta", "contribution_id": str(other.pk)}
    )
    assert response.status_code == 400
    assert "Ese aporte ya tiene un destino." in response.content.decode()


def test_hidden_contribution_is_refused(official, outcome, consultation):
    hidden = ProposalFactory(consultation=consultation, moderation_status="hidden")
    response = client_for(official).post(
        url(outcome), {"kind": "propuesta", "contribution_id": str(hidden.pk)}
    )
    assert response.status_code == 400
    assert not OutcomeLink.objects.filter(object_id=hidden.pk).exists()


def test_resident_is_forbidden(resident, outcome, consultation):
    duplicate = ProposalFactory(consultation=consultation)
    response = client_for(resident).post(
        url(outcome), {"kind": "propuesta", "contribution_id": str(duplicate.pk)}
    )
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        check_link_contributions(resident, outcome=outcome, contributions=[key(duplicate)])


def test_anonymous_is_sent_to_login(client, outcome):
    assert "/cuenta/login/" in client.post(url(outcome)).url


def test_unknown_outcome_is_not_found(official, db):
    assert client_for(official).post("/planificacion/destinos/77/aportes/").status_code == 404


def test_wrong_method(official, outcome):
    assert client_for(official).get(url(outcome)).status_code == 405
