"""accounts.views.profile: /cuenta/perfil/ (GET shows the form, POST saves it)."""

import re

import pytest
from django.contrib.messages import get_messages

from accounts.models import Comuna, User
from tests.conftest import client_for
from tests.factories import NotificationFactory, UserFactory

URL = "/cuenta/perfil/"


def valid_data(**overrides) -> dict:
    data = {
        "display_name": "Camila Rojas",
        "comuna": "05109",  # Viña del Mar
        "gender": "F",
        "age_range": "30-44",
        "rut": "12.345.678-5",
        "email_frequency": "immediate",
    }
    data.update(overrides)
    return data


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def optgroup_labels(html: str) -> list[str]:
    return re.findall(r'<optgroup label="([^"]+)">', html)


def test_resident_sees_their_profile_in_spanish(resident_client):
    response = resident_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Mi perfil</h1>" in html
    assert 'value="Camila"' in html
    assert "Residencia sin verificar" in html
    # The resident's comuna (Valparaíso, 05101) is preselected.
    assert '<option value="05101" selected>Valparaíso</option>' in html


def test_a_verified_resident_reads_it_in_neutral_words(resident, resident_client):
    resident.rut = "12345678-5"
    resident.is_verified_resident = True
    resident.save()
    html = resident_client.get(URL).content.decode()
    assert "Residencia verificada" in html
    assert "Residente verificado" not in html


def test_resident_saves_their_profile(resident, resident_client):
    response = resident_client.post(URL, valid_data())
    assert response.status_code == 302
    assert response.url == URL
    assert messages_of(response) == ["Tu perfil quedó guardado."]
    resident.refresh_from_db()
    assert resident.display_name == "Camila Rojas"
    assert resident.comuna_id == "05109"
    assert resident.gender == "F"
    assert resident.age_range == "30-44"
    assert resident.rut == "12345678-5"
    assert resident.email_frequency == User.EmailFrequency.IMMEDIATE


def test_unverified_resident_with_a_rut_is_not_asked_to_add_it_again(resident, resident_client):
    asks = "Agrega tu RUT y acércate con tu cédula"
    assert asks in resident_client.get(URL).content.decode()
    User.objects.filter(pk=resident.pk).update(rut="12345678-5")
    html = resident_client.get(URL).content.decode()
    assert asks not in html
    assert "Ya registraste tu RUT: acércate con tu cédula" in html


def test_resident_can_clear_the_optional_fields(resident, resident_client):
    resident.rut = "12345678-5"
    resident.gender = "F"
    resident.save()
    response = resident_client.post(
        URL, valid_data(comuna="", gender="", age_range="", rut="", email_frequency="never")
    )
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.comuna is None
    assert resident.gender == ""
    assert resident.age_range == ""
    # Blank RUT is stored as NULL, so many people can leave it empty (unique column).
    assert resident.rut is None


def test_display_name_spaces_are_collapsed(resident, resident_client):
    resident_client.post(URL, valid_data(display_name="  Camila    Rojas  "))
    resident.refresh_from_db()
    assert resident.display_name == "Camila Rojas"


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_profile_refuses_other_methods(resident_client, method):
    assert getattr(resident_client, method)(URL).status_code == 405


def test_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url == "/cuenta/login/?next=/cuenta/perfil/"
    response = client.post(URL, valid_data())
    assert response.status_code == 302
    assert response.url.startswith("/cuenta/login/")


def test_resident_cannot_grant_themselves_roles_or_change_their_email(resident, resident_client):
    # The profile is always the signed-in person's own (no pk in the URL, so no outsider
    # case); the outsider risk is mass assignment of fields the form does not expose.
    data = valid_data(
        email="otro@ejemplo.cl",
        is_moderator="on",
        is_official="on",
        is_staff="on",
        is_verified_resident="on",
        language="en",
    )
    response = resident_client.post(URL, data)
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.email == "camila@ejemplo.cl"
    assert not resident.is_moderator
    assert not resident.is_official
    assert not resident.is_staff
    assert not resident.is_verified_resident
    assert resident.language == "es-cl"


