"""allauth's "verify your e-mail" pages (templates/account/verification_sent.html and
verified_email_required.html): whom to write to (CABILDO_CONTACT_EMAIL, with the
government's name) and a way to get the e-mail again through allauth's own resend flow."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.template.loader import render_to_string
from django.test import RequestFactory

from accounts.models import User
from tests.conftest import client_for

SENT = "/cuenta/confirm-email/"
SIGNUP = {
    "display_name": "Valentina",
    "email": "valentina@ejemplo.cl",
    "password1": "una-clave-larga-123",
    "password2": "una-clave-larga-123",
    "accept_privacy": "on",
}


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # allauth counts "one confirmation e-mail every 3 minutes per address" in the cache.
    cache.clear()


def main_of(response) -> str:
    return response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]


def test_after_signing_up_the_page_names_a_contact_and_offers_another_email(
    client, db, mailoutbox, settings
):
    settings.CABILDO_CONTACT_EMAIL = "participacion@gorevalparaiso.cl"
    response = client.post("/cuenta/signup/", SIGNUP, follow=True)
    assert response.redirect_chain[-1][0] == SENT
    main = main_of(response)
    assert "contáctanos" not in main
    assert (
        "escribe al equipo de participación del Gobierno Regional de Valparaíso: "
        '<a href="mailto:participacion@gorevalparaiso.cl">participacion@gorevalparaiso.cl</a>.'
    ) in main
    assert re.search(
        r'<a class="button button--secondary" href="/cuenta/login/">\s*'
        r"Enviarme otro correo</a>",
        main,
    )
    assert len(mailoutbox) == 1


def test_signing_in_again_sends_another_email(client, db, mailoutbox):
    client.post("/cuenta/signup/", SIGNUP)
    cache.clear()  # three minutes later
    response = client.post(
        "/cuenta/login/",
        {"login": SIGNUP["email"], "password": SIGNUP["password1"]},
    )
    assert response.status_code == 302
    assert response.url == SENT
    assert len(mailoutbox) == 2
    assert mailoutbox[1].to == [SIGNUP["email"]]
    assert "_auth_user_id" not in client.session


def test_a_signed_in_person_gets_a_resend_button(db, mailoutbox, settings):
    settings.CABILDO_CONTACT_EMAIL = "participacion@gorevalparaiso.cl"
    person = User.objects.create_user(email="sin@ejemplo.cl", password="x" * 12)
    EmailAddress.objects.create(user=person, email=person.email, primary=True, verified=False)
    request = RequestFactory().get("/")
    request.user = person
    html = render_to_string("account/verified_email_required.html", request=request)
    form = re.search(r'<form method="post" action="/cuenta/email/".*?</form>', html, re.S).group(0)
    assert '<input type="hidden" name="email" value="sin@ejemplo.cl">' in form
    assert '<button type="submit" name="action_send"' in form
    assert "mailto:participacion@gorevalparaiso.cl" in html
    assert "contáctanos" not in html
    # The button's request is allauth's resend flow: a new confirmation goes out.
    response = client_for(person).post("/cuenta/email/", {"email": person.email, "action_send": ""})
    assert response.status_code == 302
    assert [message.to for message in mailoutbox] == [[person.email]]


def test_resending_for_someone_elses_address_sends_nothing(db, mailoutbox, resident):
    person = User.objects.create_user(email="sin@ejemplo.cl", password="x" * 12)
    EmailAddress.objects.create(user=person, email=person.email, primary=True, verified=False)
    client_for(resident).post("/cuenta/email/", {"email": person.email, "action_send": ""})
    assert mailoutbox == []


COOLDOWN = "Ya te enviamos un correo hace poco; podrás pedir otro en unos minutos."


def test_signing_in_again_within_minutes_says_nothing_was_sent(client, db, mailoutbox):
    client.post("/cuenta/signup/", SIGNUP)
    response = client.post(
        "/cuenta/login/",
        {"login": SIGNUP["email"], "password": SIGNUP["password1"]},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == SENT
    assert len(mailoutbox) == 1  # allauth's wait between two e-mails
    assert COOLDOWN in main_of(response)
    assert "_auth_user_id" not in client.session


def test_once_the_wait_is_over_a_new_email_says_it_was_sent(client, db, mailoutbox):
    client.post("/cuenta/signup/", SIGNUP)
    cache.clear()  # three minutes later
    response = client.post(
        "/cuenta/login/",
        {"login": SIGNUP["email"], "password": SIGNUP["password1"]},
        follow=True,
    )
    assert len(mailoutbox) == 2
    assert COOLDOWN not in response.content.decode()


def test_the_resend_button_within_minutes_says_nothing_was_sent(db, mailoutbox):
    person = User.objects.create_user(email="sin@ejemplo.cl", password="x" * 12)
    EmailAddress.objects.create(user=person, email=person.email, primary=True, verified=False)
    client = client_for(person)
    resend = {"email": person.email, "action_send": ""}
    first = client.post("/cuenta/email/", resend, follow=True)
    assert len(mailoutbox) == 1
    assert COOLDOWN not in first.content.decode()
    again = client.post("/cuenta/email/", resend, follow=True)
    assert again.redirect_chain[-1][0] == "/cuenta/email/"
    assert len(mailoutbox) == 1
    assert COOLDOWN in main_of(again)
    cache.clear()  # three minutes later
    client.post("/cuenta/email/", resend)
    assert len(mailoutbox) == 2


def test_the_resend_wait_is_not_told_about_someone_elses_address(db, other_resident, mailoutbox):
    person = User.objects.create_user(email="sin@ejemplo.cl", password="x" * 12)
    EmailAddress.objects.create(user=person, email=person.email, primary=True, verified=False)
    client_for(person).post("/cuenta/email/", {"email": person.email, "action_send": ""})
    response = client_for(other_resident).post(
        "/cuenta/email/", {"email": person.email, "action_send": ""}, follow=True
    )
    assert COOLDOWN not in response.content.decode()
    assert len(mailoutbox) == 1
