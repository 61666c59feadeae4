"""A resident's first visit, in Chromium: sign up, confirm the e-mail, log in, choose a
comuna, try English, log out. Every page on the way is scanned with axe-core."""

import re

from django.conf import settings
from django.core import mail
from playwright.sync_api import Page, expect

from accounts.models import User
from tests.browser.a11y import assert_accessible
from tests.browser.support import LiveASGIServer

PASSWORD = "una-clave-bien-larga-2025"
# English is compiled by `make test` (compilemessages) once locale/en exists.
ENGLISH_COMPILED = (settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.mo").exists()


def confirmation_path(body: str) -> str:
    """The path of the confirmation link: the live server's port is the test's own."""
    match = re.search(r"https?://[^/\s]+(/cuenta/confirm-email/\S+)", body)
    assert match, f"No confirmation link in the e-mail:\n{body}"
    return match.group(1)


def test_resident_signs_up_confirms_chooses_comuna_and_logs_out(
    page: Page, live_asgi: LiveASGIServer
) -> None:
    url = live_asgi.url

    # Home → sign-up, through the header button.
    page.goto(f"{url}/")
    expect(page.locator("html")).to_have_attribute("lang", "es-CL")
    assert_accessible(page)
    page.get_by_role("navigation", name="Tu cuenta").get_by_role(
        "link", name="Crear cuenta"
    ).click()
    expect(page).to_have_url(f"{url}/cuenta/signup/")
    assert_accessible(page)

    page.get_by_label("Nombre público").fill("Valentina")
    page.get_by_label("Correo electrónico").fill("valentina@ejemplo.cl")
    page.get_by_label(re.compile(r"^Contraseña:?$")).fill(PASSWORD)
    page.get_by_label("Contraseña (de nuevo)").fill(PASSWORD)
    page.get_by_role("checkbox", name="Acepto la política de privacidad").check()
    page.get_by_role("button", name="Crear cuenta").click()

    # Mandatory confirmation: the page says so and the e-mail is out.
    expect(page).to_have_url(f"{url}/cuenta/confirm-email/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["valentina@ejemplo.cl"]

    page.goto(url + confirmation_path(message.body))
    expect(page.get_by_role("link", name="valentina@ejemplo.cl")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Confirmar").click()

    # Confirming does not log in (ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION is off).
    expect(page).to_have_url(f"{url}/cuenta/login/")
    assert_accessible(page)
    page.get_by_label("Correo electrónico").fill("valentina@ejemplo.cl")
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Ingresar").click()
    expect(page).to_have_url(f"{url}/")
    expect(page.get_by_role("link", name="Mi perfil")).to_be_visible()
    assert_accessible(page)

    # Profile: choose a comuna (grouped by region) and save.
    page.get_by_role("link", name="Mi perfil").click()
    expect(page.get_by_role("heading", name="Mi perfil", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Comuna de residencia").select_option(label="Viña del Mar")
    page.get_by_role("button", name="Guardar perfil").click()
    expect(page.get_by_role("status")).to_contain_text("Tu perfil quedó guardado.")
    expect(page.get_by_label("Comuna de residencia")).to_have_value("05109")
    assert_accessible(page)
    assert User.objects.get(email="valentina@ejemplo.cl").comuna.name == "Viña del Mar"

    # English and back. The header button names the other language, in that language.
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Español")).to_be_visible()
    if ENGLISH_COMPILED:
        expect(page.get_by_role("link", name="Saltar al contenido")).to_have_count(0)
    # Until locale/en is translated and compiled, Cabildo's own strings stay in Spanish
    # (they are the msgids): only the lang attribute and the language button change.
    # The check above starts by itself once locale/en/LC_MESSAGES/django.mo exists.
    assert_accessible(page)
    assert User.objects.get(email="valentina@ejemplo.cl").language == "en"
    page.get_by_role("button", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es-CL")
    expect(page.get_by_role("button", name="English")).to_be_visible()
    expect(page.get_by_role("link", name="Saltar al contenido")).to_be_attached()
    expect(page.get_by_role("heading", name="Mi perfil", level=1)).to_be_visible()

    # Log out: a POST button in the header, back to an anonymous home.
    page.get_by_role("button", name="Salir").click()
    expect(page.get_by_role("link", name="Ingresar").first).to_be_visible()
    expect(page.get_by_role("link", name="Mi perfil")).to_have_count(0)
    assert_accessible(page)
