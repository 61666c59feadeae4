"""Verification records the comuna the official checked (accounts.views.set_verification,
actions.check_set_verified_resident): the card sends the profile comuna it shows, the
action compares it under the row lock and stores it as ``User.verified_comuna``."""

import importlib

import pytest
from django.apps import apps
from django.contrib.admin.sites import site
from django.contrib.messages import get_messages
from django.test import RequestFactory

from accounts.models import Notification, User
from tests.conftest import client_for
from tests.factories import UserFactory

SEARCH = "/cuenta/verificacion/"
QUILPUE, OLMUE = "05801", "05803"
COMUNA_CHANGED = (
    "Esta persona cambió la comuna de su perfil mientras la revisabas, así que no se "
    "verificó. Revisa la comuna que aparece ahora y compárala de nuevo con sus documentos."
)
COMUNA_MISSING = (
    "Esta persona no ha indicado su comuna. Pídele que la agregue en su perfil antes de "
    "verificarla: la verificación queda registrada en esa comuna."
)


@pytest.fixture
def camila(db):
    """Camila lives in Quilpué, has typed her RUT and is not verified yet."""
    return UserFactory(
        email="camila.rojas@ejemplo.cl", display_name="Camila", rut="12345678-5", comuna_id=QUILPUE
    )


def url_for(person) -> str:
    return f"/cuenta/verificacion/{person.pk}/"


def verify(comuna: str | None) -> dict:
    data = {"verified": "1", "rut": "12345678-5"}
    return data if comuna is None else {**data, "comuna": comuna}


def card(client, person) -> str:
    return client.get(SEARCH, {"q": person.email}).content.decode()


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_card_sends_the_comuna_it_shows_and_names_it_on_the_button(camila, official_client):
    html = card(official_client, camila)
    assert "<dd>Quilpué</dd>" in html
    assert '<input type="hidden" name="comuna" value="05801">' in html
    assert "Verificar en Quilpué<span" in html


def test_the_official_verifies_the_comuna_on_the_card(camila, official_client):
    response = official_client.post(url_for(camila), verify(QUILPUE))
    assert response.status_code == 302
    assert messages_of(response) == ["Verificaste la residencia de Camila en Quilpué."]
    camila.refresh_from_db()
    assert (camila.is_verified_resident, camila.verified_comuna_id) == (True, QUILPUE)
    assert "Verificada en Quilpué" in card(official_client, camila)


def test_a_comuna_changed_after_the_card_was_shown_is_not_verified(camila, official_client):
    # The official checked Quilpué; meanwhile Camila chose Olmué in her profile.
    User.objects.filter(pk=camila.pk).update(comuna_id=OLMUE)
    response = official_client.post(url_for(camila), verify(QUILPUE))
    assert response.status_code == 409
    html = response.content.decode()
    assert COMUNA_CHANGED in html
    # The card shows her as she is now, with the new comuna to compare.
    assert "<dd>Olmué</dd>" in html
    assert '<input type="hidden" name="comuna" value="05803">' in html
    camila.refresh_from_db()
    assert (camila.is_verified_resident, camila.verified_comuna_id) == (False, None)
    assert not Notification.objects.exists()

    # Compared again, the comuna now shown is the one verified.
    response = official_client.post(url_for(camila), verify(OLMUE))
    assert response.status_code == 302
    camila.refresh_from_db()
    assert (camila.is_verified_resident, camila.verified_comuna_id) == (True, OLMUE)


@pytest.mark.parametrize("sent", [None, "", "99999", "Quilpué"])
def test_a_missing_or_unknown_comuna_is_not_verified(camila, official_client, sent):
    response = official_client.post(url_for(camila), verify(sent))
    assert response.status_code == 409
    assert COMUNA_CHANGED in response.content.decode()
    camila.refresh_from_db()
    assert not camila.is_verified_resident


def test_a_person_without_a_comuna_cannot_be_verified(camila, official_client):
    User.objects.filter(pk=camila.pk).update(comuna=None)
    # The card says why in place of the button.
    html = card(official_client, camila)
    assert (
        "Sin comuna en su perfil: pídele que la indique para poder verificarla (la "
        "verificación queda registrada en esa comuna)." in html
    )
    assert 'name="verified"' not in html

    response = official_client.post(url_for(camila), verify(""))
    assert response.status_code == 400
    assert COMUNA_MISSING in response.content.decode()
    camila.refresh_from_db()
    assert not camila.is_verified_resident

    # Once she names her comuna, the same check works.
    User.objects.filter(pk=camila.pk).update(comuna_id=QUILPUE)
    assert official_client.post(url_for(camila), verify(QUILPUE)).status_code == 302


