"""allauth logout (/cuenta/logout/): only a POST ends the session."""

from tests.conftest import client_for

URL = "/cuenta/logout/"


def test_logout_by_post_ends_the_session(resident):
    client = client_for(resident)
    response = client.post(URL)
    assert response.status_code == 302
    assert response.url == "/"
    assert "_auth_user_id" not in client.session
    response = client.get("/cuenta/perfil/")
    assert response.status_code == 302
    assert response.url.startswith("/cuenta/login/")


def test_logout_by_get_only_asks_for_confirmation(resident):
    client = client_for(resident)
    response = client.get(URL)
    assert response.status_code == 200
    assert 'method="post"' in response.content.decode()
    assert "_auth_user_id" in client.session


def test_the_header_offers_logout_as_a_form(resident_client):
    html = resident_client.get("/").content.decode()
    assert '<form method="post" action="/cuenta/logout/"' in html
    assert "Salir</button>" in html
