"""accounts.views.export_data: /cuenta/privacidad/exportar/, everything about me as JSON."""

import json

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from accounts import privacy
from accounts.models import User
from tests.conftest import TOTP_SECRET, client_for
from tests.factories import NotificationFactory

URL = "/cuenta/privacidad/exportar/"


def test_resident_downloads_their_data_as_json(resident, other_resident):
    resident.rut = "12345678-5"
    resident.gender = "F"
    resident.save()
    EmailAddress.objects.create(user=resident, email="camila@otra.cl", verified=False)
    NotificationFactory(recipient=resident, subject="Tu propuesta recibió respuesta")
    NotificationFactory(recipient=other_resident, subject="Aviso de Jorge")

    response = client_for(resident).get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="cabildo-mis-datos-')
    data = json.loads(response.content)
    assert data["format"] == "cabildo-export/1"
    account = data["account"]
    assert account["email"] == "camila@ejemplo.cl"
    assert account["display_name"] == "Camila"
    assert account["rut"] == "12345678-5"
    assert account["gender"] == "F"
    assert account["comuna"] == {"cut": "05101", "name": "Valparaíso"}
    assert account["roles"] == ["resident"]
    assert account["email_addresses"] == [
        {"email": "camila@ejemplo.cl", "verified": True, "primary": True},
        {"email": "camila@otra.cl", "verified": False, "primary": False},
    ]
    assert [n["subject"] for n in account["notifications"]] == ["Tu propuesta recibió respuesta"]
    # Spanish text is written as is, not \u-escaped.
    assert "recibió" in response.content.decode()


def test_export_says_where_the_residence_was_verified(resident, official):
    from accounts.actions import check_set_verified_resident

    assert json.loads(client_for(resident).get(URL).content)["account"]["verified_comuna"] is None
    resident.rut = "12345678-5"
    resident.save()
    check_set_verified_resident(official, resident, verified=True, rut="12345678-5", comuna="05101")
    User.objects.filter(pk=resident.pk).update(comuna_id="05803")  # then moved to Olmué
    account = json.loads(client_for(resident).get(URL).content)["account"]
    assert account["comuna"] == {"cut": "05803", "name": "Olmué"}
    assert account["verified_resident"] is True
    assert account["verified_comuna"] == {"cut": "05101", "name": "Valparaíso"}


def test_export_holds_no_password_hash_or_totp_secret(moderator):
    response = client_for(moderator).get(URL)
    content = response.content.decode()
    moderator.refresh_from_db()
    stored_secret = Authenticator.objects.get(user=moderator).data["secret"]
    assert json.loads(content)["account"]["two_factor"] == ["totp"]
    assert moderator.password not in content
    assert "password" not in content
    assert TOTP_SECRET not in content
    assert stored_secret not in content
    assert "secret" not in content


def test_sections_registered_by_other_apps_are_included(resident, monkeypatch):
    monkeypatch.setitem(
        privacy._exporters, "proposals", lambda user: [{"title": f"De {user.display_name}"}]
    )
    data = json.loads(client_for(resident).get(URL).content)
    assert data["proposals"] == [{"title": "De Camila"}]
    assert data["account"]["email"] == "camila@ejemplo.cl"


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_export_refuses_other_methods(resident_client, method):
    assert getattr(resident_client, method)(URL).status_code == 405


def test_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url == "/cuenta/login/?next=/cuenta/privacidad/exportar/"


def test_export_contains_only_the_requesters_data(resident, other_resident):
    # Outsider: no pk in the URL; the export is always of the signed-in person.
    NotificationFactory(recipient=other_resident, subject="Aviso de Jorge")
    content = client_for(resident).get(URL).content.decode()
    assert "jorge@ejemplo.cl" not in content
    assert "Aviso de Jorge" not in content


@pytest.mark.parametrize("count", [3, 30])
def test_export_queries_do_not_grow_with_data(
    resident, django_assert_max_num_queries, monkeypatch, count
):
    # Only the accounts section: each app counts its own section's queries in its tests.
    monkeypatch.setattr(privacy, "_exporters", {"account": privacy._exporters["account"]})
    NotificationFactory.create_batch(count, recipient=resident)
    client = client_for(resident)
    # 1. session, 2. user, 3. comuna, 4. e-mail addresses, 5. authenticator types,
    # 6. notifications.
    with django_assert_max_num_queries(6):
        response = client.get(URL)
    assert len(json.loads(response.content)["account"]["notifications"]) == count
