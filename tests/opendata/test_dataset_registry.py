"""common.datasets: a dataset that an app registers is listed on /datos/, downloads as CSV
and JSON, and is described in the OpenAPI document; unregistered, it is gone."""

import csv
import io
import json

import pytest
from django.core.exceptions import ImproperlyConfigured

from common.datasets import (
    Dataset,
    ItemSchema,
    dataset_for,
    register_dataset,
    registered_datasets,
    unregister_dataset,
)
from opendata.api.document import openapi_document
from tests.opendata.openapi_helpers import assert_matches

# The apps' own datasets, in INSTALLED_APPS order (planning, then consultations).
APPS_DATASETS = [
    "instrumentos-de-planificacion",
    "destinos-de-aportes",
    "indicador-estrategico",
    "participacion",
    "consultas",
    "propuestas",
    "encuestas",
]


class Sample(ItemSchema):
    id: int
    name: str


ITEMS = [{"id": 1, "name": "=SUMA(A1)"}, {"id": 2, "name": "Ñuble"}]


def sample_dataset(**changes) -> Dataset:
    fields = {
        "slug": "muestras",
        "name": "samples",
        "title": "Muestras de prueba",
        "description": "Un conjunto que solo existe en esta prueba.",
        "columns": ["id", "name"],
        "items": lambda request: iter(ITEMS),
        "csv_rows": lambda item: [[item["id"], item["name"]]],
        "item_schema": Sample,
    }
    return Dataset(**(fields | changes))


@pytest.fixture
def registered():
    dataset = sample_dataset()
    register_dataset(dataset)
    yield dataset
    unregister_dataset(dataset.slug)


def test_a_registered_dataset_is_listed_after_the_apps_own(registered, client, db):
    assert [dataset.slug for dataset in registered_datasets()] == [*APPS_DATASETS, "muestras"]
    response = client.get("/datos/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Muestras de prueba" in html
    assert 'href="/datos/muestras.csv"' in html
    assert 'href="/datos/muestras.json"' in html


def test_it_downloads_as_csv_through_the_safe_writer(registered, client, db):
    response = client.get("/datos/muestras.csv")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="cabildo-muestras-')
    text = b"".join(response.streaming_content).decode()
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows == [["id", "name"], ["1", "'=SUMA(A1)"], ["2", "Ñuble"]]


def test_it_downloads_as_json_described_by_the_document(registered, client, db):
    response = client.get("/datos/muestras.json")
    assert response.status_code == 200
    data = json.loads(b"".join(response.streaming_content))
    assert data["dataset"] == "samples"
    assert data["license"] == "CC-BY-4.0"
    assert data["items"] == ITEMS  # the JSON keeps the text as written
    assert_matches(data, "SampleDataset")
    paths = openapi_document()["paths"]
    assert paths["/datos/muestras.json"]["get"]["operationId"] == "downloadSamples"
    assert paths["/datos/muestras.csv"]["get"]["operationId"] == "downloadSamplesCsv"


def test_an_item_the_schema_does_not_describe_fails_validation(registered, db):
    from jsonschema import ValidationError

    data = {
        "dataset": "samples",
        "license": "CC-BY-4.0",
        "generated_at": "2026-03-03T10:00:00-03:00",
        "items": [{"id": 1, "name": "x", "author": "Alguien"}],
    }
    with pytest.raises(ValidationError):
        assert_matches(data, "SampleDataset")


def test_once_unregistered_it_is_gone(client, db):
    register_dataset(sample_dataset())
    unregister_dataset("muestras")
    assert dataset_for("muestras") is None
    assert "Muestras de prueba" not in client.get("/datos/").content.decode()
    assert client.get("/datos/muestras.csv").status_code == 404
    assert client.get("/datos/muestras.json").status_code == 404
    assert "/datos/muestras.json" not in openapi_document()["paths"]


def test_a_dataset_without_schema_is_described_as_any_object(client, db):
    register_dataset(sample_dataset(item_schema=None))
    try:
        document = openapi_document()
        items = document["components"]["schemas"]["SamplesDataset"]["properties"]["items"]
        assert items == {"type": "array", "items": {"type": "object"}}
    finally:
        unregister_dataset("muestras")


@pytest.mark.parametrize("clash", [{"slug": "propuestas"}, {"name": "proposals"}])
def test_slugs_and_names_stay_unique(db, clash):
    with pytest.raises(ImproperlyConfigured):
        register_dataset(sample_dataset(**clash))
    assert [dataset.slug for dataset in registered_datasets()] == APPS_DATASETS
