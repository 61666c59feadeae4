"""accounts.views.delete_account (and do_delete_account): POST /cuenta/privacidad/eliminar/."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.messages import get_messages
from django.test import Client

from accounts import privacy
from accounts.models import Notification, User
from tests.conftest import client_for, login_next
from tests.factories import PASSWORD, NotificationFactory

URL = "/cuenta/privacidad/eliminar/"


def confirmed(**overrides) -> dict:
    return {"password": PASSWORD, "confirm": "on", **overrides}


def test_resident_deletes_their_account_and_it_becomes_a_tombstone(resident, other_resident):
    resident.rut = "12345678-5"
    resident.gender = "F"
    resident.age_range = "30-44"
    resident.is_verified_resident = True
    resident.verified_comuna_id = "05101"
    resident.save()
    NotificationFactory.create_batch(2, recipient=resident)
    NotificationFactory(recipient=other_resident)
    client = client_for(resident)

    response = client.post(URL, confirmed())
    assert response.status_code == 302
    assert response.url == "/"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Tu cuenta fue eliminada. Tus aportes quedan como «Participante eliminado»."
    ]

    tombstone = User.objects.get(pk=resident.pk)
    assert tombstone.public_name == "Participante eliminado"
    assert str(tombstone) == "Participante eliminado"
    assert tombstone.display_name == ""
    assert tombstone.email == f"eliminado-{resident.pk}@cabildo.invalid"
    assert tombstone.rut is None
    assert tombstone.comuna is None
    assert tombstone.gender == ""
    assert tombstone.age_range == ""
    assert not tombstone.is_verified_resident
    assert tombstone.verified_comuna is None
    assert not tombstone.is_active
    assert tombstone.deleted_at is not None
    assert not tombstone.has_usable_password()
    assert not Notification.objects.filter(recipient=tombstone).exists()
    assert not EmailAddress.objects.filter(user=tombstone).exists()
    # Other people's data is untouched.
    assert Notification.objects.filter(recipient=other_resident).count() == 1
    # This session ended.
    assert "_auth_user_id" not in client.session


def test_deleting_a_staff_account_removes_roles_and_second_factor(moderator):
    client_for(moderator).post(URL, confirmed())
    tombstone = User.objects.get(pk=moderator.pk)
    assert not tombstone.is_moderator
    assert not tombstone.is_staff
    assert not Authenticator.objects.filter(user=tombstone).exists()


def test_deleting_ends_the_other_sessions(resident):
    laptop = client_for(resident)
    phone = client_for(resident)
    assert phone.get("/cuenta/perfil/").status_code == 200

    laptop.post(URL, confirmed())

    response = phone.get("/cuenta/perfil/")
    assert response.status_code == 302
    assert response.url.startswith("/cuenta/login/")


def test_a_deleted_account_cannot_log_in_again(resident):
    client_for(resident).post(URL, confirmed())
    for login in ["camila@ejemplo.cl", f"eliminado-{resident.pk}@cabildo.invalid"]:
        client = Client()
        response = client.post("/cuenta/login/", {"login": login, "password": PASSWORD})
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session


def test_the_email_is_free_for_a_new_account(resident, mailoutbox):
    client_for(resident).post(URL, confirmed())
    response = Client().post(
        "/cuenta/signup/",
        {
            "display_name": "Camila otra vez",
            "email": "camila@ejemplo.cl",
            "password1": "una-clave-larga-123",
            "password2": "una-clave-larga-123",
            "accept_privacy": "on",
        },
    )
    assert response.status_code == 302
    assert User.objects.filter(email="camila@ejemplo.cl", is_active=True).exists()


def test_each_apps_anonymiser_runs(resident, monkeypatch):
    seen = []
    monkeypatch.setitem(privacy._anonymisers, "test", lambda user: seen.append(user.pk))
    client_for(resident).post(URL, confirmed())
    assert seen == [resident.pk]


def test_wrong_password_is_refused_in_spanish(resident, resident_client):
    response = resident_client.post(URL, confirmed(password="no-es-mi-clave"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "La contraseña no es correcta." in html
    # The confirmation the person ticked stays ticked; the password is never echoed back.
    assert '<input type="checkbox" name="confirm" required id="id_confirm" checked>' in html
    assert "no-es-mi-clave" not in html
    resident.refresh_from_db()
    assert resident.is_active
    assert resident.deleted_at is None
    assert "_auth_user_id" in resident_client.session

    # The right password goes through: the refusal came from the password check.
    response = resident_client.post(URL, confirmed())
    assert response.status_code == 302
    resident.refresh_from_db()
    assert not resident.is_active


def test_deleting_needs_the_confirmation_box(resident, resident_client):
    response = resident_client.post(URL, {"password": PASSWORD})
    assert response.status_code == 400
    assert "Debes confirmar que entiendes las consecuencias." in response.content.decode()
    resident.refresh_from_db()
    assert resident.is_active


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_deleting_needs_post(resident, resident_client, method):
    assert getattr(resident_client, method)(URL).status_code == 405
    resident.refresh_from_db()
    assert resident.is_active


def test_anonymous_visitor_is_sent_to_login(client, resident):
    assert login_next(client.post(URL, confirmed())) == "/cuenta/privacidad/"
    resident.refresh_from_db()
    assert resident.is_active


def test_one_person_cannot_delete_another(resident, other_resident):
    # Outsider: the form checks the signed-in person's password; Jorge's does not work
    # on Camila's session, and nothing of Jorge's changes.
    other_resident.set_password("la-clave-de-jorge-99")
    other_resident.save()
    response = client_for(resident).post(URL, confirmed(password="la-clave-de-jorge-99"))
    assert response.status_code == 400
    other_resident.refresh_from_db()
    resident.refresh_from_db()
    assert other_resident.is_active
    assert resident.is_active
