"""opendata.api.consultations.get_results: /api/v1/consultations/<slug>/results/ (the
figures as common.disclosure publishes them; the attacks: tests/consultations/
test_disclosure_attacks.py)."""

import pytest

from consultations.models import Phase
from tests.consultations.factories import consultation_in
from tests.opendata.openapi_helpers import assert_matches
from tests.surveys.factories import add_responses, make_survey


def test_results_with_public_survey(world, client):
    response = client.get("/api/v1/consultations/cultura/results/")
    assert response.status_code == 200
    body = response.json()
    assert_matches(body, "Results")
    participation = body["participation"]
    # 6 respondents (two of them supporters) and the proposals' author: 7, rounded.
    assert participation["participants"] == 5
    assert participation["final"] is True  # the survey, its only way to take part, closed
    assert participation["proposals"] == 3
    assert participation["supports"] == 2
    assert participation["survey_responses"] == 6
    assert participation["proposals_by_state"]["accepted"] == 1
    by_gender = {cell["key"]: cell for cell in participation["by_gender"]}
    assert by_gender["F"] == {"key": "F", "label": "Femenino", "count": None, "suppressed": "small"}
    by_comuna = {cell["key"]: cell for cell in participation["by_comuna"]}
    assert by_comuna["05101"]["count"] is None  # 3 respondents + the author: 4
    assert body["answered_proposals"].endswith("/proposals/?answered=true")
    survey = body["survey"]
    assert survey["response_count"] == 6
    assert survey["questions"][0]["options"][0] == {"label": "Bus", "count": 2, "percent": 33.3}
    ranking = survey["questions"][3]
    assert set(ranking["options"][0]) == {
        "label",
        "count",
        "percent",
        "average_place",
        "first_places",
        "points",
    }
    assert body["survey_results_public_at"] is None
    text = response.content.decode()
    world.assert_nothing_private(text)


def test_results_of_an_open_survey_say_when_they_will_be_public(world, client):
    body = client.get("/api/v1/consultations/ciclovias/results/").json()
    assert_matches(body, "Results")
    assert body["survey"] is None
    assert body["survey_results_public_at"]
    assert body["participation"]["survey_responses"] == 2
    # Participation is open: the total alone (2 people: withheld), no breakdown.
    assert body["participation"]["participants"] is None
    assert body["participation"]["final"] is False
    assert body["participation"]["participation_closes_at"] == body["survey_results_public_at"]
    for key in ("by_comuna", "by_gender", "by_age_range"):
        assert body["participation"][key] is None


def test_no_published_cell_is_under_five_or_exact(db, client):
    consultation = consultation_in(Phase.Kind.RESULTS, slug="c")
    add_responses(make_survey(consultation, state="closed"), 13)
    body = client.get("/api/v1/consultations/c/results/").json()
    assert_matches(body, "Results")
    assert body["participation"]["participants"] == 15  # 13
    for key in ("by_comuna", "by_gender", "by_age_range"):
        for cell in body["participation"][key]:
            assert cell["count"] is None or (cell["count"] >= 5 and cell["count"] % 5 == 0)


def test_results_of_draft_or_unknown_consultations_are_not_found(world, client):
    assert client.get("/api/v1/consultations/secreta/results/").status_code == 404
    assert client.get("/api/v1/consultations/nada/results/").status_code == 404


def test_results_are_read_only(world, client):
    assert client.post("/api/v1/consultations/cultura/results/").status_code == 405


@pytest.mark.parametrize("count", [3, 30])
def test_results_queries_do_not_grow_with_data(db, client, django_assert_max_num_queries, count):
    consultation = consultation_in(Phase.Kind.RESULTS, slug="c")
    add_responses(make_survey(consultation, state="closed"), count)
    # consultation, its survey; participation: phases, states, responses, groups; survey:
    # questions, options, tally, text counts, responses; closed, the first reader freezes
    # the figures (snapshot lookup, savepoint, insert, release).
    with django_assert_max_num_queries(15):
        assert client.get("/api/v1/consultations/c/results/").status_code == 200
