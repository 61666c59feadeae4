"""The maps' zoom buttons speak the page's language: Leaflet writes "Zoom in"/"Zoom out"
itself, so every map (the proposals map, a proposal's point, the proposal form's picker)
takes its labels from the page (data-zoom-in, data-zoom-out).

The English labels come from the catalogue ("Acercar" → "Zoom in"): this test needs the
compiled English translation of those two strings.
"""

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, expect

from consultations.models import Phase
from tests.browser.support import LiveASGIServer, log_in
from tests.consultations.factories import ProposalFactory, consultation_in

MISSING_TILES = "/static/no-hay-teselas/{z}/{x}/{y}.png"

LABELS = {"es-cl": ("Acercar", "Alejar"), "en": ("Zoom in", "Zoom out")}


@pytest.fixture
def proposal(settings, resident):
    settings.CABILDO_MAP_TILE_URL = MISSING_TILES
    consultation = consultation_in(Phase.Kind.PROPOSALS, slug="ciclovias")
    return ProposalFactory(
        consultation=consultation,
        author=resident,
        title="Estacionamientos de bicicletas",
        latitude=-33.0246,
        longitude=-71.5518,
        comuna_id="05109",
    )


@pytest.mark.parametrize("language", ["es-cl", "en"])
def test_zoom_buttons_are_labelled_in_the_pages_language(
    new_context: Callable[..., BrowserContext],
    live_asgi: LiveASGIServer,
    resident,
    proposal,
    language,
):
    context = new_context()
    log_in(context, live_asgi, resident)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_asgi.url}])
    page = context.new_page()
    zoom_in, zoom_out = LABELS[language]
    for path in [
        "/consultas/ciclovias/propuestas/mapa/",
        proposal.get_absolute_url(),
        "/consultas/ciclovias/propuestas/nueva/",
    ]:
        page.goto(live_asgi.url + path)
        buttons = page.locator(".leaflet-control-zoom a")
        expect(buttons).to_have_count(2)
        expect(buttons.nth(0)).to_have_attribute("title", zoom_in)
        expect(buttons.nth(0)).to_have_attribute("aria-label", zoom_in)
        expect(buttons.nth(1)).to_have_attribute("title", zoom_out)
        expect(buttons.nth(1)).to_have_attribute("aria-label", zoom_out)
