"""People on the daily digest get urgent notices at once (accounts.actions.notify): the
profile's e-mail preference says so, and so does each such e-mail."""

import re

from accounts.actions import notify
from accounts.models import User
from tests.conftest import client_for
from tests.factories import UserFactory

WHY = "Te enviamos este aviso de inmediato, aunque elegiste el resumen diario, porque es urgente"


def mail_for(frequency: str, *, urgent: bool, django_capture_on_commit_callbacks, mailoutbox):
    person = UserFactory(email_frequency=frequency)
    with django_capture_on_commit_callbacks(execute=True):
        notify([person], kind="k", subject="Tu comentario fue ocultado", urgent=urgent)
    return [message for message in mailoutbox if message.to == [person.email]]


def test_an_urgent_email_to_a_daily_person_says_why_it_came_at_once(
    db, django_capture_on_commit_callbacks, mailoutbox
):
    (message,) = mail_for(
        User.EmailFrequency.DAILY,
        urgent=True,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
        mailoutbox=mailoutbox,
    )
    body = " ".join(message.body.split())
    assert WHY in body
    assert "Las demás novedades siguen llegando en tu resumen." in body


def test_people_who_chose_immediate_mail_are_not_told(
    db, django_capture_on_commit_callbacks, mailoutbox
):
    for urgent in (True, False):
        mailoutbox.clear()
        (message,) = mail_for(
            User.EmailFrequency.IMMEDIATE,
            urgent=urgent,
            django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
            mailoutbox=mailoutbox,
        )
        assert "Te enviamos este aviso de inmediato" not in message.body


def test_the_profile_says_urgent_notices_skip_the_digest(resident):
    html = client_for(resident).get("/cuenta/perfil/").content.decode()
    field = re.search(r"<fieldset[^>]*>\s*<legend>Copias por correo.*?</fieldset>", html, re.S)
    text = " ".join((field.group(0) if field else html).split())
    assert (
        "Aunque elijas el resumen diario, los avisos urgentes te llegan de inmediato: la "
        "respuesta oficial a una propuesta tuya o que apoyaste, una decisión de moderación "
        "sobre lo que escribiste o un cambio en la verificación de tu residencia."
    ) in text
    assert "Con «Nunca» no te escribimos nada, ni siquiera esos avisos." in text


def test_anonymous_people_are_sent_to_sign_in_for_the_profile(client, db):
    response = client.get("/cuenta/perfil/")
    assert response.status_code == 302
    assert response.url.startswith("/cuenta/login/")
