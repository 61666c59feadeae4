"""consultations.views.place_of_point: /consultas/<slug>/propuestas/lugar/, where a point of
the proposal form lies, in words (issue 9, item 13), and what the form would answer."""

import re

import pytest

from consultations.models import Consultation, Phase
from tests.consultations.factories import ConsultationFactory, consultation_in

URL = "/consultas/puerto/propuestas/lugar/"


@pytest.fixture
def san_antonio(db):
    consultation = consultation_in(Phase.Kind.PROPOSALS, slug="puerto", whole_region=False)
    consultation.comunas.set(["05601"])
    return consultation


def test_a_point_inside_is_named(client, san_antonio):
    response = client.get(URL, {"lat": "-33.5935", "lon": "-71.62"})
    assert response.status_code == 200
    assert response.json() == {"place": "San Antonio (Valparaíso)", "refusal": ""}


def test_a_point_outside_gets_the_forms_sentence(client, san_antonio):
    response = client.get(URL, {"lat": "-33.05", "lon": "-71.44"})
    # A refusal is an answer, not an error (no failed request in the browser's console).
    assert response.status_code == 200
    assert response.json() == {
        "place": "Quilpué (Valparaíso)",
        "refusal": "El punto está en Quilpué, fuera del territorio de esta consulta (San Antonio).",
    }


def test_a_chosen_comuna_is_compared(client, db):
    consultation_in(Phase.Kind.PROPOSALS, slug="region")
    response = client.get(
        "/consultas/region/propuestas/lugar/", {"lat": "-33.05", "lon": "-71.44", "comuna": "05201"}
    )
    assert response.json()["refusal"] == (
        "El punto está en Quilpué, no en Isla de Pascua: mueve el punto o elige Quilpué como "
        "comuna."
    )


@pytest.mark.parametrize(
    "query",
    [{}, {"lat": "abc", "lon": "-71.6"}, {"lat": "-33", "lon": "1e3"}, {"lat": "NaN", "lon": "1"}],
)
def test_a_malformed_point_is_a_400_in_spanish(client, san_antonio, query):
    response = client.get(URL, query)
    assert response.status_code == 400
    assert response.json() == {
        "error": "Escribe la latitud y la longitud como números, por ejemplo -33.0472."
    }


def test_a_point_outside_chile_gets_a_sentence_too(client, san_antonio):
    response = client.get(URL, {"lat": "10", "lon": "10"})
    assert response.status_code == 200
    assert response.json() == {
        "place": "",
        "refusal": "El punto no está en ninguna comuna de Chile: revisa la latitud y la longitud.",
    }


def test_an_unknown_consultation_is_not_found(client, db):
    response = client.get("/consultas/no-existe/propuestas/lugar/", {"lat": "-33", "lon": "-71"})
    assert response.status_code == 404


def test_a_draft_is_not_found_for_residents(resident_client, db):
    ConsultationFactory(slug="borrador", status=Consultation.Status.DRAFT)
    response = resident_client.get(
        "/consultas/borrador/propuestas/lugar/", {"lat": "-33", "lon": "-71"}
    )
    assert response.status_code == 404


def test_only_reads(client, san_antonio):
    assert client.post(URL, {"lat": "-33.5935", "lon": "-71.62"}).status_code == 405


def place_line(response) -> str:
    """What the line under the form's map says."""
    match = re.search(
        r'<p class="point-picker__place" data-point-place[^>]*>(.*?)</p>',
        response.content.decode(),
        re.S,
    )
    assert match is not None
    return match.group(1)


def test_the_form_says_why_a_refused_point_was_refused_under_the_map(resident_client, san_antonio):
    response = resident_client.post(
        "/consultas/puerto/propuestas/nueva/",
        {"title": "Idea", "body": "Texto", "latitude": "-33.05", "longitude": "-71.44"},
    )
    assert response.status_code == 400
    refusal = "El punto está en Quilpué, fuera del territorio de esta consulta (San Antonio)."
    # The same sentence as the field's error (and as the map's script would say).
    assert place_line(response) == refusal
    assert response.content.decode().count(refusal) >= 2


def test_the_form_names_the_place_of_an_accepted_point_kept_after_another_error(
    resident_client, san_antonio
):
    response = resident_client.post(
        "/consultas/puerto/propuestas/nueva/",
        {"title": "", "body": "Texto", "latitude": "-33.5935", "longitude": "-71.62"},
    )
    assert place_line(response) == "El punto está en San Antonio (Valparaíso)."
