"""accounts.admin_site.CabildoAdminSite: /admin/ only for administrators with TOTP."""

import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import Client

from tests.conftest import TOTP_SECRET, client_for
from tests.factories import PASSWORD, UserFactory


def current_totp_code() -> str:
    return format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // mfa_settings.TOTP_PERIOD))


def test_administrator_with_totp_enters_the_admin(admin):
    response = client_for(admin).get("/admin/")
    assert response.status_code == 200
    assert "Administración de Cabildo" in response.content.decode()
    assert client_for(admin).get("/admin/accounts/user/").status_code == 200


def test_administrator_logs_in_with_password_and_code_then_enters(admin):
    client = Client()
    response = client.get("/admin/")
    assert response.url == "/admin/login/?next=/admin/"
    # The admin's own login page hands over to allauth.
    response = client.get(response.url)
    assert response.status_code == 302
    assert response.url == "/cuenta/login/?next=%2Fadmin%2F"

    response = client.post(
        "/cuenta/login/?next=/admin/",
        {"login": "admin@ejemplo.cl", "password": PASSWORD, "next": "/admin/"},
    )
    assert response.url == "/cuenta/2fa/authenticate/"
    response = client.post("/cuenta/2fa/authenticate/", {"code": current_totp_code()})
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_admin_login_form_cannot_skip_the_second_factor(admin):
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "admin@ejemplo.cl", "password": PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302
    assert response.url.startswith("/cuenta/login/")
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_administrator_without_2fa_is_kept_out_and_sent_to_set_it_up(db, admin):
    no_2fa = UserFactory(email="admin2@ejemplo.cl", is_staff=True, is_superuser=True)
    client = client_for(no_2fa)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url == "/admin/login/?next=/admin/"
    response = client.get(response.url)
    assert response.status_code == 302
    assert response.url == "/cuenta/2fa/totp/activate/"
    response = client.get("/admin/accounts/user/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")
    # With TOTP the same request gets in: the refusal came from the 2FA rule.
    assert client_for(admin).get("/admin/accounts/user/").status_code == 200


def test_staff_without_2fa_cannot_use_the_admin_form_to_log_in_as_someone_else(db, admin):
    # A password alone (here an administrator's) must never open a session through
    # Django's admin login form, whoever posts it.
    no_2fa = UserFactory(email="admin2@ejemplo.cl", is_staff=True, is_superuser=True)
    client = client_for(no_2fa)
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "admin@ejemplo.cl", "password": PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302
    assert response.url == "/cuenta/2fa/totp/activate/"
    assert int(client.session["_auth_user_id"]) == no_2fa.pk
    assert client.get("/admin/").status_code == 302


def test_administrator_already_in_is_sent_from_the_admin_login_to_the_index(admin):
    response = client_for(admin).get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url == "/admin/"


def test_staff_who_are_not_administrators_are_refused(moderator, official):
    for person in [moderator, official]:
        client = client_for(person)
        response = client.get("/admin/")
        assert response.status_code == 302
        assert client.get(response.url).status_code == 403


def test_anonymous_visitor_is_sent_to_the_login(client, db):
    response = client.get("/admin/accounts/user/", follow=True)
    assert response.redirect_chain[-1] == ("/cuenta/login/?next=%2Fadmin%2Faccounts%2Fuser%2F", 302)


def test_only_administrators_with_2fa_see_the_admin_link(admin, db):
    link = 'href="/admin/"'
    assert link in client_for(admin).get("/").content.decode()
    no_2fa = UserFactory(email="admin2@ejemplo.cl", is_staff=True, is_superuser=True)
    assert link not in client_for(no_2fa).get("/").content.decode()
