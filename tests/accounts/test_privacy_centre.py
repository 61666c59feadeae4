"""accounts.views.privacy_centre: /cuenta/privacidad/ (export and deletion, explained)."""

import pytest

from tests.conftest import client_for
from tests.factories import NotificationFactory

URL = "/cuenta/privacidad/"


def test_resident_sees_what_they_can_do_with_their_data(resident_client):
    response = resident_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Mis datos</h1>" in html
    assert 'href="/cuenta/privacidad/exportar/"' in html
    assert "Descargar mis datos (JSON)" in html
    assert 'action="/cuenta/privacidad/eliminar/"' in html
    assert "Tu contraseña actual" in html
    assert "Entiendo que esta acción no se puede deshacer." in html
    # Asked in words that do not assume a gender ("¿Seguro que…?" did).
    assert 'data-confirm="¿Eliminar tu cuenta? No se puede deshacer."' in html


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_privacy_centre_refuses_other_methods(resident_client, method):
    assert getattr(resident_client, method)(URL).status_code == 405


def test_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url == "/cuenta/login/?next=/cuenta/privacidad/"


@pytest.mark.parametrize("count", [3, 30])
def test_privacy_centre_queries_do_not_grow_with_data(
    resident, django_assert_max_num_queries, count
):
    NotificationFactory.create_batch(count, recipient=resident)
    client = client_for(resident)
    # 1. session, 2. user, 3. unread notification count (header).
    with django_assert_max_num_queries(3):
        response = client.get(URL)
    assert response.status_code == 200
