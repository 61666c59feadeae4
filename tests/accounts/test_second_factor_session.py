"""Staff act only in a session that passed the second factor (issue 8).

Having a TOTP authenticator is not enough: a session that never typed a code (one made
before the factor existed, or by any path that skips allauth's login stage) is a
resident's session until the person confirms the factor.
"""

import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.test import Client

from tests.accounts.test_login import current_totp_code, log_in
from tests.conftest import client_for
from tests.factories import PASSWORD

CREATE = "/consultas/nueva/"
REAUTHENTICATE = "/cuenta/2fa/reauthenticate/"


def test_logging_in_with_password_and_code_lets_an_official_act(official):
    client = Client()
    log_in(client, official.email)
    response = client.post("/cuenta/2fa/authenticate/", {"code": current_totp_code()})
    assert response.status_code == 302
    assert client.get(CREATE).status_code == 200


def test_a_session_that_skipped_the_code_is_asked_to_confirm_it(official):
    client = client_for(official, second_factor=False)
    response = client.get(CREATE)
    assert response.status_code == 302
    assert response.url == f"{REAUTHENTICATE}?next=%2Fconsultas%2Fnueva%2F"
    assert client.get(response.url).status_code == 200

    response = client.post(
        REAUTHENTICATE + "?next=/consultas/nueva/", {"code": current_totp_code()}
    )
    assert response.status_code == 302
    assert response.url == CREATE
    assert client.get(CREATE).status_code == 200


def test_the_header_offers_no_staff_tools_until_the_factor_is_confirmed(official):
    without = client_for(official, second_factor=False).get("/").content.decode()
    with_factor = client_for(official).get("/").content.decode()
    assert "/cuenta/verificacion/" not in without
    assert "/cuenta/verificacion/" in with_factor


def test_the_admin_asks_an_administrator_to_confirm_the_factor(admin):
    client = client_for(admin, second_factor=False)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert client_for(admin).get("/admin/").status_code == 200


# Transactional: allauth sends ``authenticator_added`` on commit, inside the request as
# in production (a test transaction would run it after the session is saved).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_activating_totp_counts_as_passing_it_in_that_session(official_without_2fa):
    client = Client()
    log_in(client, official_without_2fa.email)
    assert client.get(CREATE).url == "/cuenta/2fa/totp/activate/"
    if client.get("/cuenta/2fa/totp/activate/").status_code == 302:  # allauth asks again
        client.post("/cuenta/reauthenticate/", {"password": PASSWORD})
    assert client.get("/cuenta/2fa/totp/activate/").status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    code = format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))
    response = client.post("/cuenta/2fa/totp/activate/", {"code": code})
    assert response.status_code == 302
    assert client.get(CREATE).status_code == 200
