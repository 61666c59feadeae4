"""The demo staff accounts (published password and TOTP secret) exist only with DEBUG on
(issue 8): never created with it off, and refused at sign-in there."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from accounts import demo
from accounts.models import User
from tests.factories import PASSWORD, UserFactory

STAFF = sorted(demo.DEMO_STAFF_EMAILS)


def test_with_debug_off_the_demo_has_no_staff_accounts(db, settings):
    settings.DEBUG = False
    out = io.StringIO()
    call_command("seed_demo", "--allow-production", stdout=out)
    assert not User.objects.filter(email__in=STAFF).exists()
    assert User.objects.filter(email="residente@demo.cabildo.cl").exists()
    assert "Skipped moderacion@demo.cabildo.cl" in out.getvalue()


def test_with_debug_on_they_are_created(db, settings):
    settings.DEBUG = True
    demo.seed(io.StringIO())
    assert set(User.objects.filter(email__in=STAFF).values_list("email", flat=True)) == set(STAFF)


def test_seeding_with_debug_off_needs_the_explicit_flag(db, settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo", stdout=io.StringIO())


@pytest.mark.parametrize("email", STAFF)
def test_a_demo_staff_account_left_in_the_database_cannot_sign_in_with_debug_off(
    db, settings, email
):
    UserFactory(email=email, is_moderator=True)
    settings.DEBUG = False
    response = Client().post("/cuenta/login/", {"login": email, "password": PASSWORD})
    assert response.status_code == 200
    assert "Las cuentas de demostración del equipo no pueden ingresar" in response.content.decode()
    assert "_auth_user_id" not in Client().session

    settings.DEBUG = True
    response = Client().post("/cuenta/login/", {"login": email, "password": PASSWORD})
    assert response.status_code == 302


def test_other_accounts_sign_in_with_debug_off(db, settings):
    UserFactory(email="paula@gore.cl")
    settings.DEBUG = False
    response = Client().post("/cuenta/login/", {"login": "paula@gore.cl", "password": PASSWORD})
    assert response.status_code == 302


def test_a_session_a_demo_staff_account_opened_earlier_cannot_act_with_debug_off(db, settings):
    from tests.conftest import client_for, with_totp

    moderator = with_totp(UserFactory(email="moderacion@demo.cabildo.cl", is_moderator=True))
    client = client_for(moderator)  # signed in while DEBUG was on, code typed
    url = "/conversaciones/aportes/propuesta/987654/ocultar/"
    settings.DEBUG = True
    assert client.post(url, {"reason": "x"}).status_code == 404  # a moderator: nothing there
    settings.DEBUG = False
    assert client.post(url, {"reason": "x"}).status_code == 403  # no staff role at all
