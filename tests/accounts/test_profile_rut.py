"""The RUT in a person's profile (accounts.views.profile, actions.do_set_profile_rut) and
how an official settles a RUT two accounts gave (actions.check_set_verified_resident).

The profile must not tell whether a RUT belongs to another account: anyone could type
RUTs one after another and learn who has an account. A RUT another account holds is kept
aside (``claimed_rut``) and everything the person can see reads as for any other RUT."""

import json
import re

import pytest
from django.contrib.messages import get_messages

from accounts.models import User
from tests.conftest import client_for
from tests.factories import PASSWORD

URL = "/cuenta/perfil/"
VERIFY = "/cuenta/verificacion/{pk}/"


def profile_data(rut: str) -> dict:
    return {
        "display_name": "Camila",
        "comuna": "05101",
        "gender": "",
        "age_range": "",
        "rut": rut,
        "email_frequency": "daily",
    }


def what_the_person_sees(client, rut: str) -> tuple:
    """Everything the person learns from saving ``rut``: the answer, the message, the
    profile page afterwards and their data export."""
    response = client.post(URL, profile_data(rut))
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    # The CSRF token is masked afresh on every page: it is not about the RUT.
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", client.get(URL).content.decode())
    export = json.loads(client.get("/cuenta/privacidad/exportar/").content)
    return (response.status_code, response.url, messages, page, export["account"]["rut"])


@pytest.fixture
def holder(other_resident):
    other_resident.rut = "12345678-5"
    other_resident.save()
    return other_resident


def test_another_accounts_rut_reads_exactly_like_a_free_one(resident, holder):
    client = client_for(resident)
    taken = what_the_person_sees(client, "12.345.678-5")
    resident.refresh_from_db()
    # Not stored as the person's: the unique constraint keeps one account per RUT.
    assert (resident.rut, resident.claimed_rut) == (None, "12345678-5")
    holder.refresh_from_db()
    assert holder.rut == "12345678-5"

    User.objects.filter(pk=resident.pk).update(rut=None, claimed_rut="")
    User.objects.filter(pk=holder.pk).update(rut=None)
    free = what_the_person_sees(client, "12.345.678-5")
    resident.refresh_from_db()
    assert (resident.rut, resident.claimed_rut) == ("12345678-5", "")

    assert taken == free
    status, url, messages, page, exported = taken
    assert (status, url, messages, exported) == (
        302,
        URL,
        ["Tu perfil quedó guardado."],
        "12345678-5",
    )
    assert 'value="12345678-5"' in page
    assert "Ya registraste tu RUT: acércate con tu cédula" in page
    assert "otra cuenta" not in page


def test_a_person_who_claimed_a_rut_may_change_or_clear_it(resident, holder):
    client = client_for(resident)
    client.post(URL, profile_data("12.345.678-5"))
    client.post(URL, profile_data("11.111.111-1"))
    resident.refresh_from_db()
    assert (resident.rut, resident.claimed_rut) == ("11111111-1", "")
    client.post(URL, profile_data("12.345.678-5"))
    client.post(URL, profile_data(""))
    resident.refresh_from_db()
    assert (resident.rut, resident.claimed_rut) == (None, "")


def test_a_claimed_rut_is_taken_once_it_is_free(resident, holder):
    client = client_for(resident)
    client.post(URL, profile_data("12.345.678-5"))
    User.objects.filter(pk=holder.pk).update(rut=None)
    client.post(URL, profile_data("12.345.678-5"))
    resident.refresh_from_db()
    assert (resident.rut, resident.claimed_rut) == ("12345678-5", "")


def test_the_official_finds_both_accounts_and_the_card_settles_it(resident, holder, official):
    client_for(resident).post(URL, profile_data("12.345.678-5"))
    client = client_for(official)
    html = client.get("/cuenta/verificacion/", {"q": "12345678-5"}).content.decode()
    assert "<dd>camila@ejemplo.cl</dd>" in html
    assert "<dd>jorge@ejemplo.cl</dd>" in html
    assert "Este RUT también figura en otra cuenta." in html

    # Camila shows her card: the RUT becomes hers; Jorge's pages read as before.
    response = client.post(
        VERIFY.format(pk=resident.pk), {"verified": "1", "rut": "12345678-5", "comuna": "05101"}
    )
    assert response.status_code == 302
    resident.refresh_from_db()
    holder.refresh_from_db()
    assert (resident.rut, resident.claimed_rut, resident.is_verified_resident) == (
        "12345678-5",
        "",
        True,
    )
    assert (holder.rut, holder.claimed_rut, holder.declared_rut) == (
        None,
        "12345678-5",
        "12345678-5",
    )


def test_a_rut_verified_on_another_account_is_not_moved(resident, holder, official):
    User.objects.filter(pk=holder.pk).update(is_verified_resident=True)
    client_for(resident).post(URL, profile_data("12.345.678-5"))
    response = client_for(official).post(
        VERIFY.format(pk=resident.pk), {"verified": "1", "rut": "12345678-5", "comuna": "05101"}
    )
    assert response.status_code == 409
    assert "Ese RUT ya está verificado en otra cuenta, así que no se verificó." in (
        response.content.decode()
    )
    resident.refresh_from_db()
    holder.refresh_from_db()
    assert (resident.rut, resident.is_verified_resident) == (None, False)
    assert (holder.rut, holder.is_verified_resident) == ("12345678-5", True)


def test_deleting_the_account_clears_a_claimed_rut(resident, holder):
    client = client_for(resident)
    client.post(URL, profile_data("12.345.678-5"))
    client.post("/cuenta/privacidad/eliminar/", {"password": PASSWORD, "confirm": "on"})
    resident.refresh_from_db()
    assert resident.deleted_at is not None
    assert (resident.rut, resident.claimed_rut) == (None, "")
