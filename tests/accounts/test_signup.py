"""allauth sign-up (/cuenta/signup/) with Cabildo's SignupForm and AccountAdapter."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from accounts.models import User

URL = "/cuenta/signup/"


def signup_data(**overrides) -> dict:
    data = {
        "display_name": "Valentina",
        "email": "valentina@ejemplo.cl",
        "password1": "una-clave-larga-123",
        "password2": "una-clave-larga-123",
        "accept_privacy": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def errors_of(response) -> list[str]:
    lists = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.content.decode())
    return [item for found in lists for item in re.findall(r"<li>(.*?)</li>", found)]


def test_signup_form_is_spanish_and_links_the_privacy_policy(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="id_display_name">Nombre público:</label>' in html
    assert 'Acepto la <a href="/privacidad/">política de privacidad</a>' in html
    assert html.index('name="display_name"') < html.index('name="email"')
    assert html.index('name="password2"') < html.index('name="accept_privacy"')


def test_signup_creates_an_unconfirmed_account_and_sends_a_confirmation(client, db, mailoutbox):
    response = client.post(URL, signup_data(display_name="  Valentina   Soto "))
    assert response.status_code == 302
    assert response.url == "/cuenta/confirm-email/"

    user = User.objects.get(email="valentina@ejemplo.cl")
    assert user.display_name == "Valentina Soto"
    assert user.language == "es-cl"
    assert user.check_password("una-clave-larga-123")
    assert not user.is_verified_resident
    assert not EmailAddress.objects.get(user=user).verified
    # Mandatory confirmation: signing up does not log in.
    assert "_auth_user_id" not in client.session

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["valentina@ejemplo.cl"]
    assert message.subject == "[Cabildo] Confirma tu correo"
    assert re.search(r"http://testserver/cuenta/confirm-email/\S+/", message.body)
    # Cabildo's own e-mail (templates/account/email/): by name, signed by Cabildo and the
    # government, not "¡Hola de parte de testserver!" and "vete a <link>".
    assert message.body.startswith("Hola Valentina Soto:\n")
    assert "Para confirmar tu correo, abre este enlace:" in message.body
    assert "Cabildo, participación ciudadana · Gobierno Regional de Valparaíso" in message.body
    assert "testserver!" not in message.body


def test_signup_requires_a_public_name_and_accepting_the_privacy_policy(client, db, mailoutbox):
    response = client.post(URL, signup_data(display_name=None, accept_privacy=None))
    assert response.status_code == 200
    assert errors_of(response) == [
        "Este campo es obligatorio.",
        "Debes aceptar la política de privacidad.",
    ]
    # What was typed comes back (passwords are never echoed).
    assert 'value="valentina@ejemplo.cl"' in response.content.decode()
    assert not User.objects.filter(email="valentina@ejemplo.cl").exists()
    assert mailoutbox == []

    # The same sign-up with both fields goes through.
    response = client.post(URL, signup_data())
    assert response.status_code == 302
    assert User.objects.filter(email="valentina@ejemplo.cl").exists()
    assert len(mailoutbox) == 1


def test_a_one_letter_public_name_is_refused(client, db):
    response = client.post(URL, signup_data(display_name=" V "))
    assert response.status_code == 200
    assert errors_of(response) == ["El nombre público debe tener al menos 2 caracteres."]
    assert 'value="valentina@ejemplo.cl"' in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("corta-1", "La contraseña es demasiado corta. Debe contener por lo menos 10 caracteres."),
        ("8203948571639", "Esta contraseña es completamente numérica."),
    ],
)
def test_a_weak_password_is_refused_in_spanish(client, db, password, message):
    response = client.post(URL, signup_data(password1=password, password2=password))
    assert response.status_code == 200
    assert message in errors_of(response)
    assert not User.objects.exists()


def test_an_existing_email_reveals_nothing_but_warns_its_owner(client, resident, mailoutbox):
    response = client.post(URL, signup_data(email="camila@ejemplo.cl"))
    # The same answer as a new sign-up, so nobody can probe who has an account.
    assert response.status_code == 302
    assert response.url == "/cuenta/confirm-email/"
    assert User.objects.filter(email="camila@ejemplo.cl").count() == 1
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["camila@ejemplo.cl"], "[Cabildo] Ya tienes una cuenta en Cabildo")
    ]


def test_signup_is_rate_limited_per_ip(db, mailoutbox):
    client = Client()
    # ACCOUNT_RATE_LIMITS["signup"] = "5/m/ip,20/h/ip"
    for n in range(5):
        response = client.post(URL, signup_data(email=f"persona{n}@ejemplo.cl"))
        assert response.status_code == 302
    response = client.post(URL, signup_data(email="sexta@ejemplo.cl"))
    assert response.status_code == 429
    assert not User.objects.filter(email="sexta@ejemplo.cl").exists()

    # Another address (IP) may still sign up: the refusal came from the limit.
    other = Client(REMOTE_ADDR="192.0.2.50")
    assert other.post(URL, signup_data(email="sexta@ejemplo.cl")).status_code == 302
    assert User.objects.filter(email="sexta@ejemplo.cl").exists()
