"""accounts.names: public names that could pass for the government or its staff are
refused at sign-up (/cuenta/signup/) and in the profile (/cuenta/perfil/), and every
account has a short tag that tells apart people with the same name."""

import re

import pytest
from django.test import Client

from accounts.models import User
from accounts.names import public_name_refusal, public_suffix
from tests.conftest import client_for
from tests.factories import UserFactory

SIGNUP = "/cuenta/signup/"
PROFILE = "/cuenta/perfil/"


def signup_data(**overrides) -> dict:
    return {
        "display_name": "Valentina",
        "email": "valentina@ejemplo.cl",
        "password1": "una-clave-larga-123",
        "password2": "una-clave-larga-123",
        "accept_privacy": "on",
        **overrides,
    }


def profile_data(**overrides) -> dict:
    return {"display_name": "Camila", "email_frequency": "daily", **overrides}


def field_errors(response, field: str) -> list[str]:
    html = response.content.decode()
    found = re.search(rf'<ul class="errorlist[^"]*" id="id_{field}_error">(.*?)</ul>', html, re.S)
    return re.findall(r"<li>(.*?)</li>", found.group(1)) if found else []


def test_signup_refuses_a_division_acronym_and_keeps_what_was_typed(client, paula):
    response = client.post(SIGNUP, signup_data(display_name="Paula Contreras (DIPLADE)"))
    assert response.status_code == 200
    assert not User.objects.filter(email="valentina@ejemplo.cl").exists()
    [error] = field_errors(response, "display_name")
    assert "no puede incluir «DIPLADE»" in error
    html = response.content.decode()
    assert 'value="Paula Contreras (DIPLADE)"' in html
    assert 'value="valentina@ejemplo.cl"' in html
    # The same form with an ordinary name goes through: the refusal came from the name.
    response = client.post(SIGNUP, signup_data(display_name="Paula Contreras Soto"))
    assert response.status_code == 302
    assert User.objects.get(email="valentina@ejemplo.cl").display_name == "Paula Contreras Soto"


@pytest.mark.parametrize(
    "typed",
    [
        "paula   CONTRERAS",  # a staff member's exact name, whatever the case and spaces
        "Páula Contréras",  # or the accents
        "Paula.Contreras",
    ],
)
def test_signup_refuses_a_staff_members_exact_name(client, paula, typed):
    response = client.post(SIGNUP, signup_data(display_name=typed))
    assert response.status_code == 200
    assert "nombre público de una persona del equipo" in field_errors(response, "display_name")[0]


@pytest.mark.parametrize(
    ("typed", "word"),
    [
        ("Gobierno Regional", "Gobierno Regional"),
        ("gobierno  regional de valparaiso", "Gobierno Regional"),
        ("G.O.R.E. Valparaíso", "GORE"),
        ("Moderacion", "Moderación"),
        ("La Administración", "Administración"),
        ("Oficial Pérez", "Oficial"),
        ("Juan (diplade)", "DIPLADE"),
        ("D I P L A D E", "DIPLADE"),
        ("Vecinos de la División de Planificación y Desarrollo Regional", "División de"),
    ],
)
def test_reserved_words_are_refused_however_they_are_written(diplade, typed, word):
    refusal = public_name_refusal(typed)
    assert refusal is not None
    assert f"«{word}" in str(refusal)


@pytest.mark.parametrize(
    "typed", ["Gorena Díaz", "Diego Oficialdegui", "Paula Contreras Soto", "Camila Rojas"]
)
def test_ordinary_names_pass(paula, typed):
    # Words are compared whole: "Gorena" is not "GORE".
    assert public_name_refusal(typed) is None


def test_names_of_people_who_left_or_are_not_staff_are_free(diplade):
    UserFactory(display_name="Jorge Muñoz")
    UserFactory(display_name="Ana Pérez", is_moderator=True, is_active=False)
    assert public_name_refusal("Jorge Muñoz") is None
    assert public_name_refusal("Ana Pérez") is None


def test_profile_refuses_an_imitation_and_keeps_what_was_typed(resident, paula):
    client = client_for(resident)
    response = client.post(PROFILE, profile_data(display_name="Paula Contreras (DIPLADE)"))
    assert response.status_code == 200
    assert "no puede incluir «DIPLADE»" in field_errors(response, "display_name")[0]
    assert 'value="Paula Contreras (DIPLADE)"' in response.content.decode()
    resident.refresh_from_db()
    assert resident.display_name == "Camila"
    response = client.post(PROFILE, profile_data(display_name="Camila Rojas"))
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.display_name == "Camila Rojas"


def test_staff_keep_their_own_names(paula):
    # An official's name is set by the team and shown with their division's badge.
    client = client_for(paula)
    response = client.post(PROFILE, profile_data(display_name="Paula Contreras (DIPLADE)"))
    assert response.status_code == 302
    paula.refresh_from_db()
    assert paula.display_name == "Paula Contreras (DIPLADE)"


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.post(PROFILE, profile_data(display_name="GORE"))
    assert response.status_code == 302
    assert response.url.startswith("/cuenta/login/")


def test_the_refusal_costs_two_queries(django_assert_num_queries, paula):
    with django_assert_num_queries(2):  # divisions, staff names
        assert public_name_refusal("Paula Contreras") is not None


def test_suffix_is_short_stable_and_not_the_id(db):
    first, second = UserFactory(display_name="Paula"), UserFactory(display_name="Paula")
    assert re.fullmatch(r"[0-9A-F]{4}", first.public_suffix)
    assert (
        first.public_suffix
        == public_suffix(first.pk)
        == User.objects.get(pk=first.pk).public_suffix
    )
    assert first.public_suffix != second.public_suffix
    # Consecutive accounts do not get consecutive tags.
    assert abs(int(first.public_suffix, 16) - int(second.public_suffix, 16)) != 1


def test_deleted_accounts_have_no_suffix_nor_mark(db):
    from django.utils import timezone

    person = UserFactory(rut="11111111-1", is_verified_resident=True)
    person.deleted_at = timezone.now()
    assert person.public_suffix == ""
    assert not person.shows_verified_mark


def test_sign_up_page_still_works_for_anonymous_visitors(db):
    assert Client().get(SIGNUP).status_code == 200
