"""allauth e-mail change (/cuenta/email/): the new address counts once confirmed."""

import re

from allauth.account.models import EmailAddress
from django.test import Client

from accounts.models import User
from tests.factories import PASSWORD

URL = "/cuenta/email/"


def test_changing_email_takes_effect_after_confirming_the_new_address(
    resident, resident_client, mailoutbox
):
    response = resident_client.post(URL, {"email": "camila.nueva@ejemplo.cl", "action_add": ""})
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [["camila.nueva@ejemplo.cl"]]
    resident.refresh_from_db()
    # Until confirmed, the old address stays the login.
    assert resident.email == "camila@ejemplo.cl"

    link = re.search(r"http://testserver(/cuenta/confirm-email/\S+/)", mailoutbox[0].body).group(1)
    response = resident_client.post(link)
    assert response.status_code == 302

    resident.refresh_from_db()
    assert resident.email == "camila.nueva@ejemplo.cl"
    assert list(EmailAddress.objects.filter(user=resident).values_list("email", "primary")) == [
        ("camila.nueva@ejemplo.cl", True)
    ]
    visitor = Client()
    visitor.post("/cuenta/login/", {"login": "camila.nueva@ejemplo.cl", "password": PASSWORD})
    assert "_auth_user_id" in visitor.session


def test_an_email_of_another_account_cannot_be_taken(
    resident, other_resident, resident_client, mailoutbox
):
    # To reveal nothing, allauth answers as usual and mails the address's owner; even if
    # the link is followed, the address never becomes Camila's.
    response = resident_client.post(URL, {"email": "jorge@ejemplo.cl", "action_add": ""})
    assert response.status_code == 302
    link = re.search(r"http://testserver(/cuenta/confirm-email/\S+/)", mailoutbox[0].body).group(1)
    resident_client.post(link)
    Client().post(link)

    assert not EmailAddress.objects.filter(
        user=resident, email="jorge@ejemplo.cl", verified=True
    ).exists()
    resident.refresh_from_db()
    assert resident.email == "camila@ejemplo.cl"
    assert User.objects.get(pk=other_resident.pk).email == "jorge@ejemplo.cl"
    assert EmailAddress.objects.get(user=other_resident).verified


def test_a_malformed_email_is_refused_and_kept(resident_client, mailoutbox):
    response = resident_client.post(URL, {"email": "camila@", "action_add": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Escribe un correo electrónico válido." in html
    assert 'value="camila@"' in html
    assert mailoutbox == []


def test_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith("/cuenta/login/")
