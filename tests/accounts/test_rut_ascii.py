"""A RUT is written with ASCII digits only (accounts.forms.RutField on common.numbers,
User.clean_fields, User.formatted_rut, the official's search, migration 0004).

localflavor's CLRutField took fullwidth and Arabic-Indic digits (a check digit "K" or an
ASCII check digit passes its test), so the same RUT could be stored again in another
spelling next to the account that holds it, escaping the unique constraint."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from accounts.forms import RutField
from accounts.models import User
from tests.conftest import client_for
from tests.digits import arabic_indic, fullwidth
from tests.factories import UserFactory

INVALID = "Escribe un RUT válido, por ejemplo 12.345.678-5."
# Copies of 12.345.678-5 and 10.000.013-K that localflavor's CLRutField accepted.
LOOKALIKES = [
    fullwidth("12.345.678") + "-5",
    arabic_indic("12345678") + "-5",
    fullwidth("10.000.013") + "-K",
    arabic_indic("10000013") + "-k",
]


@pytest.mark.parametrize("typed", LOOKALIKES)
def test_the_rut_field_refuses_other_digits(typed):
    with pytest.raises(ValidationError) as error:
        RutField(required=False).clean(typed)
    assert error.value.messages == [INVALID]


@pytest.mark.parametrize("typed", LOOKALIKES[:2])
def test_a_lookalike_of_another_accounts_rut_is_not_stored(resident, other_resident, typed):
    other_resident.rut = "12345678-5"
    other_resident.save()
    client = client_for(resident)
    data = {
        "display_name": "Camila",
        "comuna": "05101",
        "gender": "",
        "age_range": "",
        "rut": typed,
        "email_frequency": "daily",
    }
    response = client.post("/cuenta/perfil/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert INVALID in html
    assert "Revisa los campos marcados: no se guardó nada todavía." in html
    resident.refresh_from_db()
    assert (resident.rut, resident.claimed_rut) == (None, "")

    # The same form with ASCII digits is saved (as a claim: see test_profile_rut.py).
    assert client.post("/cuenta/perfil/", {**data, "rut": "12.345.678-5"}).status_code == 302


def test_the_search_never_finds_a_person_by_a_lookalike(official_client):
    UserFactory(email="ascii@ejemplo.cl", rut="12345678-5")
    # Stored before this fix, by the old field.
    UserFactory(email="ancho@ejemplo.cl", rut=fullwidth("12345678") + "-5")
    for query in (fullwidth("12.345.678") + "-5", fullwidth("12345678") + "-5"):
        html = official_client.get("/cuenta/verificacion/", {"q": query}).content.decode()
        # Not a RUT at all: refused before any search (test_verification_rut.py).
        assert "RUT inválido" in html
        assert "ascii@ejemplo.cl" not in html
        assert "ancho@ejemplo.cl" not in html

    for query in ("12.345.678-5", "123456785", "12345678-5", " 12.345.678-5 "):
        html = official_client.get("/cuenta/verificacion/", {"q": query}).content.decode()
        assert "<dd>ascii@ejemplo.cl</dd>" in html
        assert "ancho@ejemplo.cl" not in html


def test_a_stored_lookalike_is_shown_as_stored_not_as_the_rut_it_resembles():
    stored = fullwidth("12345678") + "-5"
    assert User(rut=stored).formatted_rut == stored
    assert User(rut="12345678-5").formatted_rut == "12.345.678-5"


def test_a_rut_typed_in_the_admin_is_stored_in_its_one_form(db):
    person = UserFactory()
    others = [f.name for f in User._meta.fields if f.name != "rut"]
    person.rut = "12.345.678-5"
    person.clean_fields(exclude=others)
    assert person.rut == "12345678-5"
    person.rut = ""
    person.clean_fields(exclude=others)
    assert person.rut is None
    for typed in [*LOOKALIKES, "12.345.678-6"]:
        person.rut = typed
        with pytest.raises(ValidationError) as error:
            person.clean_fields(exclude=others)
        assert error.value.message_dict == {"rut": [INVALID]}


def test_the_migration_writes_stored_ruts_in_ascii(db, caplog):
    migration = importlib.import_module("accounts.migrations.0004_user_claimed_rut")
    free = UserFactory(rut=fullwidth("11111111") + "-1")
    held = UserFactory(rut="12345678-5")
    copy = UserFactory(rut=arabic_indic("12345678") + "-5")
    verified_copy_of = UserFactory(rut="10000013-K")
    verified_copy = UserFactory(rut=fullwidth("10000013") + "-K", is_verified_resident=True)
    migration.normalise_ruts(apps, None)
    for person in (free, held, copy, verified_copy_of, verified_copy):
        person.refresh_from_db()
    assert free.rut == "11111111-1"
    assert held.rut == "12345678-5"
    assert (copy.rut, copy.claimed_rut) == (None, "12345678-5")
    assert verified_copy.rut == fullwidth("10000013") + "-K"  # left for an administrator
    assert f"User {verified_copy.pk}: verified with a RUT" in caplog.text
