"""Long unbroken text (a title without spaces, a pasted address) wraps inside the page
instead of widening it: no sideways scrolling at 360 px or at 1280 px, for a resident and
for the official who answers (whose pages show more)."""

import pytest
from playwright.sync_api import expect

from consultations.models import Phase
from deliberation.queries import discussion_for
from tests.browser.support import DESKTOP_VIEWPORT, MOBILE, LiveASGIServer, log_in
from tests.consultations.factories import ProposalAnswerFactory, ProposalFactory, consultation_in
from tests.deliberation.owners import make_comment

LONG_WORD = "Propuesta" + "sinespacios" * 12  # 141 characters (a title holds 150), no break
LONG_URL = "https://www.gob.cl/" + "/".join(["documentos-del-plan-regional-2026"] * 6) + ".pdf"
LONG_TOPIC = "Infraestructuraregionalparalaconectividadrural"


@pytest.mark.parametrize("viewport", ["mobile", "desktop"])
def test_long_titles_and_addresses_do_not_widen_pages(
    new_context, live_asgi: LiveASGIServer, resident, official, division, viewport
) -> None:
    consultation = consultation_in(
        Phase.Kind.PROPOSALS,
        Phase.Kind.SUPPORTS,
        Phase.Kind.DELIBERATION,
        title="Consulta" + "sinespacios" * 16,
        slug="larga",
        summary=f"Resumen con una dirección: {LONG_URL}",
        body=f'<p>Lee el plan en <a href="{LONG_URL}">{LONG_URL}</a></p><p>{LONG_URL}</p>',
        division=division,
        topics=[LONG_TOPIC, "Agua"],
    )
    proposal = ProposalFactory(
        consultation=consultation,
        title=LONG_WORD,
        body=f"<p>Más información: {LONG_URL}</p><p>{LONG_WORD}</p>",
        topics=[LONG_TOPIC],
    )
    ProposalAnswerFactory(
        proposal=proposal, author=official, body=f"<p>Ver {LONG_URL}</p>", is_published=True
    )
    make_comment(discussion_for(proposal), resident, f"Miren esto: {LONG_URL}")
    make_comment(discussion_for(consultation), resident, f"{LONG_WORD} {LONG_URL}")

    kwargs = MOBILE if viewport == "mobile" else {"viewport": DESKTOP_VIEWPORT}
    width = 360 if viewport == "mobile" else DESKTOP_VIEWPORT["width"]
    pages = [
        consultation.get_absolute_url(),
        f"{consultation.get_absolute_url()}propuestas/",
        "/consultas/",
        proposal.get_absolute_url(),
    ]
    for person, paths in (
        (resident, pages),
        (official, [proposal.get_absolute_url(), f"{proposal.get_absolute_url()}respuesta/"]),
    ):
        context = new_context(**kwargs)
        log_in(context, live_asgi, person)
        page = context.new_page()
        wide = []
        for path in paths:
            page.goto(live_asgi.url + path)
            expect(page.locator("h1")).to_be_visible()
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                wide.append(f"{path}: {scroll_width} px")
        assert not wide, f"Wider than {width} px for {person}: {wide}"