def test_short_display_name_is_refused_in_spanish_and_nothing_is_lost(resident, resident_client):
    response = resident_client.post(URL, valid_data(display_name=" x "))
    assert response.status_code == 200
    html = response.content.decode()
    assert "El nombre público debe tener al menos 2 caracteres." in html
    assert "Revisa los campos marcados: no se guardó nada todavía." in html
    # What the person typed comes back in the form.
    assert '<option value="05109" selected>Viña del Mar</option>' in html
    assert 'value="12.345.678-5"' in html
    assert '<option value="F" selected>Femenino</option>' in html
    assert 'value="immediate" required id="id_email_frequency_0" checked' in html
    resident.refresh_from_db()
    assert resident.display_name == "Camila"
    assert resident.rut is None

    # The same request with a valid name goes through.
    response = resident_client.post(URL, valid_data())
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.display_name == "Camila Rojas"


def test_unknown_comuna_is_refused(resident, resident_client):
    response = resident_client.post(URL, valid_data(comuna="99999"))
    assert response.status_code == 200
    assert "Elige una opción válida." in response.content.decode()
    resident.refresh_from_db()
    assert resident.comuna_id == "05101"


def test_rut_with_a_wrong_check_digit_is_refused(resident, resident_client):
    response = resident_client.post(URL, valid_data(rut="12.345.678-6"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "El RUT no es válido: el dígito verificador no corresponde." in html
    assert 'value="12.345.678-6"' in html
    resident.refresh_from_db()
    assert resident.rut is None


def test_garbage_rut_is_refused(resident, resident_client):
    response = resident_client.post(URL, valid_data(rut="no tengo"))
    assert response.status_code == 200
    assert "Escribe un RUT válido, por ejemplo 12.345.678-5." in response.content.decode()
    resident.refresh_from_db()
    assert resident.rut is None


@pytest.mark.parametrize("typed", ["12.345.678-5", "12345678-5", "123456785", "12.345.6785"])
def test_rut_is_stored_without_dots_and_with_dash(resident, resident_client, typed):
    resident_client.post(URL, valid_data(rut=typed))
    resident.refresh_from_db()
    assert resident.rut == "12345678-5"


# A RUT another account holds: tests/accounts/test_profile_rut.py (the profile must not
# tell whether it has an account).


def test_resident_may_save_their_own_rut_again(resident, resident_client):
    resident.rut = "12345678-5"
    resident.save()
    response = resident_client.post(URL, valid_data(rut="12345678-5"))
    assert response.status_code == 302


def test_verified_resident_cannot_change_their_rut(resident, resident_client):
    resident.rut = "12345678-5"
    resident.is_verified_resident = True
    resident.save()
    response = resident_client.get(URL)
    assert "Tu RUT ya fue verificado; para cambiarlo acércate a una oficina." in (
        response.content.decode()
    )
    response = resident_client.post(URL, valid_data(rut="11.111.111-1"))
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.rut == "12345678-5"
    assert resident.display_name == "Camila Rojas"


def test_comunas_of_the_deployment_region_come_first(resident_client, settings):
    html = resident_client.get(URL).content.decode()
    labels = optgroup_labels(html)
    assert len(labels) == 16
    assert labels[0] == "Valparaíso"
    # The others follow in CUT order: Tarapacá (01) is next.
    assert labels[1] == "Tarapacá"

    settings.CABILDO_REGION_CODE = "13"
    html = resident_client.get(URL).content.decode()
    assert optgroup_labels(html)[0] == "Metropolitana de Santiago"


def test_every_comuna_is_offered(resident_client):
    html = resident_client.get(URL).content.decode()
    offered = set(re.findall(r'<option value="(\d{5})"', html))
    assert offered == set(Comuna.objects.values_list("cut", flat=True))
    assert len(offered) == 346


@pytest.mark.parametrize("count", [3, 30])
def test_profile_page_queries_do_not_grow_with_data(resident, django_assert_max_num_queries, count):
    NotificationFactory.create_batch(count, recipient=resident)
    UserFactory.create_batch(3)
    client = client_for(resident)
    # 1. session, 2. user, 3. unread notification count (header).
    # Comuna choices come from the territory file, not the database.
    with django_assert_max_num_queries(3):
        response = client.get(URL)
    assert response.status_code == 200
