"""opendata.views.data_index: /datos/ (the list of registered datasets)."""

import pytest


def test_index_lists_every_dataset_with_csv_and_json(client, db):
    response = client.get("/datos/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Datos abiertos</h1>" in html
    for slug in ("consultas", "propuestas", "encuestas"):
        assert f'href="/datos/{slug}.csv"' in html
        assert f'href="/datos/{slug}.json"' in html
    assert 'href="/api/v1/openapi.json"' in html
    assert "Sin datos personales." in html
    assert "CC BY 4.0" in html


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_index_refuses_other_methods(client, db, method):
    assert getattr(client, method)("/datos/").status_code == 405


def test_index_runs_no_query(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/datos/").status_code == 200


def test_signed_in_people_see_the_same_datasets(resident_client):
    assert "Descargar CSV" in resident_client.get("/datos/").content.decode()
