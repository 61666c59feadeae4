"""opendata.api.consultations: list_consultations and get_consultation,
/api/v1/consultations/[<slug>/]."""

import pytest

from consultations.models import Consultation, Phase
from tests.conftest import client_for
from tests.consultations.factories import consultation_in
from tests.opendata.openapi_helpers import assert_matches, walk

LIST = "/api/v1/consultations/"


def test_list_shows_published_consultations_only(world, client):
    response = client.get(LIST)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    body = response.json()
    assert_matches(body, "ConsultationPage")
    assert [item["slug"] for item in body["items"]] == ["cultura", "ciclovias"]
    assert body["next"] is None
    cultura = body["items"][0]
    assert cultura["proposal_count"] == 3
    assert cultura["support_count"] == 2
    assert cultura["phases"][0]["kind"] == "results"
    assert (
        cultura["links"]["proposals"] == "http://testserver/api/v1/consultations/cultura/proposals/"
    )
    text = response.content.decode()
    world.assert_nothing_private(text)


def test_an_official_session_sees_no_drafts_either(world, official):
    body = client_for(official).get(LIST).json()
    assert "secreta" not in [item["slug"] for item in body["items"]]


def test_detail_matches_the_schema(world, client):
    response = client.get(f"{LIST}cultura/")
    assert response.status_code == 200
    assert_matches(response.json(), "Consultation")
    assert response.json()["survey"]["results_public"] is True


def test_draft_and_unknown_consultations_are_not_found_in_json(world, client):
    for slug in ("secreta", "no-existe"):
        response = client.get(f"{LIST}{slug}/")
        assert response.status_code == 404
        assert_matches(response.json(), "Error")
        assert response.json()["error"] == "not_found"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only(client, db, method):
    response = getattr(client, method)(LIST)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert response.json() == {
        "error": "method_not_allowed",
        "message": "Esta API es de solo lectura: usa GET.",
    }


def test_cursor_pagination_walks_every_consultation_exactly_once(db, client):
    published = [consultation_in(Phase.Kind.INFORMATION, slug=f"c{i}") for i in range(7)]
    consultation_in(Phase.Kind.INFORMATION, slug="borrador", status=Consultation.Status.DRAFT)
    first = client.get(f"{LIST}?limit=3").json()
    assert_matches(first, "ConsultationPage")
    assert len(first["items"]) == 3
    assert first["next"].startswith("http://testserver/api/v1/consultations/?limit=3&cursor=")
    items = walk(client, f"{LIST}?limit=3")
    assert [item["id"] for item in items] == [c.pk for c in published]


def test_a_new_consultation_does_not_shift_pages(db, client):
    [consultation_in(Phase.Kind.INFORMATION, slug=f"c{i}") for i in range(4)]
    first = client.get(f"{LIST}?limit=2").json()
    consultation_in(Phase.Kind.INFORMATION, slug="nueva")
    rest = walk(client, first["next"])
    assert [item["slug"] for item in first["items"] + rest] == ["c0", "c1", "c2", "c3", "nueva"]


@pytest.mark.parametrize(
    ("query", "code", "message"),
    [
        ("cursor=nada", "invalid_cursor", "El cursor no es válido"),
        ("cursor=djE6YWJj", "invalid_cursor", "El cursor no es válido"),  # "v1:abc"
        ("limit=0", "invalid_limit", "«limit» debe ser un número entero entre 1 y 100."),
        ("limit=101", "invalid_limit", "entre 1 y 100"),
        ("limit=diez", "invalid_limit", "entre 1 y 100"),
    ],
)
def test_bad_parameters_are_explained_in_spanish(db, client, query, code, message):
    consultation_in(Phase.Kind.INFORMATION, slug="c")
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 400
    assert_matches(response.json(), "Error")
    assert response.json()["error"] == code
    assert message in response.json()["message"]
    # The same request with valid parameters works.
    assert client.get(f"{LIST}?limit=10").status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_list_queries_do_not_grow_with_data(db, client, django_assert_max_num_queries, count):
    for index in range(count):
        consultation_in(Phase.Kind.INFORMATION, slug=f"c{index}", topics=["Cultura"])
    # consultations, their phases, comunas and surveys (prefetched), proposal totals (one
    # grouped query; cached afterwards), topics. Django caches the topics' content type.
    with django_assert_max_num_queries(6):
        assert client.get(f"{LIST}?limit=100").status_code == 200


@pytest.mark.parametrize("count", [1, 10])
def test_detail_queries_do_not_grow_with_data(db, client, django_assert_max_num_queries, count):
    consultation = consultation_in(
        Phase.Kind.INFORMATION,
        slug="c",
        whole_region=False,
        topics=[f"Tema {index}" for index in range(count)],
    )
    consultation.comunas.set(["05101", "05102", "05103"][: min(count, 3)])
    # the consultation, its phases, comunas and survey, its proposal totals, its topics.
    with django_assert_max_num_queries(6):
        assert client.get(f"{LIST}c/").status_code == 200
