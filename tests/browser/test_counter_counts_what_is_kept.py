"""The live character counter counts what the server keeps: spaces and blank lines at the
ends are dropped on saving (forms strip them), so a text pasted with a trailing newline is
not announced as too long when it fits (found in the walk-through of issue 9)."""

from playwright.sync_api import expect

from consultations.models import Phase, Proposal
from tests.browser.support import LiveASGIServer, signed_in_page
from tests.consultations.factories import consultation_in


def test_spaces_at_the_ends_do_not_count(new_context, live_asgi: LiveASGIServer, resident):
    consultation_in(Phase.Kind.PROPOSALS, slug="plazas")
    page = signed_in_page(new_context, live_asgi, resident)
    page.goto(live_asgi.url + "/consultas/plazas/propuestas/nueva/")
    title = "Bancas " + "a" * 143  # exactly the 150 characters a title holds
    page.locator("#id_title").fill(f"  {title}   ")
    page.locator("#id_body").fill("Bancas con sombra.\n\n")
    counter = page.locator("#id_title-contador")
    expect(counter).to_have_text("150 de 150 caracteres")
    expect(counter).not_to_have_class("counter counter--over")

    page.get_by_role("button", name="Publicar propuesta").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    assert Proposal.objects.get().title == title
