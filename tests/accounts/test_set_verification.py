"""accounts.views.set_verification (do_set_verified_resident): POST /cuenta/verificacion/<pk>/."""

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from accounts.models import Notification
from tests.conftest import client_for, login_next
from tests.factories import UserFactory


@pytest.fixture
def resident_with_rut(resident):
    resident.rut = "12345678-5"
    resident.save()
    return resident


# The page sends the RUT the official saw, to be compared with the person's under lock
# (tests/accounts/test_verification_race.py).
VERIFY = {"verified": "1", "rut": "12345678-5", "comuna": "05101"}


def url_for(person) -> str:
    return f"/cuenta/verificacion/{person.pk}/"


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_official_verifies_a_resident_who_gets_notified_at_once(
    resident_with_rut, official, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(official).post(url_for(resident_with_rut), VERIFY)
    assert response.status_code == 302
    assert response.url == "/cuenta/verificacion/?q=camila%40ejemplo.cl"
    assert messages_of(response) == ["Verificaste la residencia de Camila en Valparaíso."]

    resident_with_rut.refresh_from_db()
    assert resident_with_rut.is_verified_resident
    assert resident_with_rut.verified_by == official
    assert resident_with_rut.verified_at is not None
    # The comuna the page showed is where the residence was verified.
    assert resident_with_rut.verified_comuna_id == "05101"

    notification = Notification.objects.get(recipient=resident_with_rut)
    assert notification.kind == "account.verified"
    assert notification.subject == "Tu cuenta fue verificada como residente"
    assert notification.body == (
        "Tu residencia quedó verificada en Valparaíso: ahora puedes participar en los "
        "procesos para residentes verificados de esa comuna y de la región."
    )
    assert notification.is_urgent
    # Urgent: the e-mail goes now even though Camila chose a daily digest.
    assert resident_with_rut.email_frequency == "daily"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["camila@ejemplo.cl"]
    assert mailoutbox[0].subject == "[Cabildo] Tu cuenta fue verificada como residente"


def test_official_revokes_a_verification(
    resident_with_rut, official, django_capture_on_commit_callbacks, mailoutbox
):
    resident_with_rut.is_verified_resident = True
    resident_with_rut.verified_at = timezone.now()
    resident_with_rut.verified_comuna_id = "05101"
    resident_with_rut.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(official).post(url_for(resident_with_rut), {"verified": "0"})
    assert response.status_code == 302
    assert messages_of(response) == ["Se retiró la verificación de Camila."]
    resident_with_rut.refresh_from_db()
    assert not resident_with_rut.is_verified_resident
    assert resident_with_rut.verified_at is None
    assert resident_with_rut.verified_by is None
    assert resident_with_rut.verified_comuna is None
    notification = Notification.objects.get(recipient=resident_with_rut)
    assert notification.kind == "account.unverified"
    assert notification.subject == "Tu verificación como residente fue retirada"
    assert len(mailoutbox) == 1


def test_verifying_twice_notifies_once(resident_with_rut, official):
    client = client_for(official)
    client.post(url_for(resident_with_rut), VERIFY)
    response = client.post(url_for(resident_with_rut), VERIFY)
    assert response.status_code == 302
    assert Notification.objects.filter(recipient=resident_with_rut).count() == 1


def test_a_person_without_rut_cannot_be_verified(resident, official):
    client = client_for(official)
    response = client.post(url_for(resident), VERIFY)
    assert response.status_code == 400
    html = response.content.decode()
    assert (
        "Esta persona no ha registrado su RUT. Pídele que lo agregue en su perfil antes de "
        "verificarla." in html
    )
    # The page shows the person again, with the search filled in.
    assert "<dd>camila@ejemplo.cl</dd>" in html
    assert 'value="camila@ejemplo.cl"' in html
    # No "Verificar" button to press again: the page says why instead.
    assert 'name="verified"' not in html
    assert "Sin RUT registrado: pídele que lo agregue en su perfil" in html
    resident.refresh_from_db()
    assert not resident.is_verified_resident
    assert not Notification.objects.filter(recipient=resident).exists()

    # Once the person has added their RUT, the same request works.
    resident.rut = "12345678-5"
    resident.save()
    response = client.post(url_for(resident), VERIFY)
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.is_verified_resident


@pytest.mark.parametrize("value", ["", "2", "sí"])
def test_a_malformed_choice_is_refused(resident_with_rut, official, value):
    response = client_for(official).post(url_for(resident_with_rut), {"verified": value})
    assert response.status_code == 400
    resident_with_rut.refresh_from_db()
    assert not resident_with_rut.is_verified_resident


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_setting_verification_needs_post(resident_with_rut, official_client, method):
    assert getattr(official_client, method)(url_for(resident_with_rut)).status_code == 405


def test_anonymous_visitor_is_sent_to_login(client, resident_with_rut):
    response = client.post(url_for(resident_with_rut), VERIFY)
    assert login_next(response) == "/cuenta/verificacion/"
    resident_with_rut.refresh_from_db()
    assert not resident_with_rut.is_verified_resident


@pytest.mark.parametrize("persona", ["resident", "other_resident", "cosoc_member", "moderator"])
def test_people_who_are_not_officials_cannot_verify(request, resident_with_rut, official, persona):
    response = client_for(request.getfixturevalue(persona)).post(url_for(resident_with_rut), VERIFY)
    assert response.status_code == 403
    resident_with_rut.refresh_from_db()
    assert not resident_with_rut.is_verified_resident

    # The same request by an official works: the refusal came from the role.
    client_for(official).post(url_for(resident_with_rut), VERIFY)
    resident_with_rut.refresh_from_db()
    assert resident_with_rut.is_verified_resident


def test_official_without_2fa_is_sent_to_set_it_up(resident_with_rut, official_without_2fa):
    response = client_for(official_without_2fa).post(url_for(resident_with_rut), VERIFY)
    assert response.status_code == 302
    assert response.url == "/cuenta/2fa/totp/activate/"
    resident_with_rut.refresh_from_db()
    assert not resident_with_rut.is_verified_resident


def test_a_deleted_or_missing_account_is_not_found(official_client):
    deleted = UserFactory(
        rut="11111111-1", deleted_at=timezone.now(), is_active=False, display_name=""
    )
    assert official_client.post(url_for(deleted), VERIFY).status_code == 404
    assert official_client.post("/cuenta/verificacion/999999/", VERIFY).status_code == (404)
    deleted.refresh_from_db()
    assert not deleted.is_verified_resident