def test_a_verified_person_who_moved_is_verified_again_in_the_new_comuna(
    camila, official, official_client, mailoutbox, django_capture_on_commit_callbacks
):
    official_client.post(url_for(camila), verify(QUILPUE))
    User.objects.filter(pk=camila.pk).update(comuna_id=OLMUE)
    html = card(official_client, camila)
    assert "Verificada en Quilpué" in html
    assert (
        "Su residencia está verificada en Quilpué, pero su perfil dice ahora Olmué. Si sus "
        "documentos lo confirman, verifícala en Olmué." in html
    )
    assert "Verificar en Olmué<span" in html
    assert "Retirar verificación<span" in html

    with django_capture_on_commit_callbacks(execute=True):
        response = official_client.post(url_for(camila), verify(OLMUE))
    assert response.status_code == 302
    assert messages_of(response) == ["Verificaste la residencia de Camila en Olmué."]
    camila.refresh_from_db()
    assert (camila.is_verified_resident, camila.verified_comuna_id) == (True, OLMUE)
    assert camila.verified_by == official
    latest = Notification.objects.filter(recipient=camila).latest("pk")
    assert latest.body.startswith("Tu residencia quedó verificada en Olmué:")
    assert len(mailoutbox) == 1  # urgent: it changes what she can take part in
    assert "Verificar en Olmué" not in card(official_client, camila)


def test_verifying_the_same_comuna_again_changes_nothing(camila, official_client):
    official_client.post(url_for(camila), verify(QUILPUE))
    response = official_client.post(url_for(camila), verify(QUILPUE))
    assert response.status_code == 302
    assert Notification.objects.filter(recipient=camila).count() == 1


@pytest.mark.parametrize("persona", ["resident", "moderator", "official_without_2fa"])
def test_only_an_official_with_the_second_factor_verifies_again(
    request, camila, official_client, persona
):
    official_client.post(url_for(camila), verify(QUILPUE))
    User.objects.filter(pk=camila.pk).update(comuna_id=OLMUE)
    response = client_for(request.getfixturevalue(persona)).post(url_for(camila), verify(OLMUE))
    assert response.status_code in (302, 403)
    assert response.status_code == 403 or response.url == "/cuenta/2fa/totp/activate/"
    camila.refresh_from_db()
    assert camila.verified_comuna_id == QUILPUE


def test_anonymous_cannot_verify_again(client, camila):
    response = client.post(url_for(camila), verify(QUILPUE))
    assert response.status_code == 302
    camila.refresh_from_db()
    assert camila.verified_comuna is None


def test_revoking_clears_the_verified_comuna(camila, official_client):
    official_client.post(url_for(camila), verify(QUILPUE))
    assert official_client.post(url_for(camila), {"verified": "0"}).status_code == 302
    camila.refresh_from_db()
    assert (camila.is_verified_resident, camila.verified_comuna) == (False, None)


def test_the_search_page_queries_stay_constant(
    camila, official_client, django_assert_max_num_queries
):
    official_client.post(url_for(camila), verify(QUILPUE))
    User.objects.filter(pk=camila.pk).update(comuna_id=OLMUE)
    # Session, the official, their TOTP authenticator, the people found (with their
    # comuna), the unread notifications count: the verified comuna is named from the data
    # file, not joined.
    with django_assert_max_num_queries(5):
        assert official_client.get(SEARCH, {"q": camila.email}).status_code == 200


def test_unticking_the_flag_in_the_admin_clears_the_verified_comuna(camila, admin, official):
    from accounts.actions import check_set_verified_resident

    check_set_verified_resident(official, camila, verified=True, rut="12345678-5", comuna=QUILPUE)
    camila.is_verified_resident = False
    request = RequestFactory().post("/admin/accounts/user/")
    request.user = admin
    site._registry[User].save_model(request, camila, form=None, change=True)
    camila.refresh_from_db()
    assert (camila.is_verified_resident, camila.verified_comuna) == (False, None)


def test_the_migration_records_the_comuna_of_people_verified_before(db):
    migration = importlib.import_module("accounts.migrations.0008_user_verified_comuna")
    verified = UserFactory(rut="11111111-1", is_verified_resident=True, comuna_id=QUILPUE)
    without_comuna = UserFactory(rut="12345678-5", is_verified_resident=True, comuna=None)
    unverified = UserFactory(comuna_id=OLMUE)
    User.objects.update(verified_comuna=None)  # as the column arrives: empty
    migration.record_verified_comunas(apps, None)
    for person in (verified, without_comuna, unverified):
        person.refresh_from_db()
    assert verified.verified_comuna_id == QUILPUE
    # Nothing to copy: consultations for verified residents ask for a new verification.
    assert without_comuna.verified_comuna_id is None
    assert unverified.verified_comuna_id is None


def test_a_verification_without_a_comuna_is_completed_at_the_office(camila, official_client):
    # Verified before the comuna was recorded, without a comuna in the profile then.
    User.objects.filter(pk=camila.pk).update(
        is_verified_resident=True, verified_comuna=None, comuna_id=OLMUE
    )
    html = card(official_client, camila)
    assert "Verificada, sin comuna registrada" in html
    assert (
        "Su verificación no registra comuna. Si sus documentos lo confirman, verifícala en Olmué."
        in html
    )
    assert "Verificar en Olmué<span" in html
    assert official_client.post(url_for(camila), verify(OLMUE)).status_code == 302
    camila.refresh_from_db()
    assert (camila.is_verified_resident, camila.verified_comuna_id) == (True, OLMUE)
