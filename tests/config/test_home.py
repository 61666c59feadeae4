import pytest


@pytest.mark.django_db
def test_home_is_spanish_with_an_empty_state(client, django_assert_max_num_queries):
    # Anonymous: no session or user query is needed to render the page.
    with django_assert_max_num_queries(2):
        response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="es-CL">' in html
    assert "Procesos abiertos" in html
    assert "No hay procesos abiertos en este momento." in html
    assert 'href="#contenido"' in html


def test_home_refuses_post(client, db):
    assert client.post("/").status_code == 405


def test_home_answers_head(client, db):
    assert client.head("/").status_code == 200
