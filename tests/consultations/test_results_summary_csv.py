"""views.download_results_summary: /consultas/<slug>/resultados/resumen.csv (the same
published figures as the page: common.disclosure)."""

import csv
import io

import pytest

from consultations.models import Consultation, Phase
from tests.consultations.factories import ProposalFactory, consultation_in
from tests.surveys.factories import add_responses, demographic_people, make_survey

URL = "/consultas/cultura/resultados/resumen.csv"


@pytest.fixture
def consultation(db):
    return consultation_in(Phase.Kind.RESULTS, slug="cultura")


def parse(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff"))))


def test_summary_has_figures_suppressed_cells_and_survey_counts(consultation, client):
    survey = make_survey(consultation, state="closed")
    add_responses(survey, 6, people=demographic_people(6, genders=("F",)))
    ProposalFactory(consultation=consultation)
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="resultados-cultura.csv"'
    rows = parse(response)
    figures = {
        row["categoria"]: (row["personas"], row["nota"])
        for row in rows
        if row["seccion"] == "participacion"
    }
    assert figures == {
        "Personas participantes": ("5", "redondeada a múltiplo de 5"),  # 7
        "Propuestas": ("1", ""),
        "Apoyos": ("0", ""),
        "Respuestas a la encuesta": ("6", ""),
    }
    gender = {
        row["categoria"]: (row["personas"], row["nota"])
        for row in rows
        if row["seccion"] == "participantes_por_genero"
    }
    assert gender["Femenino"] == ("5", "redondeada a múltiplo de 5")  # 6
    assert gender["Masculino"] == ("", "menos de 5")
    # Published figures of people are never below 5, and always multiples of 5.
    for row in rows:
        if row["seccion"].startswith("participantes_por_") and row["personas"]:
            assert int(row["personas"]) >= 5
            assert int(row["personas"]) % 5 == 0
    survey_rows = [row for row in rows if row["seccion"] == "encuesta"]
    assert ("¿Cómo te mueves habitualmente?", "Bus", "2", "33.3") in [
        (row["pregunta"], row["categoria"], row["personas"], row["porcentaje"])
        for row in survey_rows
    ]


def test_summary_leaves_out_survey_results_that_are_not_public(consultation, client):
    add_responses(make_survey(consultation, state="open"), 2)
    rows = parse(client.get(URL))
    assert not [row for row in rows if row["seccion"] == "encuesta"]
    assert {
        "seccion": "participacion",
        "pregunta": "",
        "categoria": "Respuestas a la encuesta",
        "personas": "2",
        "porcentaje": "",
        "nota": "",
    } in rows
    # While people can take part: the total only, withheld under 5; no breakdown.
    assert {
        "seccion": "participacion",
        "pregunta": "",
        "categoria": "Personas participantes",
        "personas": "",
        "porcentaje": "",
        "nota": "menos de 5",
    } in rows
    assert not [row for row in rows if row["seccion"].startswith("participantes_por_")]
    assert {
        "seccion": "desglose",
        "pregunta": "",
        "categoria": "",
        "personas": "",
        "porcentaje": "",
        "nota": "El desglose por comuna, género y tramo de edad se publica al cerrar la consulta.",
    } in rows


def test_summary_of_a_draft_is_not_found(consultation, client):
    Consultation.objects.filter(pk=consultation.pk).update(status=Consultation.Status.DRAFT)
    assert client.get(URL).status_code == 404


def test_summary_refuses_post(consultation, client):
    assert client.post(URL).status_code == 405
