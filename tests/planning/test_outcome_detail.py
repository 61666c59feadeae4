"""planning.views.outcome_detail: /planificacion/destinos/<id>/ (curators only)."""

import pytest
from django.contrib.contenttypes.models import ContentType

from tests.conftest import client_for, login_next
from tests.consultations.factories import ProposalFactory
from tests.planning.factories import comment_on, outcome_for


@pytest.fixture
def outcome(proposal, section, official):
    return outcome_for(proposal, sections=[section], decided_by=official, progress=30)


def test_curator_sees_grouped_contributions_and_history(moderator, outcome, consultation):
    hidden = ProposalFactory(consultation=consultation, title="Duplicada oculta")
    outcome.links.create(content_type_id=outcome.links.get().content_type_id, object_id=hidden.pk)
    hidden.moderation_status = "hidden"
    hidden.save()
    response = client_for(moderator).get(outcome.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ciclovía por la costanera" in html
    assert "Duplicada oculta" in html
    assert "No es público" in html
    assert "Movilidad sostenible" in html


def test_resident_is_forbidden(resident, outcome):
    assert client_for(resident).get(outcome.get_absolute_url()).status_code == 403


def test_anonymous_is_sent_to_login(client, outcome):
    assert login_next(client.get(outcome.get_absolute_url())) == outcome.get_absolute_url()


def test_unknown_outcome_is_not_found(official, db):
    assert client_for(official).get("/planificacion/destinos/999/").status_code == 404


def test_wrong_method(official, outcome):
    assert client_for(official).post(outcome.get_absolute_url()).status_code == 405


@pytest.mark.parametrize("size", [1, 8])
def test_queries_do_not_grow(
    official, proposal, consultation, section, django_assert_max_num_queries, size
):
    outcome = outcome_for(proposal, sections=[section], decided_by=official)
    ct = outcome.links.get().content_type_id
    for _index in range(size):
        other = ProposalFactory(consultation=consultation)
        outcome.links.create(content_type_id=ct, object_id=other.pk)
        comment = comment_on(other)
        outcome.links.create(
            content_type=ContentType.objects.get_for_model(comment), object_id=comment.pk
        )
    client = client_for(official)
    # 1. session, 2. user, 3. authenticator, 4. outcome, 5. links, 6. history with actors,
    # 7. proposals (with authors, consultations), 8. comments, 9-10. their owners
    # (consultations, proposals), 11. sections with instruments, 12. sections for the form,
    # 13. unread notifications.
    with django_assert_max_num_queries(14):
        assert client.get(outcome.get_absolute_url()).status_code == 200
