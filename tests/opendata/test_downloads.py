"""opendata.views.download_dataset: /datos/<dataset>.csv and .json.

The JSON files validate against the OpenAPI document's dataset schemas (closed schemas:
no field the document does not list, so nothing about people); hidden content and
personal data never appear in any file.
"""

import csv
import io
import json

import pytest

from consultations.datasets import (
    BATCH,
    CONSULTATION_COLUMNS,
    PROPOSAL_COLUMNS,
    SURVEY_COLUMNS,
)
from consultations.models import Consultation, Proposal
from tests.opendata.openapi_helpers import assert_matches

FILES = [
    f"/datos/{slug}.{ext}"
    for slug in ("consultas", "propuestas", "encuestas")
    for ext in ("csv", "json")
]


def body(response) -> str:
    assert response.streaming  # large files are written as the rows arrive
    return b"".join(response.streaming_content).decode("utf-8")


def read_csv(response) -> list[dict[str, str]]:
    text = body(response)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def read_json(response) -> dict:
    return json.loads(body(response))


def test_consultations_csv_and_json(world, client):
    response = client.get("/datos/consultas.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="cabildo-consultas-')
    rows = read_csv(response)
    assert list(rows[0]) == CONSULTATION_COLUMNS
    assert [row["slug"] for row in rows] == ["cultura", "ciclovias"]
    cultura = rows[0]
    assert cultura["proposal_count"] == "3"  # answered, withdrawn, draft-answered
    assert cultura["support_count"] == "2"
    assert cultura["topics"] == "Cultura"
    assert cultura["phase_results_starts_at"]
    assert cultura["survey_title"] == "Encuesta de movilidad"

    data = read_json(client.get("/datos/consultas.json"))
    assert_matches(data, "ConsultationDataset")
    assert [item["slug"] for item in data["items"]] == ["cultura", "ciclovias"]
    assert data["items"][1]["survey"]["results_public"] is False


def test_proposals_csv_and_json(world, client):
    rows = read_csv(client.get("/datos/propuestas.csv"))
    assert list(rows[0]) == PROPOSAL_COLUMNS
    by_title = {row["title"]: row for row in rows}
    assert set(by_title) == {
        "Biblioteca móvil rural",
        "Propuesta retirada",
        "Propuesta con respuesta en borrador",
    }
    answered = by_title["Biblioteca móvil rural"]
    assert answered["text"] == "Un bus con libros & talleres."
    assert answered["state"] == "accepted"
    assert answered["support_count"] == "2"
    assert (answered["comuna_cut"], answered["comuna"]) == ("05101", "Valparaíso")
    assert answered["topics"] == "Cultura;Ruralidad"
    assert answered["answer_text"] == "La incluimos en el plan 2027."
    assert answered["answer_estimated_cost_clp"] == "50000000"
    assert by_title["Propuesta retirada"]["withdrawn"] == "true"
    assert by_title["Propuesta con respuesta en borrador"]["answer_state"] == ""

    data = read_json(client.get("/datos/propuestas.json"))
    assert_matches(data, "ProposalDataset")
    assert len(data["items"]) == 3


def test_survey_aggregates_csv_and_json(world, client):
    rows = read_csv(client.get("/datos/encuestas.csv"))
    assert list(rows[0]) == SURVEY_COLUMNS
    # Only the closed survey: the open one's results are not public yet.
    assert {row["consultation"] for row in rows} == {"cultura"}
    bus = next(row for row in rows if row["option"] == "Bus")
    assert (bus["count"], bus["percent"], bus["respondents"]) == ("2", "33.3", "6")
    short = next(row for row in rows if row["kind"] == "short")
    assert short["count"] == "3"  # how many answered, never what they wrote

    data = read_json(client.get("/datos/encuestas.json"))
    assert_matches(data, "SurveyResultsDataset")
    assert [item["consultation"] for item in data["items"]] == ["cultura"]
    assert data["items"][0]["response_count"] == 6


@pytest.mark.parametrize("url", FILES)
def test_hidden_content_and_personal_data_never_leak(world, client, url):
    text = body(client.get(url))
    world.assert_nothing_private(text)
    assert "author" not in text
    assert "@" not in text


def test_a_consultation_becoming_draft_takes_its_rows_with_it(world, client):
    Consultation.objects.filter(pk=world.cultura.pk).update(status=Consultation.Status.DRAFT)
    for url in FILES:
        assert "Política regional de cultura" not in body(client.get(url))
        assert "Biblioteca móvil rural" not in body(client.get(url))


def test_unknown_dataset_is_not_found(client, db):
    assert client.get("/datos/personas.csv").status_code == 404
    assert client.get("/datos/personas.json").status_code == 404


@pytest.mark.parametrize("url", FILES)
def test_downloads_refuse_post(client, db, url):
    assert client.post(url).status_code == 405


def test_proposals_stream_in_chunks_past_the_chunk_size(client, db):
    from tests.consultations.factories import consultation_in
    from tests.factories import UserFactory

    consultation = consultation_in("results", slug="grande")
    author = UserFactory()
    Proposal.objects.bulk_create(
        Proposal(consultation=consultation, author=author, title=f"P{i}", body="<p>x</p>")
        for i in range(BATCH + 5)
    )
    response = client.get("/datos/propuestas.json")
    data = read_json(response)
    ids = [item["id"] for item in data["items"]]
    assert len(ids) == BATCH + 5
    assert ids == sorted(ids)
    rows = read_csv(client.get("/datos/propuestas.csv"))
    assert len(rows) == BATCH + 5


def test_formula_like_text_is_neutralised_for_spreadsheets(client, db):
    from tests.consultations.factories import ProposalFactory, consultation_in

    consultation = consultation_in("results", slug="c")
    ProposalFactory(consultation=consultation, title='=HYPERLINK("http://malo.example","clic")')
    ProposalFactory(consultation=consultation, title="-2+3")
    rows = read_csv(client.get("/datos/propuestas.csv"))
    assert {row["title"] for row in rows} == {
        '\'=HYPERLINK("http://malo.example","clic")',
        "'-2+3",
    }
    # The JSON keeps the text as written.
    titles = {item["title"] for item in read_json(client.get("/datos/propuestas.json"))["items"]}
    assert '=HYPERLINK("http://malo.example","clic")' in titles


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
async def test_under_asgi_files_stream_in_batches_without_warnings(async_client):
    from asgiref.sync import sync_to_async

    from tests.consultations.factories import ProposalFactory, consultation_in

    @sync_to_async
    def build() -> None:
        consultation = consultation_in("results", slug="c")
        for index in range(3):
            ProposalFactory(consultation=consultation, title=f"Propuesta {index}")

    await build()
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # Django warns when it must buffer a sync iterator
        response = await async_client.get("/datos/propuestas.csv")
        assert response.status_code == 200
        parts = [part async for part in response.streaming_content]
    text = b"".join(parts).decode("utf-8")
    assert text.count("Propuesta ") == 3
