"""At 360 px: results tables never break a header inside a word ("Person/as",
"Porcenta/je"), scroll in their own labelled region, and the header keeps the
government's name. Axe checks the results pages there too."""

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from consultations.models import Phase
from tests.browser.a11y import assert_accessible
from tests.browser.support import MOBILE, LiveASGIServer
from tests.consultations.factories import consultation_in
from tests.surveys.factories import add_responses, demographic_people, make_survey

# For each column header: its text, whether any word of it is split over two lines (a
# word's Range has one client rectangle per line it spans), its computed word-break and
# hyphens, and whether it is taller than its words need (one line per word at most).
HEADERS_JS = """
() => [...document.querySelectorAll('.results-table th[scope="col"]')].map((th) => {
  const text = th.textContent;
  const node = [...th.childNodes].find((child) => child.nodeType === Node.TEXT_NODE
                                                  && child.textContent.trim());
  const split = [];
  let lines = new Set();
  for (const match of text.matchAll(/\\S+/g)) {
    const range = document.createRange();
    range.setStart(node, match.index);
    range.setEnd(node, match.index + match[0].length);
    const rects = [...range.getClientRects()].filter((rect) => rect.width > 0);
    if (new Set(rects.map((rect) => Math.round(rect.top))).size > 1) split.push(match[0]);
    rects.forEach((rect) => lines.add(Math.round(rect.top)));
  }
  const style = getComputedStyle(th);
  const words = text.trim().split(/\\s+/).length;
  return {text: text.trim(), split, lines: lines.size, words,
          wordBreak: style.wordBreak, hyphens: style.hyphens};
})
"""


@pytest.fixture
def scene():
    cultura = consultation_in(Phase.Kind.RESULTS, title="Política de cultura", slug="cultura")
    add_responses(make_survey(cultura, state="closed"), 12, people=demographic_people(12))


def check_headers(page: Page) -> None:
    headers = page.evaluate(HEADERS_JS)
    assert headers, "no results table"
    for header in headers:
        assert header["split"] == [], header
        assert header["lines"] <= header["words"], header
        assert header["hyphens"] != "auto", header
        assert header["wordBreak"] not in ("break-all", "break-word"), header
    texts = {header["text"] for header in headers}
    assert {"Personas", "Porcentaje"} <= texts


def check_regions(page: Page) -> None:
    for region in page.locator(".table-wrap").all():
        expect(region).to_have_attribute("role", "region")
        expect(region).to_have_attribute("tabindex", "0")
        assert region.get_attribute("aria-labelledby")
    # A wide table scrolls inside its region, never the page.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_results_at_360_px(
    new_context: Callable[..., BrowserContext], live_asgi: LiveASGIServer, scene
):
    page = new_context(**MOBILE).new_page()
    for path in ("/consultas/cultura/encuesta/resultados/", "/consultas/cultura/resultados/"):
        page.goto(f"{live_asgi.url}{path}")
        check_headers(page)
        check_regions(page)
        assert_accessible(page)
    # The comunas under 5 people are one row, their names behind a disclosure widget.
    expect(page.get_by_role("rowheader", name="Otras 36 comunas")).to_be_visible()
    page.get_by_text("Cuáles son las 36 comunas").click()
    expect(page.locator(".results-table__members p")).to_contain_text("Quilpué")


def test_the_phone_header_keeps_the_governments_name(
    new_context: Callable[..., BrowserContext], live_asgi: LiveASGIServer, db
):
    page = new_context(**MOBILE).new_page()
    page.goto(f"{live_asgi.url}/")
    name = page.locator(".site-header .brand__org")
    expect(name).to_be_visible()
    expect(name).to_have_text("Gobierno Regional de Valparaíso")
    box = name.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 360
    # The menu button still fits beside the brand, on the first line of the header.
    toggle = page.get_by_role("button", name="Menú")
    expect(toggle).to_be_visible()
    assert toggle.bounding_box()["x"] + toggle.bounding_box()["width"] <= 360
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
