"""The API answers in JSON whatever goes wrong: an address no endpoint takes, a write
(before CSRF could answer with its HTML page), and a number that is not written in ASCII
digits. What the OpenAPI document allows for ``cursor`` and ``limit`` is exactly what the
API accepts."""

import base64
import re

import pytest
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from consultations.models import Phase
from opendata.api.document import openapi_document
from opendata.api.pagination import CURSOR_PATTERN, decode_cursor, encode_cursor
from tests.consultations.factories import ProposalFactory, consultation_in
from tests.opendata.openapi_helpers import assert_matches

LISTS = ["/api/v1/consultations/", "/api/v1/consultations/c/proposals/"]
ADDRESSES = [
    "/api/v1/",
    "/api/v1/openapi.json",
    "/api/v1/consultations/",
    "/api/v1/consultations/c/",
    "/api/v1/consultations/c/proposals/",
    "/api/v1/consultations/c/results/",
]
NOT_FOUND = {"error": "not_found", "message": "No existe, o no es pública, la página que pediste."}
INVALID_CURSOR = {
    "error": "invalid_cursor",
    "message": "El cursor no es válido: usa el enlace «next» de la respuesta anterior.",
}


@pytest.fixture
def consultation(db):
    consultation = consultation_in(Phase.Kind.SUPPORTS, slug="c")
    consultation.proposal = ProposalFactory(consultation=consultation)
    return consultation


def _cursor(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _documented_parameter(name: str) -> dict:
    operation = openapi_document()["paths"]["/api/v1/consultations/"]["get"]
    return next(p for p in operation["parameters"] if p["name"] == name)["schema"]


# --- Addresses no endpoint takes ---------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/nada/",
        "/api/v1/nada",
        "/api/v1/consultations/c/otra/",
        "/api/v1/consultations/a.b/",  # the slug converter refuses the dot
        "/api/v1/consultations/%C3%B1and%C3%BA/",  # and non-ASCII letters
        "/api/v1/consultations/c/proposals/abc/",  # the int converter refuses these ids
        "/api/v1/consultations/c/proposals/-1/",
        "/api/v1/consultations/c/proposals/%D9%A1/",  # an Arabic-Indic 1
        "/api/v1/consultations/c/proposals/1.5/",
        "/api/v1/consultations/a%0Ab/results/",  # a newline, which "." does not match
        "/api/v1/%0A",
    ],
)
def test_an_address_no_endpoint_takes_answers_the_json_404(consultation, client, url):
    for method in ("get", "head", "post", "delete"):
        response = getattr(client, method)(url)
        assert response.status_code == 404, (method, url)
        assert response["Content-Type"] == "application/json"
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "Cache-Control" not in response
    body = client.get(url).json()
    assert body == NOT_FOUND
    assert_matches(body, "Error")


def test_an_api_address_without_its_final_slash_is_still_redirected(consultation, client):
    response = client.get("/api/v1/consultations/c/proposals", {"limit": "1"})
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/consultations/c/proposals/?limit=1"


def test_the_rest_of_the_site_keeps_its_html_404(db, client):
    response = client.get("/api/v2/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


# --- Writes: 405 in JSON, before CSRF --------------------------------------------------------


@pytest.mark.parametrize("url", ADDRESSES)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_write_gets_the_json_405_even_where_csrf_is_enforced(consultation, url, method):
    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)(url, data="{}", content_type="application/json")
    assert response.status_code == 405, response.content
    assert response["Allow"] == "GET, HEAD"
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"] == "method_not_allowed"
    assert_matches(response.json(), "Error")


def test_a_signed_in_write_gets_the_json_405_too(consultation, resident):
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    response = client.post("/api/v1/consultations/")
    assert response.status_code == 405
    assert response.json()["error"] == "method_not_allowed"


@pytest.mark.parametrize("url", ["/datos/propuestas.json", "/datos/propuestas.csv"])
def test_a_write_to_a_documented_file_gets_its_405(db, url):
    response = Client(enforce_csrf_checks=True).post(url)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


