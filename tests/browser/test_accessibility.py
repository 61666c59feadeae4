"""axe-core (WCAG 2.2 AA) on every page type, plus what axe cannot see: the skip link, and
no sideways scrolling on a 360 px phone."""

import re

from playwright.sync_api import BrowserContext, Locator, Page, expect

from tests.browser.a11y import assert_accessible
from tests.browser.support import MOBILE, LiveASGIServer, log_in
from tests.factories import NotificationFactory

ANONYMOUS_PAGES = [
    ("/", "Participa en las decisiones de tu región"),
    ("/cuenta/login/", "Ingresar"),
    ("/cuenta/signup/", "Crear cuenta"),
    ("/cuenta/password/reset/", "Restablecer contraseña"),
    ("/privacidad/", "Política de privacidad"),
]
RESIDENT_PAGES = [
    ("/", "Participa en las decisiones de tu región"),
    ("/cuenta/perfil/", "Mi perfil"),
    ("/cuenta/notificaciones/", "Notificaciones"),
    ("/cuenta/privacidad/", "Mis datos"),
    ("/cuenta/email/", "Correo electrónico"),
    ("/cuenta/2fa/", "Verificación en dos pasos"),
]


def heading(page: Page, name: str) -> Locator:
    return page.get_by_role("heading", name=name, level=1)


def scan_pages(page: Page, base_url: str, pages: list[tuple[str, str]]) -> None:
    """Visit each page, check it is the right one, and report every page's violations.

    One test for several pages, because each test empties the database (about 2 s on
    PostgreSQL); the report still lists every failing page, not only the first.
    """
    failures = []
    for path, title in pages:
        page.goto(base_url + path)
        expect(heading(page, title)).to_be_visible()
        try:
            assert_accessible(page)
        except AssertionError as error:
            failures.append(str(error))
    assert not failures, "\n\n".join(failures)


def test_anonymous_pages_are_accessible(page: Page, live_asgi: LiveASGIServer) -> None:
    scan_pages(page, live_asgi.url, ANONYMOUS_PAGES)


def test_signup_errors_are_accessible_and_tied_to_their_fields(
    page: Page, live_asgi: LiveASGIServer
) -> None:
    page.goto(f"{live_asgi.url}/cuenta/signup/")
    page.get_by_label("Nombre público").fill("V")
    page.get_by_role("button", name="Crear cuenta").click()

    name = page.get_by_label("Nombre público")
    expect(name).to_have_attribute("aria-invalid", "true")
    # Described by its help text, then its error.
    expect(name).to_have_accessible_description(re.compile(r"seudónimo\. El nombre público debe"))
    privacy = page.get_by_role("checkbox", name="Acepto la política de privacidad")
    expect(privacy).to_have_attribute("aria-invalid", "true")
    expect(privacy).to_have_accessible_description("Debes aceptar la política de privacidad.")
    assert_accessible(page)


def test_not_found_page_is_accessible(page: Page, live_asgi: LiveASGIServer) -> None:
    response = page.goto(f"{live_asgi.url}/no-existe/")
    assert response is not None
    assert response.status == 404
    expect(heading(page, "Página no encontrada")).to_be_visible()
    assert_accessible(page)


def test_resident_pages_are_accessible(
    context: BrowserContext, live_asgi: LiveASGIServer, resident
) -> None:
    log_in(context, live_asgi, resident)
    page = context.new_page()
    # Notifications first empty (in RESIDENT_PAGES), then with items.
    scan_pages(page, live_asgi.url, RESIDENT_PAGES)

    NotificationFactory(recipient=resident, subject="Respondieron tu pregunta", body="Hola")
    NotificationFactory(recipient=resident, subject="Aviso sin enlace", url="")
    page.goto(f"{live_asgi.url}/cuenta/notificaciones/")
    # Each button names its notification for screen readers ("Ver: Respondieron…").
    expect(page.get_by_role("button", name=re.compile(r"^Ver\W+Respondieron"))).to_be_visible()
    expect(
        page.get_by_role("button", name=re.compile(r"^Marcar como leída\W+Aviso sin enlace"))
    ).to_be_visible()
    assert_accessible(page)


def test_verification_page_is_accessible_for_an_official(
    context: BrowserContext, live_asgi: LiveASGIServer, official, resident
) -> None:
    log_in(context, live_asgi, official)
    page = context.new_page()
    page.goto(f"{live_asgi.url}/cuenta/verificacion/")
    expect(heading(page, "Verificar residentes")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("RUT o correo electrónico").fill(resident.email)
    page.locator("#contenido").get_by_role("button", name="Buscar").click()
    results = page.get_by_role("list", name="Resultados")
    expect(results.get_by_role("listitem").filter(has_text=resident.email)).to_be_visible()
    assert_accessible(page)


def test_home_fits_a_360px_phone(mobile_page: Page, live_asgi: LiveASGIServer) -> None:
    page = mobile_page
    page.goto(f"{live_asgi.url}/")
    menu = page.get_by_role("button", name="Menú")
    expect(menu).to_have_attribute("aria-expanded", "false")
    account_nav = page.get_by_role("navigation", name="Tu cuenta")
    expect(account_nav).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)

    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(account_nav).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)


def test_verification_results_fit_a_phone(
    new_context, live_asgi: LiveASGIServer, official, resident
) -> None:
    # Each person is a card: name, e-mail, RUT (with dots), comuna, state and the button
    # are all on screen at 360 px, without sideways scrolling (it used to be a table whose
    # "Verificar" button sat off-screen).
    resident.rut = "12345678-5"
    resident.save()
    context = new_context(**MOBILE)
    log_in(context, live_asgi, official)
    page = context.new_page()
    page.goto(f"{live_asgi.url}/cuenta/verificacion/?q={resident.email}")
    card = page.get_by_role("list", name="Resultados").get_by_role("listitem")
    expect(card).to_have_count(1)
    for text in [resident.public_name, resident.email, "12.345.678-5", "Sin verificar"]:
        expect(card.get_by_text(text, exact=True)).to_be_in_viewport()
    button = card.get_by_role("button", name=f"Verificar en Valparaíso — {resident.public_name}")
    expect(button).to_be_in_viewport(ratio=1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(
    page: Page, live_asgi: LiveASGIServer
) -> None:
    page.goto(f"{live_asgi.url}/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Saltar al contenido")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#contenido")).to_be_focused()
    # The next Tab continues from the main content, not from the header.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Crear una cuenta")).to_be_focused()
