"""Issue 9's walk-through, kept: a resident's main public journey in Spanish and English, on
a phone (360 px) and a desktop (1280 px).

From the home page, the language switch in the header (English), the header's search with
"ciclovias" and the consultation list with "espacios publicos" (accent-blind), the
consultation (topics in the page's language, who may take part), a proposal with a map
point (its place named, never raw coordinates; zoom buttons in the page's language; the
author's verified mark and an official's comment with the division's badge) and an answered
one (supports closed, no "Apoyar"). On every page: the government's name in the header, no
sideways scrolling, and on English pages none of the Spanish sentences issue 9 added.

The English run needs the compiled English catalogue.
"""

from collections.abc import Callable

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from consultations.actions import refresh_consultation_search, refresh_proposal_search
from consultations.models import Phase, Proposal, Topic
from consultations.topics import load_curated_topics
from deliberation.models import Discussion
from tests.browser.a11y import assert_accessible
from tests.browser.support import DESKTOP_VIEWPORT, MOBILE, LiveASGIServer, log_in
from tests.consultations.factories import (
    ProposalAnswerFactory,
    ProposalFactory,
    SupportFactory,
    consultation_in,
)
from tests.deliberation.owners import make_comment

MISSING_TILES = "/static/no-hay-teselas/{z}/{x}/{y}.png"

# What each language's pages say, for the strings issue 9 added (English from the catalogue).
TEXT = {
    "es": {
        "search": "Buscar en el sitio",
        "topic": "Movilidad",
        "who": "Quién puede participar",
        "anyone": "Cualquier persona con cuenta",
        "zoom": ("Acercar", "Alejar"),
        "place": "Marcada en el mapa en Viña del Mar (Valparaíso).",
        "verified": "Residente verificado/a",
        "official": "Oficial · División de Planificación",
        "support": "Apoyar",
        "closed": "ya tiene respuesta oficial",
        "government": settings.CABILDO_GOVERNMENT_NAME,
        "menu": "Menú",
    },
    "en": {
        "search": "Search the site",
        "topic": "Transport and mobility",
        "who": "Who can take part",
        "anyone": "Anyone with an account",
        "zoom": ("Zoom in", "Zoom out"),
        "place": "Marked on the map in Viña del Mar (Valparaíso).",
        "verified": "Verified resident",
        "official": "Official · División de Planificación",
        "support": "Support",
        "closed": "already has an official answer",
        "government": settings.CABILDO_GOVERNMENT_NAME_EN,
        "menu": "Menu",
    },
}

# Spanish that issue 9 added to pages and that an English page must not show.
SPANISH_OF_ISSUE_9 = [
    "Buscar en el sitio",
    "No importan las tildes",
    "Quién puede participar",
    "Cualquier persona con cuenta",
    "Acercar",
    "Alejar",
    "Marcada en el mapa",
    "Latitud",
    "Residente verificado/a",
    "Oficial ·",
    "Distingue a personas con el mismo nombre",
    "ya tiene respuesta oficial",
    "Vista previa",
    "caracteres",
    "Movilidad",
]

PHONE = {**MOBILE}
DESKTOP = {"viewport": DESKTOP_VIEWPORT}


@pytest.fixture
def journey(settings, verified_resident, official):
    """A consultation in its supports phase, findable without accents, with a curated
    topic; one proposal with a map point and an official's comment, one answered."""
    settings.CABILDO_MAP_TILE_URL = MISSING_TILES
    topics = load_curated_topics(Topic)
    consultation = consultation_in(
        Phase.Kind.SUPPORTS,
        slug="ciclovias",
        title="Red de ciclovías y espacios públicos",
        summary="Dónde trazar las ciclovías de la región.",
    )
    consultation.topics.set([topics["Movilidad"]])
    located = ProposalFactory(
        consultation=consultation,
        author=verified_resident,
        title="Ciclovías en la avenida España",
        latitude=-33.0246,
        longitude=-71.5518,
        comuna_id="05109",
    )
    answered = ProposalFactory(consultation=consultation, title="Estacionamientos de bicicletas")
    SupportFactory(proposal=answered)
    ProposalAnswerFactory(
        proposal=answered,
        author=official,
        state=Proposal.State.ACCEPTED,
        body="<p>La incluiremos en el plan.</p>",
        is_published=True,
        published_at=timezone.now(),
    )
    Proposal.objects.filter(pk=answered.pk).update(state=Proposal.State.ACCEPTED)
    make_comment(
        Discussion.objects.get(object_id=located.pk, content_type__model="proposal"),
        official,
        "<p>La división revisará el trazado.</p>",
        speaks_for=official.division,
    )
    refresh_consultation_search([consultation.pk])
    refresh_proposal_search([located.pk, answered.pk])
    return consultation, located, answered


