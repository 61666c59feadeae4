"""A proposal's place in Chromium (issue 9, items 4 and 13): a resident of the San Antonio
consultation clicks the form's map just across the comuna's border, in Melipilla (Región
Metropolitana); the form says so under the map, the server refuses it naming the place and
keeps the text; a click back inside San Antonio, without choosing a comuna, publishes the
proposal with its comuna derived from the point, and its page names the place.

The tiles point at a path that does not exist (as in test_consultation_flow.py): Leaflet
still places the view, so a geographic point is clicked at its Web Mercator pixel offset
from the map's centre.
"""

import math

import pytest
from playwright.sync_api import Locator, Page, expect

from consultations.models import Phase, Proposal
from tests.browser.a11y import assert_accessible
from tests.browser.support import LiveASGIServer, signed_in_page
from tests.consultations.factories import consultation_in
from tests.factories import UserFactory

MISSING_TILES = "/static/no-hay-teselas/{z}/{x}/{y}.png"
# San Antonio's representative point (accounts/data/territorio.json): where a map of a
# one-comuna consultation opens, at zoom 12.
SAN_ANTONIO = (-33.673, -71.5073)
MELIPILLA = (-33.673, -71.42)  # east of the border (-71.432 on this parallel)
INSIDE = (-33.673, -71.44)  # west of it, in San Antonio


def pixels(latitude: float, longitude: float, zoom: int) -> tuple[float, float]:
    """Leaflet's Web Mercator (EPSG:3857) pixel coordinates at ``zoom``."""
    scale = 256 * 2**zoom
    sine = math.sin(math.radians(latitude))
    x = (longitude + 180) / 360 * scale
    y = (0.5 - math.log((1 + sine) / (1 - sine)) / (4 * math.pi)) * scale
    return x, y


def click_at(map_box: Locator, center: tuple[float, float], zoom: int, point: tuple[float, float]):
    """Click ``point`` on a map whose view is ``center`` at ``zoom``."""
    box = map_box.bounding_box()
    assert box is not None
    cx, cy = pixels(*center, zoom)
    px, py = pixels(*point, zoom)
    x, y = box["width"] / 2 + px - cx, box["height"] / 2 + py - cy
    assert 0 < x < box["width"], "the point is outside the view"
    assert 0 < y < box["height"], "the point is outside the view"
    map_box.click(position={"x": x, "y": y})


@pytest.fixture
def scene(settings):
    settings.CABILDO_MAP_TILE_URL = MISSING_TILES
    consultation = consultation_in(
        Phase.Kind.PROPOSALS,
        title="Borde costero de San Antonio",
        slug="borde-costero",
        whole_region=False,
    )
    consultation.comunas.set(["05601"])
    resident = UserFactory(email="camila@ejemplo.cl", display_name="Camila")
    return {"consultation": consultation, "resident": resident}


def test_a_point_outside_is_refused_and_one_inside_gives_the_comuna(
    live_asgi: LiveASGIServer, new_context, scene
) -> None:
    url = live_asgi.url
    page: Page = signed_in_page(new_context, live_asgi, scene["resident"])
    # The place lookups: a refused point is an answer (200), never a failed request.
    lookups: list[int] = []
    page.on(
        "response",
        lambda response: (
            lookups.append(response.status) if "/propuestas/lugar/" in response.url else None
        ),
    )
    page.goto(f"{url}/consultas/borde-costero/propuestas/nueva/")
    picker = page.locator("[data-map-picker]")
    place = page.locator("[data-point-place]")
    expect(picker).to_be_visible()

    page.get_by_label("Título").fill("Mirador sobre el puerto")
    page.get_by_label("Tu propuesta").fill("Un mirador con bancas y sombra.")
    click_at(picker, SAN_ANTONIO, 12, MELIPILLA)
    expect(page.get_by_label("Latitud (opcional)")).not_to_have_value("")
    # Said before sending, in the words the server will use.
    outside = (
        "El punto está en Melipilla (Metropolitana de Santiago), fuera del territorio de esta "
        "consulta (San Antonio)."
    )
    expect(place).to_have_text(outside)
    page.get_by_role("button", name="Publicar propuesta").click()

    # Refused: the summary names the point's field, nothing typed is lost.
    expect(page.get_by_role("alert")).to_contain_text(outside)
    expect(page.get_by_label("Título")).to_have_value("Mirador sobre el puerto")
    expect(page.get_by_label("Tu propuesta")).to_have_value("Un mirador con bancas y sombra.")
    # The line under the map says the same refusal again, not just where the point is.
    expect(place).to_have_text(outside)
    assert not Proposal.objects.exists()
    assert_accessible(page)

    # The refused point is the map's new centre (zoom 14): click back inside San Antonio.
    center = (
        float(page.get_by_label("Latitud (opcional)").input_value()),
        float(page.get_by_label("Longitud (opcional)").input_value()),
    )
    click_at(picker, center, 14, INSIDE)
    expect(place).to_have_text("El punto está en San Antonio (Valparaíso).")
    page.get_by_role("button", name="Publicar propuesta").click()

    assert set(lookups) == {200}
    proposal = Proposal.objects.get()
    expect(page).to_have_url(f"{url}{proposal.get_absolute_url()}")
    assert proposal.comuna_id == "05601"
    expect(page.get_by_text("Marcada en el mapa en San Antonio (Valparaíso).")).to_be_visible()
    assert_accessible(page)
