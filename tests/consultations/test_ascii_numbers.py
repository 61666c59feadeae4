"""Numbers typed into consultations' forms are ASCII digits only (consultations.forms: the
official's estimated cost, a proposal's point, the editor's numbers and choices by id).

``int()``, ``float()`` and ``str.isdigit()`` also take superscript, fullwidth and
Arabic-Indic digits: a superscript cost answered 500 and the others were stored as the
number they resemble."""

import pytest

from consultations.models import Consultation, Proposal, ProposalAnswer
from tests.conftest import client_for
from tests.digits import SUPERSCRIPT_TWO, arabic_indic, fullwidth

ANSWER = {
    "state": "accepted",
    "body": "La incluiremos en el plan de ciclovías 2027.",
    "estimated_cost": "250.000.000",
    "execution_period": "Segundo semestre de 2027",
    "accion": "publicar",
}
COST_ERROR = "Escribe el costo en pesos, solo con números (puedes usar puntos)."


def answer_url(proposal) -> str:
    return f"{proposal.get_absolute_url()}respuesta/"


@pytest.mark.parametrize(
    "cost",
    [
        fullwidth("123"),
        arabic_indic("123"),
        SUPERSCRIPT_TWO,
        "1" + SUPERSCRIPT_TWO,
        "$ " + fullwidth("250.000"),
        "1_000",
    ],
)
def test_a_cost_in_other_digits_is_refused_and_nothing_typed_is_lost(
    official_client, proposal, cost
):
    response = official_client.post(answer_url(proposal), {**ANSWER, "estimated_cost": cost})
    assert response.status_code == 400
    html = response.content.decode()
    assert COST_ERROR in html
    assert "La incluiremos en el plan de ciclovías 2027." in html
    assert 'value="Segundo semestre de 2027"' in html
    assert not ProposalAnswer.objects.exists()

    # The same answer with the cost in ASCII digits is published.
    response = official_client.post(answer_url(proposal), ANSWER)
    assert response.status_code == 302
    assert ProposalAnswer.objects.get().estimated_cost == 250_000_000


def test_a_negative_cost_still_says_so(official_client, proposal):
    response = official_client.post(answer_url(proposal), {**ANSWER, "estimated_cost": "-5.000"})
    assert response.status_code == 400
    assert "El costo no puede ser negativo." in response.content.decode()


PROPOSAL = {
    "title": "Un parque en el cerro Barón",
    "body": "Con árboles nativos y juegos.",
    "comuna": "05101",
    "latitude": "-33.0392",
    "longitude": "-71.6072",
}
NEW_PROPOSAL = "/consultas/parques/propuestas/nueva/"
POINT_ERRORS = {
    "latitude": "Escribe la latitud como número, por ejemplo -33.0472.",
    "longitude": "Escribe la longitud como número, por ejemplo -71.6127.",
}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("latitude", "-" + fullwidth("33.0392")),
        ("latitude", "-" + arabic_indic("33.0392")),
        ("longitude", "-71.6" + fullwidth("072")),
        ("longitude", "-71" + SUPERSCRIPT_TWO),
        ("latitude", "-3.3e1"),
    ],
)
def test_a_point_in_other_digits_is_refused(resident_client, proposals_consultation, field, value):
    response = resident_client.post(NEW_PROPOSAL, {**PROPOSAL, field: value})
    assert response.status_code == 400
    html = response.content.decode()
    assert POINT_ERRORS[field] in html
    assert "Un parque en el cerro Barón" in html
    assert not Proposal.objects.exists()

    response = resident_client.post(NEW_PROPOSAL, PROPOSAL)
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert (proposal.latitude, proposal.longitude) == (-33.0392, -71.6072)


def test_a_point_may_use_a_decimal_comma(resident_client, proposals_consultation):
    data = {**PROPOSAL, "latitude": "-33,0392", "longitude": "-71,6072"}
    assert resident_client.post(NEW_PROPOSAL, data).status_code == 302
    proposal = Proposal.objects.get()
    assert (proposal.latitude, proposal.longitude) == (-33.0392, -71.6072)


EDITOR = {
    "title": "Parques urbanos para Valparaíso",
    "slug": "",
    "summary": "Queremos saber qué parques necesita tu barrio.",
    "body": "",
    "image_alt": "",
    "whole_region": "on",
    "topics": [],
    "planning_instrument": "",
    "edit_window_minutes": "30",
    "support_limit": "3",
    "support_threshold": "50",
    "fase-proposals-starts_at": "2030-03-02T09:00",
    "fase-proposals-ends_at": "2030-03-31T18:00",
}


@pytest.mark.parametrize("field", ["edit_window_minutes", "support_limit", "support_threshold"])
@pytest.mark.parametrize("digits", [fullwidth, arabic_indic])
def test_the_editor_refuses_numbers_in_other_digits(official_client, field, digits):
    response = official_client.post("/consultas/nueva/", {**EDITOR, field: digits("30")})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Escribe un número entero, sin puntos ni decimales." in html
    assert 'value="Parques urbanos para Valparaíso"' in html
    assert not Consultation.objects.exists()

    assert official_client.post("/consultas/nueva/", EDITOR).status_code == 302
    assert Consultation.objects.get().support_limit == 3


def test_the_editor_chooses_a_division_by_ascii_id_only(admin, division):
    client = client_for(admin)
    data = {**EDITOR, "division": fullwidth(str(division.pk))}
    response = client.post("/consultas/nueva/", data)
    assert response.status_code == 400
    assert not Consultation.objects.exists()

    assert client.post("/consultas/nueva/", {**data, "division": division.pk}).status_code == 302
    assert Consultation.objects.get().division == division
