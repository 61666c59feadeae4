"""Consultations in Chromium: a resident finds a consultation, proposes (with a point on the
map), supports another proposal; an official answers and the author is notified. Every page
type (list, detail, proposal, proposal form, map, answer form) is scanned with axe-core.

The map tiles point at a path that does not exist on the live server, so these tests also
prove that maps degrade well: markers and coordinate fields keep working, and the page
says the background could not load.
"""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from accounts.models import Notification
from consultations.actions import refresh_consultation_search
from consultations.models import Phase, Proposal, Support
from tests.browser.a11y import assert_accessible
from tests.browser.support import MOBILE, LiveASGIServer, log_in
from tests.conftest import with_totp
from tests.consultations.factories import ProposalFactory, consultation_in
from tests.factories import DivisionFactory, UserFactory

MISSING_TILES = "/static/no-hay-teselas/{z}/{x}/{y}.png"


@pytest.fixture
def scene(settings):
    settings.CABILDO_MAP_TILE_URL = MISSING_TILES
    division = DivisionFactory(name="División de Planificación", acronym="DIPLADE")
    consultation = consultation_in(
        Phase.Kind.PROPOSALS,
        Phase.Kind.SUPPORTS,
        title="Ciclovías regionales",
        slug="ciclovias",
        summary="Propón y apoya ciclovías para la región.",
        division=division,
        topics=["Movilidad", "Seguridad"],
    )
    culture = consultation_in(
        upcoming=(Phase.Kind.INFORMATION,), title="Cultura regional", slug="cultura"
    )
    # What the admin does after saving (factories skip it): PostgreSQL's search.
    refresh_consultation_search([consultation.pk, culture.pk])
    resident = UserFactory(email="camila@ejemplo.cl", display_name="Camila")
    neighbour = UserFactory(email="jorge@ejemplo.cl", display_name="Jorge")
    other = ProposalFactory(
        consultation=consultation,
        author=neighbour,
        title="Estacionamientos de bicicletas en el metro",
        latitude=-33.0246,
        longitude=-71.5518,
        comuna_id="05109",
    )
    official = with_totp(
        UserFactory(
            email="paula@gore.cl", display_name="Paula", is_official=True, division=division
        )
    )
    return {
        "consultation": consultation,
        "resident": resident,
        "other": other,
        "official": official,
    }


def flash(page: Page):
    """The messages the last action left (Django's messages, a live region)."""
    return page.locator(".messages")


def result_count(page: Page):
    """The "N propuestas" line above a list (a live region too)."""
    return page.locator("main > p[role=status]")


def signed_in(new_context: Callable[..., BrowserContext], server: LiveASGIServer, user, **kw):
    context = new_context(**kw)
    log_in(context, server, user)
    return context.new_page()


