"""planning.indicators.datasets and opendata.api.indicators: /datos/indicador-estrategico,
/datos/participacion (CSV and JSON) and /api/v1/indicators/, checked against the OpenAPI
document; the same figures as the page, withheld cells included."""

import csv
import io
import json

import pytest

from planning.indicators.actions import do_refresh_indicators
from tests.consultations.factories import ConsultationFactory, PhaseFactory, ProposalFactory
from tests.factories import UserFactory
from tests.opendata.openapi_helpers import assert_matches
from tests.planning.indicators_helpers import instance, instrument, moment, this_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    last = this_year() - 1
    closed = ConsultationFactory()
    PhaseFactory(consultation=closed, starts_at=moment(last, 2), ends_at=moment(last, 3))
    instance(instrument("erd", last, name="Estrategia Regional"), process=closed)
    instrument("prot", last, name="Plan de Ordenamiento")
    for person in UserFactory.create_batch(7, gender="F", age_range="30-44"):
        ProposalFactory(author=person, consultation=closed, created_at=moment(last, 2))
    UserFactory.create_batch(1)
    ProposalFactory(author=UserFactory(gender="M"), created_at=moment(last, 5))
    ProposalFactory(created_at=moment(this_year(), 1))
    do_refresh_indicators()
    return last


def body(response) -> str:
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8")


def test_strategic_indicator_json_fits_its_schema(client, data):
    document = client.get("/datos/indicador-estrategico.json")
    items = json.loads(body(document))["items"]
    assert_matches({"items": items}, "StrategicIndicatorList")
    (year,) = items
    assert (year["year"], year["numerator"], year["denominator"], year["percent"]) == (
        data,
        1,
        2,
        50.0,
    )
    by_slug = {row["slug"]: row for row in year["instruments"]}
    assert by_slug["erd"]["counts"]
    assert by_slug["erd"]["gender_published"]
    assert not by_slug["prot"]["counts"]
    assert by_slug["prot"]["instances"] == 0
    assert by_slug["erd"]["url"] == "http://testserver/planificacion/erd/"


def test_strategic_indicator_csv_has_one_row_per_instrument(client, data):
    text = body(client.get("/datos/indicador-estrategico.csv"))
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [row["instrumento"] for row in rows] == ["erd", "prot"]
    assert rows[0]["indicador_porcentaje"] == "50.0"
    assert rows[0]["cuenta_en_el_indicador"] in {"True", "true", "sí", "1"}


def test_participation_csv_withholds_small_cells(client, data):
    text = body(client.get("/datos/participacion.csv"))
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    totals = [row for row in rows if row["dimension"] == "total" and row["mes"] == ""]
    assert [row["anio"] for row in totals] == [str(data), str(this_year())]
    closed = totals[0]
    # 8 people round to 10; the contributions are exact.
    assert (closed["personas"], closed["aportes"]) == ("10", "8")
    gender = {row["valor"]: row for row in rows if row["dimension"] == "genero"}
    assert gender["F"]["personas"] == "5"
    assert gender["M"]["personas"] == ""
    assert gender["M"]["nota_personas"] == "menos de 5"
    assert gender["M"]["aportes"] == ""
    # Every gender and "Sin dato" is listed, withheld or not.
    assert set(gender) == {"F", "M", "NB", "O", "ND", ""}
    # The open year publishes no breakdown.
    assert not [r for r in rows if r["anio"] == str(this_year()) and r["dimension"] != "total"]


def test_participation_comunas_are_one_row_each_in_the_files(client, data):
    text = body(client.get("/datos/participacion.csv"))
    rows = [
        r for r in csv.DictReader(io.StringIO(text.lstrip("\ufeff"))) if r["dimension"] == "comuna"
    ]
    assert "grupo" not in {row["valor"] for row in rows}
    assert len(rows) > 30  # every comuna of the region, and "other or none"


def test_api_serves_the_same_items(client, data):
    strategic = client.get("/api/v1/indicators/strategic/")
    assert strategic.status_code == 200
    assert_matches(strategic.json(), "StrategicIndicatorList")
    participation = client.get("/api/v1/indicators/participation/")
    assert participation.status_code == 200
    assert_matches(participation.json(), "ParticipationList")
    files = json.loads(body(client.get("/datos/participacion.json")))["items"]
    assert participation.json()["items"] == files


def test_api_is_read_only(client, data):
    response = client.post("/api/v1/indicators/participation/")
    assert response.status_code == 405
    assert response.json()["error"] == "method_not_allowed"
