"""opendata.api.pagination and base: a malformed cursor or limit, on any list, answers
400 with the JSON error body (never ninja's own 422), and every address answers HEAD and
refuses other methods in JSON."""

import base64

import pytest

from consultations.models import Phase
from tests.consultations.factories import ProposalFactory, consultation_in
from tests.opendata.openapi_helpers import assert_matches

LISTS = ["/api/v1/consultations/", "/api/v1/consultations/c/proposals/"]


@pytest.fixture
def consultation(db):
    consultation = consultation_in(Phase.Kind.SUPPORTS, slug="c")
    ProposalFactory(consultation=consultation)
    return consultation


def _cursor(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize(
    "cursor",
    [
        "nada",
        "%%%",
        "v1:5",  # not encoded
        _cursor("v2:5"),  # another version
        _cursor("v1:-1"),
        _cursor("v1:"),
        "djE6YWJj",  # "v1:abc"
        "//8=",  # not UTF-8
    ],
)
def test_a_malformed_cursor_is_explained_in_json(consultation, client, url, cursor):
    response = client.get(url, {"cursor": cursor})
    assert response.status_code == 400
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Cache-Control" not in response  # an error is never cached as the answer
    assert_matches(response.json(), "Error")
    assert response.json() == {
        "error": "invalid_cursor",
        "message": "El cursor no es válido: usa el enlace «next» de la respuesta anterior.",
    }
    # The same list with a cursor it handed out works.
    assert client.get(url, {"cursor": _cursor("v1:0")}).status_code == 200


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("limit", ["0", "101", "-1", "diez", "", "+5", " 5", "5.0", "1_0", "1e1"])
def test_a_malformed_limit_is_explained_in_json(consultation, client, url, limit):
    response = client.get(url, {"limit": limit})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert_matches(response.json(), "Error")
    assert response.json() == {
        "error": "invalid_limit",
        "message": "«limit» debe ser un número entero entre 1 y 100.",
    }
    assert client.get(url, {"limit": "100"}).status_code == 200


def test_errors_speak_the_visitors_language(consultation, client):
    client.cookies["django_language"] = "en"
    response = client.get(LISTS[0], {"limit": "0"})
    assert response.json()["error"] == "invalid_limit"
    assert response.json()["message"] == "“limit” must be a whole number between 1 and 100."


def test_the_page_size_and_cursor_survive_in_next_links(db, client):
    consultation = consultation_in(Phase.Kind.SUPPORTS, slug="c")
    ids = [ProposalFactory(consultation=consultation).pk for _ in range(3)]
    first = client.get(LISTS[1], {"limit": "2"}).json()
    assert [item["id"] for item in first["items"]] == ids[:2]
    assert first["next"] == (
        f"http://testserver/api/v1/consultations/c/proposals/?limit=2&cursor={_cursor(f'v1:{ids[1]}')}"
    )
    last = client.get(first["next"]).json()
    assert [item["id"] for item in last["items"]] == ids[2:]
    assert last["next"] is None


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/",
        "/api/v1/openapi.json",
        "/api/v1/consultations/",
        "/api/v1/consultations/c/",
        "/api/v1/consultations/c/proposals/",
        "/api/v1/consultations/c/results/",
    ],
)
def test_every_address_answers_head_and_refuses_writes_in_json(consultation, client, url):
    head = client.head(url)
    assert head.status_code == 200
    assert head["Cache-Control"] == "public, max-age=60"
    assert head["Access-Control-Allow-Origin"] == "*"
    for method in ("post", "put", "patch", "delete", "options"):
        response = getattr(client, method)(url)
        assert response.status_code == 405, (method, url)
        assert response["Allow"] == "GET, HEAD"
        assert response.json()["error"] == "method_not_allowed"
