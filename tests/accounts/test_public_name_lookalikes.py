"""Public names that imitate the government or its staff with look-alike characters:
letters of another script (a Cyrillic or Greek O), digits for letters ("G0RE"),
invisible characters and compatibility forms. They are refused as the plain spelling
is, at sign-up, in the profile and in the Django admin (for people without a staff
role); names are stored without invisible characters, in their composed (NFKC) form."""

import pytest

from accounts.admin import CabildoUserChangeForm
from accounts.models import User
from accounts.names import public_name_refusal
from tests.accounts.test_public_names import field_errors, signup_data
from tests.conftest import client_for
from tests.factories import UserFactory

SIGNUP = "/cuenta/signup/"
PROFILE = "/cuenta/perfil/"


@pytest.mark.parametrize(
    ("typed", "word"),
    [
        ("\u0413\u041e\u0420\u0415", None),  # Cyrillic "ГОРЕ" reads GOPE: not a look-alike
        ("G\u041eRE Valparaíso", "GORE"),  # Cyrillic capital O
        ("g\u03bfre", "GORE"),  # Greek small omicron
        ("G0RE", "GORE"),  # a zero for the O
        ("D1PLADE", "DIPLADE"),  # a one for the I
        ("DIP\u04cfADE", "DIPLADE"),  # Cyrillic palochka for the L
        ("\u0410dministración", "Administración"),  # Cyrillic capital A
        ("Modera\u0441ión", "Moderación"),  # Cyrillic small es
        ("Rnoderador", "Moderador"),  # "rn" for "m"
        ("Ofi\u0441ial", "Oficial"),
        ("GO\u200bRE", "GORE"),  # a zero-width space inside
        ("D\u00adIPLADE", "DIPLADE"),  # a soft hyphen
        ("\uff27\uff2f\uff32\uff25", "GORE"),  # full-width letters
        ("\U0001d406\U0001d40e\U0001d411\U0001d404", "GORE"),  # mathematical bold
    ],
)
def test_look_alike_reserved_words_are_refused(diplade, typed, word):
    refusal = public_name_refusal(typed)
    if word is None:
        assert refusal is None
    else:
        assert refusal is not None, typed
        assert f"«{word}" in str(refusal)


@pytest.mark.parametrize(
    "typed",
    [
        "Paula Contr\u0435ras",  # Cyrillic small ie
        "P\u0430ula Contreras",  # Cyrillic small a
        "Paula\u200b Contreras",
        "Paula Contreras\u200d",
        "\u202ePaula Contreras",  # a right-to-left override
    ],
)
def test_look_alikes_of_a_staff_members_name_are_refused(client, paula, typed):
    response = client.post(SIGNUP, signup_data(display_name=typed))
    assert response.status_code == 200
    assert "nombre público de una persona del equipo" in field_errors(response, "display_name")[0]
    assert not User.objects.filter(email="valentina@ejemplo.cl").exists()


def test_ordinary_names_in_other_scripts_and_with_digits_pass(paula):
    for typed in ["Ирина Петрова", "Νίκος", "Camila 2", "Lorena Díaz", "Marnie Soto"]:
        assert public_name_refusal(typed) is None, typed


def test_invisible_characters_are_not_stored(client, db):
    response = client.post(
        SIGNUP, signup_data(display_name="Vale\u200bntina\u2066 \u202eRojas\u00ad")
    )
    assert response.status_code == 302
    assert User.objects.get(email="valentina@ejemplo.cl").display_name == "Valentina Rojas"


def test_compatibility_forms_are_stored_composed(resident):
    response = client_for(resident).post(
        PROFILE, {"display_name": "\uff23amila", "email_frequency": "daily"}
    )
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.display_name == "Camila"


def _admin_form(person, **changes):
    data = {
        "email": person.email,
        "display_name": person.display_name,
        "language": person.language,
        "email_frequency": person.email_frequency,
        "date_joined": "2026-01-01 10:00",
        "is_active": "on",
        **changes,
    }
    return CabildoUserChangeForm(data, instance=person)


def test_the_admin_refuses_an_imitation_for_a_resident(paula):
    resident = UserFactory(email="ana@ejemplo.cl", display_name="Ana")
    form = _admin_form(resident, display_name="Paula Contreras (DIPLADE)")
    assert not form.is_valid()
    assert "no puede incluir «DIPLADE»" in form.errors["display_name"][0]
    assert _admin_form(resident, display_name="Ana Rojas").is_valid(), form.errors


def test_the_admin_lets_staff_carry_the_divisions_name(paula, diplade):
    form = _admin_form(
        paula,
        display_name="Paula Contreras (DIPLADE)",
        is_official="on",
        division=str(diplade.pk),
    )
    assert form.is_valid(), form.errors
    # And someone being made an official now may take the name the role goes with.
    resident = UserFactory(email="ana@ejemplo.cl", display_name="Ana")
    form = _admin_form(
        resident, display_name="Ana (DIPLADE)", is_official="on", division=str(diplade.pk)
    )
    assert form.is_valid(), form.errors
