"""accounts.views.verification: /cuenta/verificacion/, an official's search for a person."""

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from tests.conftest import client_for
from tests.factories import UserFactory

URL = "/cuenta/verificacion/"


@pytest.fixture
def resident_with_rut(resident):
    resident.rut = "12345678-5"
    resident.save()
    return resident


def search(client, query: str):
    return client.get(URL, {"q": query})


def test_official_sees_the_search_form(official_client):
    response = official_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Verificar residentes</h1>" in html
    assert "RUT o correo electrónico" in html
    # No search yet, so no results section.
    assert "Resultados" not in html


@pytest.mark.parametrize(
    "query", ["12.345.678-5", "12345678-5", "123456785", "12.345.6785", " 12.345.678-5 "]
)
def test_official_finds_a_person_by_rut_in_any_format(resident_with_rut, official_client, query):
    response = search(official_client, query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<dd>camila@ejemplo.cl</dd>" in html
    assert "<dd>12.345.678-5</dd>" in html
    assert "<dd>Valparaíso</dd>" in html
    assert "Sin verificar" in html
    assert f'action="/cuenta/verificacion/{resident_with_rut.pk}/"' in html


def test_official_finds_a_rut_ending_in_k_written_lowercase(resident, official_client):
    resident.rut = "10000013-K"
    resident.save()
    html = search(official_client, "10.000.013-k").content.decode()
    assert "<dd>camila@ejemplo.cl</dd>" in html
    assert "<dd>10.000.013-K</dd>" in html


def test_each_person_is_a_card_with_labelled_facts(resident_with_rut, official_client):
    # A list of cards rather than a wide table: on a phone everything, the button too,
    # fits the screen (tests/browser/test_accessibility.py checks it at 360 px).
    html = search(official_client, "camila@ejemplo.cl").content.decode()
    assert '<ul class="plain-list people" aria-labelledby="people-title">' in html
    assert '<h3 class="person__name">Camila</h3>' in html
    assert "<div><dt>RUT</dt><dd>12.345.678-5</dd></div>" in html
    assert "<table" not in html


@pytest.mark.parametrize("query", ["camila@ejemplo.cl", "CAMILA@Ejemplo.cl"])
def test_official_finds_a_person_by_email(resident, official_client, query):
    html = search(official_client, query).content.decode()
    assert "<dd>camila@ejemplo.cl</dd>" in html
    assert "<dd>sin RUT</dd>" in html


def test_a_person_without_rut_gets_an_explanation_instead_of_the_button(resident, official_client):
    # Only a registered RUT can be checked against the identity card.
    html = search(official_client, "camila@ejemplo.cl").content.decode()
    assert "Sin RUT registrado: pídele que lo agregue en su perfil para poder verificarla." in html
    assert f'action="/cuenta/verificacion/{resident.pk}/"' not in html
    assert 'name="verified"' not in html


def test_search_does_not_match_partial_values(resident_with_rut, official_client):
    html = search(official_client, "camila").content.decode()
    assert "RUT inválido" in html  # neither an e-mail nor a RUT (test_verification_rut.py)
    assert "camila@ejemplo.cl" not in html
    html = search(official_client, "12345678").content.decode()
    assert "camila@ejemplo.cl" not in html


def test_deleted_and_inactive_accounts_are_not_found(official_client):
    UserFactory(email="borrada@ejemplo.cl", deleted_at=timezone.now(), is_active=False)
    UserFactory(email="inactiva@ejemplo.cl", is_active=False)
    for email in ["borrada@ejemplo.cl", "inactiva@ejemplo.cl"]:
        html = search(official_client, email).content.decode()
        assert "No encontramos a nadie con ese RUT o correo." in html


def test_a_blank_search_asks_for_a_value_and_keeps_the_form(official_client):
    response = search(official_client, "   ")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Este campo es obligatorio." in html
    assert "Resultados" not in html
    # The repeated request with a value works.
    assert "Resultados" in search(official_client, "nadie@ejemplo.cl").content.decode()


def test_an_unfound_query_is_shown_back(official_client):
    html = search(official_client, "99.999.999-9").content.decode()
    assert 'value="99.999.999-9"' in html
    assert "No encontramos a nadie con ese RUT o correo." in html


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_verification_page_refuses_other_methods(official_client, method):
    assert getattr(official_client, method)(URL).status_code == 405


def test_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url == "/cuenta/login/?next=/cuenta/verificacion/"


@pytest.mark.parametrize("persona", ["resident", "cosoc_member", "moderator", "admin"])
def test_people_who_are_not_officials_are_refused(request, db, persona):
    client = client_for(request.getfixturevalue(persona))
    response = search(client, "camila@ejemplo.cl")
    assert response.status_code == 403
    assert "No tienes permiso" in response.content.decode()


def test_official_without_2fa_is_sent_to_set_it_up(official_without_2fa, official):
    response = search(client_for(official_without_2fa), "camila@ejemplo.cl")
    assert response.status_code == 302
    assert response.url == "/cuenta/2fa/totp/activate/"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Para usar tu rol de funcionario debes activar la verificación en dos pasos (TOTP)."
    ]
    # The same search by an official with 2FA works: the refusal came from the 2FA rule.
    assert search(client_for(official), "camila@ejemplo.cl").status_code == 200


def test_only_officials_with_2fa_see_the_link_in_the_header(official, official_without_2fa):
    link = 'href="/cuenta/verificacion/"'
    assert link in client_for(official).get("/").content.decode()
    assert link not in client_for(official_without_2fa).get("/").content.decode()


@pytest.mark.parametrize("others", [3, 30])
def test_search_queries_do_not_grow_with_data(
    resident_with_rut, official, django_assert_max_num_queries, others
):
    UserFactory.create_batch(others)
    client = client_for(official)
    # 1. session, 2. user, 3. TOTP authenticator exists (cached on the user for the
    # header), 4. people found (with their comuna), 5. unread notification count.
    with django_assert_max_num_queries(5):
        response = search(client, "12.345.678-5")
    assert "<dd>camila@ejemplo.cl</dd>" in response.content.decode()
