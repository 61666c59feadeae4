"""The site-wide search in Chromium: from the header's box (behind the menu on a phone) to
the results, accent-blind, then "ver más" to one kind alone; accessible, no sideways
scrolling at 360 and 1280 px."""

import pytest
from playwright.sync_api import expect

from consultations.actions import refresh_consultation_search, refresh_proposal_search
from consultations.models import Phase
from deliberation.actions import create_discussion
from tests.browser.a11y import assert_accessible
from tests.browser.support import DESKTOP_VIEWPORT, MOBILE, LiveASGIServer
from tests.consultations.factories import ProposalFactory, consultation_in
from tests.deliberation.owners import make_comment


@pytest.mark.parametrize("viewport", ["mobile", "desktop"])
def test_a_visitor_searches_without_accents_from_the_header(
    new_context, live_asgi: LiveASGIServer, other_resident, viewport
) -> None:
    consultation = consultation_in(
        Phase.Kind.PROPOSALS,
        title="Árboles urbanos de Valparaíso",
        summary="Dónde plantar árboles nativos.",
    )
    proposals = [
        ProposalFactory(consultation=consultation, title=f"Árboles en la plaza {n}")
        for n in range(7)
    ]
    refresh_consultation_search([consultation.pk])
    refresh_proposal_search([p.pk for p in proposals])
    make_comment(
        create_discussion(proposals[0]), other_resident, "<p>Que los ÁRBOLES sean nativos.</p>"
    )

    context = new_context(**(MOBILE if viewport == "mobile" else {"viewport": DESKTOP_VIEWPORT}))
    page = context.new_page()
    page.goto(live_asgi.url + "/")
    if viewport == "mobile":
        page.get_by_role("button", name="Menú").click()
    box = page.get_by_role("search").get_by_label("Buscar en el sitio")
    box.fill("arbol")
    box.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Buscar en el sitio")
    expect(page.get_by_role("heading", name="Consultas", level=2)).to_be_visible()
    expect(page.get_by_role("link", name="Árboles urbanos de Valparaíso").first).to_be_visible()
    proposals_section = page.locator("section", has=page.get_by_role("heading", name="Propuestas"))
    expect(proposals_section.locator(".search-result")).to_have_count(5)
    expect(page.locator("mark").get_by_text("ÁRBOLES", exact=True)).to_be_visible()
    # What was typed stays in the page's box.
    expect(page.locator("#id_q")).to_have_value("arbol")
    assert page.evaluate("document.documentElement.scrollWidth") <= (
        360 if viewport == "mobile" else DESKTOP_VIEWPORT["width"]
    )
    assert_accessible(page)

    page.get_by_role("link", name="Ver más propuestas").click()
    expect(page.get_by_role("heading", name="Propuestas", level=2)).to_be_visible()
    expect(page.locator(".search-result")).to_have_count(7)
    expect(page.get_by_role("status")).to_have_text("7 resultados")

    # An empty search says what to do, and the box is marked.
    page.locator("#id_q").fill("")
    page.locator("#id_q").evaluate("box => box.form.noValidate = true")
    page.get_by_role("button", name="Buscar", exact=True).last.click()
    expect(page.get_by_text("Escribe qué quieres buscar.")).to_be_visible()
    expect(page.locator("#id_q")).to_have_attribute("aria-invalid", "true")