# --- Numbers in ASCII digits only -------------------------------------------------------------


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize(
    "limit",
    [
        "²",  # "²".isdigit(), but int("²") raises
        "١٢",  # Arabic-Indic 12: int() reads it
        "\uff11\uff12",  # fullwidth 12: int() reads it
        " 12",
        "12 ",
        "1_0",
        "+12",
        "1" * 40,
    ],
)
def test_a_limit_not_in_ascii_digits_is_refused_in_json(consultation, client, url, limit):
    response = client.get(url, {"limit": limit})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "error": "invalid_limit",
        "message": "«limit» debe ser un número entero entre 1 y 100.",
    }
    # The same number in ASCII digits is fine.
    assert client.get(url, {"limit": "12"}).status_code == 200


def test_a_fullwidth_limit_in_the_raw_query_string_is_refused(consultation, client):
    response = client.get("/api/v1/consultations/?limit=%EF%BC%91%EF%BC%92")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_limit"


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize(
    "cursor",
    [
        "ñ",
        "djE6MQ==",  # the padded spelling of a good cursor
        "djE6MQ\n",
        "",
        _cursor("v1:²"),  # used to be a 500: "²".isdigit() then int()
        _cursor("v1:١٢"),  # used to be read as 12
        _cursor("v1:\uff11\uff12"),  # fullwidth
        _cursor("v1:1_0"),
        _cursor("v1:+1"),
        _cursor("v1:" + "1" * 31),
        "djE6MR",  # the same bytes as "djE6MQ", with a non-zero unused bit
    ],
)
def test_a_cursor_outside_the_documented_pattern_is_refused_in_json(
    consultation, client, url, cursor
):
    assert not re.fullmatch(CURSOR_PATTERN, cursor)
    response = client.get(url, {"cursor": cursor})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == INVALID_CURSOR


def test_the_document_describes_the_cursor_and_the_limit_as_they_are_read(db):
    assert _documented_parameter("cursor") == {
        "type": "string",
        "pattern": CURSOR_PATTERN,
        "title": "Cursor",
        "description": "Opaco: tómalo del enlace `next` de la página anterior.",
    }
    limit = _documented_parameter("limit")
    assert (limit["type"], limit["minimum"], limit["maximum"]) == ("integer", 1, 100)


@pytest.mark.parametrize("last_id", [0, 1, 9, 10, 99, 12345, 10**18, 10**30 - 1])
def test_every_cursor_handed_out_fits_the_pattern(last_id):
    cursor = encode_cursor(last_id)
    assert re.fullmatch(CURSOR_PATTERN, cursor)
    assert decode_cursor(cursor) == last_id


@settings(max_examples=300, deadline=None)
@given(st.from_regex(CURSOR_PATTERN, fullmatch=True))
def test_every_cursor_the_pattern_allows_is_read(cursor):
    raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    assert re.fullmatch(r"v1:[0-9]{1,30}", raw)
    assert _cursor(raw) == cursor  # one spelling per cursor
    assert decode_cursor(cursor) == int(raw.removeprefix("v1:"))


@pytest.mark.parametrize("url", LISTS)
def test_a_cursor_matching_the_pattern_works_even_far_beyond_the_last_id(consultation, client, url):
    for cursor in (_cursor("v1:0"), _cursor("v1:007"), _cursor("v1:" + "9" * 30)):
        assert re.fullmatch(CURSOR_PATTERN, cursor)
        response = client.get(url, {"cursor": cursor})
        assert response.status_code == 200, (cursor, response.content)
    assert client.get(url, {"cursor": _cursor("v1:0")}).json()["items"]
    assert client.get(url, {"cursor": _cursor("v1:" + "9" * 30)}).json()["items"] == []


def test_an_unexpected_error_is_a_json_500(db, client, monkeypatch, caplog):
    from opendata.api import consultations as endpoints

    consultation_in(Phase.Kind.RESULTS, slug="c")

    def broken(consultation):
        raise RuntimeError("boom")

    monkeypatch.setattr(endpoints, "participation", broken)
    response = client.get("/api/v1/consultations/c/results/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "error": "server_error",
        "message": "Algo falló. Vuelve a intentarlo en un momento.",
    }
    assert "boom" in caplog.text
