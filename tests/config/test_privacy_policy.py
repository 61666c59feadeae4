"""config.views.privacy_policy: /privacidad/."""

import pytest


def test_privacy_policy_is_public_and_spanish(client, db, django_assert_max_num_queries):
    # Anonymous: nothing to read from the database.
    with django_assert_max_num_queries(0):
        response = client.get("/privacidad/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Política de privacidad</h1>" in html
    assert "Ley 19.628" in html
    assert "Gobierno Regional de Valparaíso" in html
    assert 'href="/cuenta/privacidad/"' not in html


def test_residents_get_a_link_to_their_data(resident_client):
    html = resident_client.get("/privacidad/").content.decode()
    assert "Ir a Mis datos" in html
    assert 'href="/cuenta/privacidad/"' in html


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_privacy_policy_refuses_other_methods(client, db, method):
    assert getattr(client, method)("/privacidad/").status_code == 405