def test_resident_finds_a_consultation_proposes_and_supports(
    live_asgi: LiveASGIServer, new_context, scene
) -> None:
    url = live_asgi.url
    page: Page = signed_in(new_context, live_asgi, scene["resident"])

    # Find it: the header link, then a search on the list.
    page.goto(f"{url}/")
    page.get_by_role("navigation", name="Secciones").get_by_role("link", name="Consultas").click()
    expect(page).to_have_url(f"{url}/consultas/")
    expect(page.get_by_role("heading", name="Consultas", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("searchbox", name="Buscar", exact=True).fill("ciclovías")
    page.get_by_role("button", name="Aplicar filtros").click()
    expect(result_count(page)).to_contain_text("1 consulta")
    page.get_by_role("link", name="Ciclovías regionales").click()

    # The consultation says what is possible now, and until when.
    expect(page).to_have_url(f"{url}/consultas/ciclovias/")
    now_box = page.get_by_role("region", name="Qué puedes hacer ahora")
    expect(now_box).to_contain_text("Escribe y publica propuestas")
    expect(now_box).to_contain_text("Apoya las propuestas que te importan")
    expect(now_box).to_contain_text("hasta el")
    assert_accessible(page)

    # Propose, with a point chosen on the map (the tiles fail: the notice says so).
    page.get_by_role("link", name="Escribir una propuesta").click()
    expect(page).to_have_url(f"{url}/consultas/ciclovias/propuestas/nueva/")
    expect(page.locator(".map-notice")).to_contain_text("No se pudo cargar el mapa de fondo")
    assert_accessible(page)
    # Nothing cuts what is typed: 151 characters reach the server, which says so.
    page.get_by_label("Título").fill("x" * 151)
    page.get_by_label("Tu propuesta").fill(
        "Una ciclovía segura junto al mar, de Valparaíso a Viña."
    )
    page.get_by_role("checkbox", name="Movilidad").check()
    # The point typed (the map click is tests/browser/test_territory_flow.py's): Valparaíso.
    page.get_by_label("Latitud (opcional)").fill("-33.0458")
    page.get_by_label("Longitud (opcional)").fill("-71.6197")
    page.get_by_role("button", name="Publicar propuesta").click()

    # Too long: refused in Spanish, nothing typed is lost.
    expect(page.get_by_role("alert")).to_contain_text(
        "El título tiene 151 caracteres; el máximo es 150. Acórtalo un poco."
    )
    expect(page.get_by_label("Tu propuesta")).to_have_value(
        "Una ciclovía segura junto al mar, de Valparaíso a Viña."
    )
    expect(page.get_by_label("Latitud (opcional)")).not_to_have_value("")
    assert_accessible(page)
    page.get_by_label("Título").fill("Ciclovía por la costanera")
    page.get_by_role("button", name="Publicar propuesta").click()

    mine = Proposal.objects.get(title="Ciclovía por la costanera")
    expect(page).to_have_url(f"{url}{mine.get_absolute_url()}")
    expect(flash(page)).to_contain_text("Publicaste tu propuesta.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ciclovía por la costanera")
    assert mine.has_point
    expect(page.get_by_text("Puedes editarla hasta el")).to_be_visible()
    assert_accessible(page)

    # Support another proposal from the list, sorted by supports.
    page.goto(f"{url}/consultas/ciclovias/propuestas/")
    page.get_by_label("Ordenar por").select_option(label="Más apoyadas")
    page.get_by_role("button", name="Aplicar", exact=True).click()
    expect(result_count(page)).to_contain_text("2 propuestas")
    assert_accessible(page)
    card = page.locator(f"#propuesta-{scene['other'].pk}")
    card.get_by_role("button", name=re.compile("^Apoyar")).click()
    expect(flash(page)).to_contain_text("Apoyaste «Estacionamientos de bicicletas en el metro».")
    # Back on the same list, the card now offers to take the support back.
    expect(page).to_have_url(re.compile(r"orden=mas-apoyadas"))
    expect(card.get_by_role("button", name=re.compile("^Quitar apoyo"))).to_be_visible()
    expect(card).to_contain_text("1 apoyo")
    assert Support.objects.filter(user=scene["resident"], proposal=scene["other"]).exists()

    # The map shows both located proposals, with the same list under it.
    page.get_by_role("link", name="Ver en el mapa").click()
    expect(page).to_have_url(re.compile(r"/consultas/ciclovias/propuestas/mapa/"))
    expect(page.locator(".leaflet-marker-icon")).to_have_count(2)
    expect(page.locator(".map-notice")).to_be_visible()
    expect(page.locator("main p[role=status]").last).to_contain_text("2 propuestas con ubicación")
    assert_accessible(page)


def test_official_answers_and_the_author_is_notified(
    live_asgi: LiveASGIServer, new_context, scene
) -> None:
    url = live_asgi.url
    proposal = scene["other"]
    page = signed_in(new_context, live_asgi, scene["official"])

    page.goto(f"{url}{proposal.get_absolute_url()}")
    page.get_by_role("link", name="Responder oficialmente").click()
    expect(page.get_by_role("heading", name="Respuesta oficial", level=1)).to_be_visible()
    assert_accessible(page)

    # A rejection without a reason is refused; what was typed stays.
    page.get_by_label("Rechazada").check()
    page.get_by_label("Plazo de ejecución (opcional)").fill("2027")
    page.get_by_role("button", name="Publicar ahora").click()
    # The summary names the field and its error, and takes the official there.
    summary = page.get_by_role("alert")
    link = summary.get_by_role(
        "link", name="Respuesta pública: Para rechazar una propuesta debes explicar el motivo"
    )
    expect(link).to_be_visible()
    expect(page.get_by_label("Plazo de ejecución (opcional)")).to_have_value("2027")
    assert_accessible(page)
    link.click()
    expect(page.get_by_label("Respuesta pública")).to_be_focused()

    page.get_by_label("Aceptada").check()
    page.get_by_label("Respuesta pública").fill("La incluiremos en el plan de ciclovías 2027.")
    page.get_by_label("Costo estimado en pesos (opcional)").fill("120.000.000")
    page.get_by_role("button", name="Publicar ahora").click()
    # (The summary link's fragment stays in the address: the browser keeps it.)
    expect(page).to_have_url(re.compile(rf"^{url}{proposal.get_absolute_url()}(#.*)?$"))
    answer = page.get_by_role("region", name="Respuesta oficial")
    expect(answer).to_contain_text("La incluiremos en el plan de ciclovías 2027.")
    expect(answer).to_contain_text("$120.000.000")

    notice = Notification.objects.get(recipient=proposal.author)
    assert notice.is_urgent

    # The author sees it in their notifications and follows it to the proposal.
    author = signed_in(new_context, live_asgi, proposal.author)
    author.goto(f"{url}/cuenta/notificaciones/")
    expect(
        author.get_by_role("strong").filter(has_text="Respuesta oficial a la propuesta")
    ).to_be_visible()
    author.get_by_role("button", name=re.compile("Respuesta oficial a la propuesta")).click()
    expect(author).to_have_url(f"{url}{proposal.get_absolute_url()}")
    expect(author.get_by_role("region", name="Respuesta oficial")).to_contain_text("Aceptada")


def test_pages_fit_a_360_px_phone(live_asgi: LiveASGIServer, new_context, scene) -> None:
    url = live_asgi.url
    page = signed_in(new_context, live_asgi, scene["resident"], **MOBILE)
    for path in [
        "/consultas/",
        "/consultas/ciclovias/",
        "/consultas/ciclovias/propuestas/",
        scene["other"].get_absolute_url(),
        "/consultas/ciclovias/propuestas/nueva/",
        "/consultas/ciclovias/propuestas/mapa/",
    ]:
        page.goto(f"{url}{path}")
        expect(page.locator("main")).to_be_visible()
        # Nothing wider than the screen (no sideways scrolling).
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
        assert_accessible(page)
