"""surveys.views.download_survey_results: /consultas/<slug>/encuesta/resultados.csv."""

import csv
import io

import pytest

from consultations.models import Phase
from tests.conftest import client_for
from tests.consultations.factories import consultation_in
from tests.surveys.factories import add_responses, make_survey

URL = "/consultas/movilidad/encuesta/resultados.csv"


@pytest.fixture
def consultation(db):
    return consultation_in(Phase.Kind.RESULTS, slug="movilidad")


def parse(response) -> list[dict[str, str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # spreadsheets read the accents right
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_csv_has_every_option_with_its_count(consultation, client):
    survey = make_survey(consultation, state="closed")
    add_responses(survey, 10)
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="encuesta-movilidad.csv"'
    rows = parse(response)
    single = [row for row in rows if row["pregunta_orden"] == "1"]
    assert [(row["opcion_o_valor"], row["personas"], row["porcentaje"]) for row in single] == [
        ("Bus", "3", "30.0"),
        ("Tren", "3", "30.0"),
        ("Bicicleta", "2", "20.0"),
        ("A pie", "2", "20.0"),
    ]
    ranking = [row for row in rows if row["tipo"] == "ranking"]
    assert ranking[0]["opcion_o_valor"] == "Parque"
    assert (ranking[0]["puntos"], ranking[0]["lugar_promedio"], ranking[0]["primeros_lugares"]) == (
        "21",
        "1.9",
        "4",
    )
    short = next(row for row in rows if row["tipo"] == "short")
    assert short["personas"] == "5"
    # Only counts: never the texts.
    assert "Barrio" not in response.content.decode()


def test_csv_waits_for_the_survey_to_close(consultation, client, official):
    survey = make_survey(consultation, state="open")
    add_responses(survey, 2)
    assert client.get(URL).status_code == 403
    assert client_for(official).get(URL).status_code == 200


def test_csv_refuses_post(consultation, client):
    make_survey(consultation, state="closed")
    assert client.post(URL).status_code == 405


def test_csv_of_a_missing_survey_is_not_found(client, db):
    assert client.get(URL).status_code == 404


@pytest.mark.parametrize("count", [3, 30])
def test_csv_queries_do_not_grow_with_data(
    consultation, client, django_assert_max_num_queries, count
):
    add_responses(make_survey(consultation, state="closed"), count)
    # consultation, its survey, questions, options, tally, text counts, responses.
    with django_assert_max_num_queries(7):
        assert client.get(URL).status_code == 200
