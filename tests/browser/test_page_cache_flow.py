"""Cached pages in Chromium: an anonymous visitor reads the proposals list from the page
cache, switches to English with the form of the cached page (its CSRF token is the
visitor's own), reads the English copy; a moderator hides a proposal and the visitor's
next look no longer shows it; the visitor signs in and sees their own page, not the
anonymous copy."""

import pytest
from playwright.sync_api import Page, expect

from common import pagecache
from consultations.models import Phase
from tests.browser.support import LiveASGIServer, log_in, signed_in_page
from tests.conftest import with_totp
from tests.consultations.factories import ProposalFactory, consultation_in
from tests.factories import UserFactory

LIST = "/consultas/ciclovias/propuestas/"


@pytest.fixture
def scene():
    consultation = consultation_in(
        Phase.Kind.PROPOSALS, Phase.Kind.SUPPORTS, title="Ciclovías regionales", slug="ciclovias"
    )
    hidden = ProposalFactory(consultation=consultation, title="Ciclovía por la costanera")
    ProposalFactory(consultation=consultation, title="Más árboles en la plaza")
    moderator = with_totp(
        UserFactory(email="mod@ejemplo.cl", display_name="Moderación", is_moderator=True)
    )
    resident = UserFactory(email="camila@ejemplo.cl", display_name="Camila")
    return {"hidden": hidden, "moderator": moderator, "resident": resident}


def test_anonymous_pages_come_from_the_cache_and_never_outlive_a_change(
    live_asgi: LiveASGIServer, new_context, scene
) -> None:
    url = live_asgi.url
    visitor_context = new_context()
    visitor: Page = visitor_context.new_page()
    assert visitor.goto(f"{url}{LIST}").headers[pagecache.HEADER.lower()] == "miss"
    response = visitor.goto(f"{url}{LIST}")
    assert response.headers[pagecache.HEADER.lower()] == "hit"
    expect(visitor.get_by_role("link", name="Ciclovía por la costanera")).to_be_visible()

    # The language switch of a cached page posts the visitor's own token.
    visitor.get_by_role("button", name="English").click()
    expect(visitor.get_by_role("heading", level=1)).to_contain_text("Proposals")
    assert visitor.goto(f"{url}{LIST}").headers[pagecache.HEADER.lower()] == "hit"
    expect(visitor.locator("html")).to_have_attribute("lang", "en")
    visitor.get_by_role("button", name="Español").click()
    expect(visitor.get_by_role("heading", level=1)).to_contain_text("Propuestas")

    moderator: Page = signed_in_page(new_context, live_asgi, scene["moderator"])
    moderator.goto(f"{url}{scene['hidden'].get_absolute_url()}")
    controls = moderator.get_by_role("region", name="Moderación")
    controls.get_by_label("Motivo público").fill("Datos personales.")
    controls.get_by_role("button", name="Ocultar").click()
    expect(moderator.get_by_text("La propuesta quedó oculta.")).to_be_visible()

    visitor.goto(f"{url}{LIST}")
    expect(visitor.get_by_role("link", name="Más árboles en la plaza")).to_be_visible()
    expect(visitor.get_by_role("link", name="Ciclovía por la costanera")).to_have_count(0)

    log_in(visitor_context, live_asgi, scene["resident"])
    response = visitor.goto(f"{url}{LIST}")
    assert pagecache.HEADER.lower() not in response.headers
    expect(visitor.get_by_role("button", name="Apoyar — Más árboles en la plaza")).to_be_visible()
    expect(visitor.get_by_role("link", name="Mi perfil")).to_be_visible()
