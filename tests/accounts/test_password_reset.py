"""allauth password reset (/cuenta/password/reset/): e-mailed link, new password."""

import re

from django.test import Client

from tests.factories import PASSWORD

URL = "/cuenta/password/reset/"


def test_password_reset_sends_a_link_that_sets_a_new_password(client, resident, mailoutbox):
    response = client.post(URL, {"email": "camila@ejemplo.cl"})
    assert response.status_code == 302
    assert response.url == "/cuenta/password/reset/done/"
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["camila@ejemplo.cl"]
    assert message.subject == "[Cabildo] Restablece tu contraseña"
    assert message.body.startswith("Hola Camila:\n")
    link = re.search(r"http://testserver(/cuenta/password/reset/key/\S+/)", message.body).group(1)

    # allauth moves the key into the session and redirects to a key-less URL.
    response = client.get(link)
    assert response.status_code == 302
    form_url = response.url
    response = client.post(
        form_url, {"password1": "clave-nueva-segura-456", "password2": "clave-nueva-segura-456"}
    )
    assert response.status_code == 302
    assert response.url == "/cuenta/password/reset/key/done/"

    resident.refresh_from_db()
    assert resident.check_password("clave-nueva-segura-456")
    assert not resident.check_password(PASSWORD)
    visitor = Client()
    visitor.post(
        "/cuenta/login/", {"login": "camila@ejemplo.cl", "password": "clave-nueva-segura-456"}
    )
    assert "_auth_user_id" in visitor.session


def test_an_unknown_email_is_answered_the_same_way(client, db, mailoutbox):
    response = client.post(URL, {"email": "nadie@ejemplo.cl"})
    # Same redirect as for a real account; the mail tells the owner no account exists.
    assert response.status_code == 302
    assert response.url == "/cuenta/password/reset/done/"
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["nadie@ejemplo.cl"], "[Cabildo] No hay una cuenta con este correo")
    ]


def test_a_malformed_email_is_refused_and_kept(client, db, mailoutbox):
    response = client.post(URL, {"email": "no-es-un-correo"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Escribe un correo electrónico válido." in html
    assert 'value="no-es-un-correo"' in html
    assert mailoutbox == []


def test_password_reset_is_rate_limited_per_email(client, resident, other_resident, mailoutbox):
    # ACCOUNT_RATE_LIMITS["reset_password"] = "5/m/ip,3/5m/key"
    for _ in range(3):
        client.post(URL, {"email": "camila@ejemplo.cl"})
    assert len(mailoutbox) == 3
    response = client.post(URL, {"email": "camila@ejemplo.cl"})
    assert response.status_code == 429
    assert len(mailoutbox) == 3
    # Another person's reset from the same address still goes out (5/m per IP).
    assert client.post(URL, {"email": "jorge@ejemplo.cl"}).status_code == 302
    assert mailoutbox[-1].to == ["jorge@ejemplo.cl"]