def check_page(page: Page, language: str, width: int) -> None:
    """What every page of the journey must keep, in both languages and widths."""
    text = TEXT[language]
    expect(page.locator(".brand__org")).to_have_text(text["government"])
    expect(page.locator(".brand__org")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url
    if language == "en":
        shown = page.locator("body").inner_text()
        labels = page.evaluate(
            """() => Array.from(document.querySelectorAll('[title], [aria-label]'))
                .flatMap(e => [e.getAttribute('title'), e.getAttribute('aria-label')])
                .filter(Boolean).join('\\n')"""
        )
        leftovers = [s for s in SPANISH_OF_ISSUE_9 if s in shown or s in labels]
        assert not leftovers, f"Spanish on the English page {page.url}: {leftovers}"


def open_menu(page: Page, language: str, width: int) -> None:
    if width == 360:
        page.get_by_role("button", name=TEXT[language]["menu"], exact=True).click()


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("language", ["es", "en"])
def test_a_resident_walks_the_public_journey(
    new_context: Callable[..., BrowserContext],
    live_asgi: LiveASGIServer,
    resident,
    journey,
    language,
    width,
) -> None:
    consultation, located, answered = journey
    text = TEXT[language]
    context = new_context(**(PHONE if width == 360 else DESKTOP))
    log_in(context, live_asgi, resident)
    page = context.new_page()

    page.goto(live_asgi.url + "/")
    if language == "en":
        # The language switch in the header, as a person would (behind the menu on a phone).
        open_menu(page, "es", width)
        page.get_by_role("button", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
    check_page(page, language, width)

    # The header's search: "ciclovias" finds "ciclovías".
    open_menu(page, language, width)
    box = page.get_by_role("search").get_by_label(text["search"])
    box.fill("ciclovias")
    box.press("Enter")
    expect(page.get_by_role("link", name=consultation.title).first).to_be_visible()
    expect(page.get_by_role("link", name=located.title).first).to_be_visible()
    check_page(page, language, width)

    # The consultation list: "espacios publicos" finds "espacios públicos".
    page.goto(live_asgi.url + "/consultas/?q=espacios+publicos")
    expect(page.get_by_role("link", name=consultation.title)).to_be_visible()
    check_page(page, language, width)

    # The consultation: its topic and who may take part, in the page's language.
    page.get_by_role("link", name=consultation.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(consultation.title)
    main = page.locator("main")
    expect(main.get_by_text(text["topic"], exact=True).first).to_be_visible()
    expect(main.get_by_text(text["who"], exact=True).first).to_be_visible()
    expect(main.get_by_text(text["anyone"]).first).to_be_visible()
    check_page(page, language, width)

    # A proposal with a map point: its place named, not its coordinates.
    page.goto(live_asgi.url + located.get_absolute_url())
    expect(main.get_by_text(text["place"])).to_be_visible()
    assert "-33.02" not in main.inner_text()
    assert "-71.55" not in main.inner_text()
    zoom = page.locator(".leaflet-control-zoom a")
    expect(zoom).to_have_count(2)
    for button, label in zip(zoom.all(), text["zoom"], strict=True):
        expect(button).to_have_attribute("title", label)
        expect(button).to_have_attribute("aria-label", label)
    # The author's verified mark; the official's comment carries the division's badge.
    expect(main.locator(".author-badge--verified").first).to_have_text(text["verified"])
    comment = main.locator("li.comment-item").filter(has_text="La división revisará")
    expect(comment.locator(".author-badge--official")).to_have_text(text["official"])
    expect(main.locator("form[action$='/apoyar/'] button")).to_contain_text(text["support"])
    check_page(page, language, width)
    if width == 360:
        assert_accessible(page)

    # An answered proposal: supports closed, no button.
    page.goto(live_asgi.url + answered.get_absolute_url())
    expect(main.get_by_text(text["closed"])).to_be_visible()
    expect(main.locator("form[action$='/apoyar/']")).to_have_count(0)
    check_page(page, language, width)
