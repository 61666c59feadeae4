"""opendata.api.consultations: list_proposals and get_proposal,
/api/v1/consultations/<slug>/proposals/[<id>/]."""

import pytest

from consultations.models import Phase, Proposal
from tests.consultations.factories import ProposalFactory, consultation_in
from tests.opendata.openapi_helpers import assert_matches, walk

LIST = "/api/v1/consultations/cultura/proposals/"


def test_visible_proposals_only_with_published_answers_only(world, client):
    response = client.get(LIST)
    assert response.status_code == 200
    body = response.json()
    assert_matches(body, "ProposalPage")
    by_title = {item["title"]: item for item in body["items"]}
    assert set(by_title) == {
        "Biblioteca móvil rural",
        "Propuesta retirada",
        "Propuesta con respuesta en borrador",
    }
    answered = by_title["Biblioteca móvil rural"]
    assert answered["answer"] == {
        "state": "accepted",
        "text": "La incluimos en el plan 2027.",
        "division": "División de Planificación",
        "estimated_cost_clp": 50_000_000,
        "execution_period": "2027",
        "published_at": answered["answer"]["published_at"],
    }
    assert by_title["Propuesta retirada"]["withdrawn"] is True
    assert by_title["Propuesta con respuesta en borrador"]["answer"] is None
    text = response.content.decode()
    world.assert_nothing_private(text)


def test_filters_by_state_and_answer(world, client):
    accepted = client.get(f"{LIST}?state=accepted").json()["items"]
    assert [item["title"] for item in accepted] == ["Biblioteca móvil rural"]
    answered = client.get(f"{LIST}?answered=true").json()["items"]
    assert [item["title"] for item in answered] == ["Biblioteca móvil rural"]
    unanswered = client.get(f"{LIST}?answered=false").json()["items"]
    assert len(unanswered) == 2


@pytest.mark.parametrize(
    ("query", "code"), [("state=hidden", "invalid_state"), ("answered=yes", "invalid_answered")]
)
def test_bad_filters_are_explained(world, client, query, code):
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 400
    assert response.json()["error"] == code
    assert_matches(response.json(), "Error")


def test_detail_of_a_visible_proposal(world, client):
    response = client.get(f"{LIST}{world.answered.pk}/")
    assert response.status_code == 200
    assert_matches(response.json(), "Proposal")
    assert response.json()["text"] == "Un bus con libros & talleres."


def test_hidden_pending_and_draft_consultation_proposals_are_not_found(world, client):
    for proposal in (world.hidden, world.pending):
        response = client.get(f"{LIST}{proposal.pk}/")
        assert response.status_code == 404
        assert response.json()["error"] == "not_found"
    secret = Proposal.objects.get(consultation=world.secreta)
    assert client.get(f"/api/v1/consultations/secreta/proposals/{secret.pk}/").status_code == 404
    assert client.get("/api/v1/consultations/secreta/proposals/").status_code == 404
    # A proposal of another consultation is not under this one.
    assert (
        client.get(f"/api/v1/consultations/ciclovias/proposals/{world.answered.pk}/").status_code
        == 404
    )


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_proposals_are_read_only(world, client, method):
    assert getattr(client, method)(LIST).status_code == 405


def test_cursor_pagination_walks_every_visible_proposal_exactly_once(db, client):
    consultation = consultation_in(Phase.Kind.SUPPORTS, slug="cultura")
    visible = []
    for index in range(11):
        status = (
            Proposal.ModerationStatus.HIDDEN
            if index % 4 == 3
            else Proposal.ModerationStatus.PUBLISHED
        )
        proposal = ProposalFactory(consultation=consultation, moderation_status=status)
        if status == Proposal.ModerationStatus.PUBLISHED:
            visible.append(proposal.pk)
    items = walk(client, f"{LIST}?limit=2")
    assert [item["id"] for item in items] == visible
    assert len({item["id"] for item in items}) == len(items)
    # Filters survive in the next links.
    first = client.get(f"{LIST}?limit=2&state=received").json()
    assert "state=received" in first["next"]


@pytest.mark.parametrize("count", [3, 30])
def test_proposal_list_queries_do_not_grow_with_data(
    db, client, django_assert_max_num_queries, count
):
    consultation = consultation_in(Phase.Kind.SUPPORTS, slug="cultura")
    for _ in range(count):
        ProposalFactory(consultation=consultation, comuna_id="05101", topics=["Cultura"])
    # the published consultation (its slug checked), proposals with comuna, consultation,
    # answer and answering division joined, their topics.
    with django_assert_max_num_queries(3):
        assert client.get(f"{LIST}?limit=100").status_code == 200


@pytest.mark.parametrize("count", [1, 10])
def test_proposal_detail_queries_do_not_grow_with_data(
    world, client, django_assert_max_num_queries, count
):
    world.answered.topics.add(*[f"Tema {index}" for index in range(count)])
    # the published consultation, the proposal with its joins, its topics.
    with django_assert_max_num_queries(3):
        assert client.get(f"{LIST}{world.answered.pk}/").status_code == 200
