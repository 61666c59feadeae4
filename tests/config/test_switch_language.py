"""config.views.switch_language: POST /idioma/ (Django's set_language, remembered)."""

import pytest
from django.test import Client

from accounts.models import User
from tests.conftest import client_for

URL = "/idioma/"


def test_visitor_switches_to_english(client, db):
    response = client.post(URL, {"language": "en", "next": "/privacidad/"})
    assert response.status_code == 302
    assert response.url == "/privacidad/"
    cookie = response.cookies["django_language"]
    assert cookie.value == "en"
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert '<html lang="en">' in client.get("/privacidad/").content.decode()


def test_the_choice_is_remembered_on_the_account(resident):
    client = client_for(resident)
    client.post(URL, {"language": "en", "next": "/"})
    resident.refresh_from_db()
    assert resident.language == "en"
    client.post(URL, {"language": "es-cl", "next": "/"})
    resident.refresh_from_db()
    assert resident.language == "es-cl"
    assert '<html lang="es-CL">' in client.get("/").content.decode()


def test_an_unoffered_language_is_ignored(resident):
    client = client_for(resident)
    response = client.post(URL, {"language": "fr", "next": "/"})
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.language == "es-cl"
    assert '<html lang="es-CL">' in client.get("/").content.decode()
    # A language on offer goes through: the refusal came from the list.
    client.post(URL, {"language": "en", "next": "/"})
    resident.refresh_from_db()
    assert resident.language == "en"


@pytest.mark.parametrize("next_url", ["https://malicioso.example/", "//malicioso.example/"])
def test_an_external_next_is_not_followed(client, db, next_url):
    response = client.post(URL, {"language": "en", "next": next_url})
    assert response.status_code == 302
    assert response.url == "/"


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_switching_needs_post(client, db, method):
    assert getattr(client, method)(URL).status_code == 405


def test_switching_needs_the_csrf_token(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(URL, {"language": "en", "next": "/"})
    assert response.status_code == 403
    assert "django_language" not in response.cookies


def test_another_persons_language_never_changes(resident, other_resident):
    client_for(resident).post(URL, {"language": "en", "next": "/"})
    assert User.objects.get(pk=other_resident.pk).language == "es-cl"


def test_the_header_offers_the_other_language(client, db):
    html = client.get("/").content.decode()
    assert '<button type="submit" name="language" value="en" lang="en"' in html
    client.post(URL, {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert '<button type="submit" name="language" value="es-cl" lang="es-CL"' in html
