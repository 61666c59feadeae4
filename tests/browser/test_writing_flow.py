"""Writing a proposal (issue 9, items 7 and 8): a pasted 15,600-character body and a
300-character title are not cut: the counter shows the excess, the server refuses with the
lengths and keeps every character; then the Markdown subset, its preview (with and
without JavaScript), the published page and the edit box showing exactly what was typed."""

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, expect

from consultations.models import Phase, Proposal
from tests.browser.a11y import assert_accessible
from tests.browser.support import DESKTOP_VIEWPORT, MOBILE, LiveASGIServer, signed_in_page
from tests.consultations.factories import consultation_in

BODY = ("Necesitamos más árboles nativos en la plaza. " * 347)[:15_599] + "."
TITLE = ("Árboles para la plaza " * 14)[:299] + "."  # 300 characters
TYPED = "Queremos **sombra** y *agua*:\n- árboles nativos\n- bebederos\n\n<b>sin etiquetas</b>"


@pytest.fixture
def consultation(db, division):
    return consultation_in(Phase.Kind.PROPOSALS, title="Plazas", slug="plazas", division=division)


@pytest.mark.parametrize("viewport", ["mobile", "desktop"])
def test_long_text_is_kept_counted_and_refused_then_previewed_and_published(
    new_context: Callable[..., BrowserContext],
    live_asgi: LiveASGIServer,
    resident,
    consultation,
    viewport,
) -> None:
    kwargs = MOBILE if viewport == "mobile" else {"viewport": DESKTOP_VIEWPORT}
    page = signed_in_page(new_context, live_asgi, resident, **kwargs)
    page.goto(f"{live_asgi.url}/consultas/plazas/propuestas/nueva/")
    title, body = page.get_by_label("Título"), page.get_by_label("Tu propuesta")
    assert_accessible(page)

    # Pasting: nothing is cut, the counters show the excess.
    title.fill(TITLE)
    body.fill(BODY)
    expect(title).to_have_value(TITLE)
    assert len(body.input_value()) == 15_600
    expect(page.locator("#id_title-contador")).to_have_text("300 de 150 caracteres: sobran 150")
    expect(page.locator("#id_body-contador")).to_have_text(
        "15\u00a0600 de 10\u00a0000 caracteres: sobran 5\u00a0600"
    )
    expect(page.locator("#id_body-contador")).to_have_class("counter counter--over")

    page.get_by_role("button", name="Publicar propuesta").click()
    expect(
        page.get_by_text("El título tiene 300 caracteres; el máximo es 150.").first
    ).to_be_visible()
    expect(
        page.get_by_text(
            "La propuesta tiene 15\u00a0600 caracteres; el máximo es 10\u00a0000. Acórtala un poco."
        ).first
    ).to_be_visible()
    expect(title).to_have_value(TITLE)
    assert len(body.input_value()) == 15_600
    expect(page.locator("#id_body-contador")).to_contain_text("sobran 5\u00a0600")
    assert not Proposal.objects.exists()

    # Shortened and formatted: the preview shows how it will look, without leaving the page.
    title.fill("Sombra y agua en la plaza")
    body.fill(TYPED)
    expect(page.locator("#id_body-contador")).to_have_text(
        f"{len(TYPED)} de 10\u00a0000 caracteres"
    )
    page.get_by_role("button", name="Vista previa").click()
    preview = page.locator("#propuesta-vista-previa")
    expect(preview.locator("strong")).to_have_text("sombra")
    expect(preview.locator("li")).to_have_text(["árboles nativos", "bebederos"])
    expect(preview).to_contain_text("<b>sin etiquetas</b>")
    assert not Proposal.objects.exists()

    page.get_by_role("button", name="Publicar propuesta").click()
    expect(page.locator(".proposal__body strong")).to_have_text("sombra")
    expect(page.locator(".proposal__body li")).to_have_count(2)
    proposal = Proposal.objects.get()
    assert proposal.body_source == TYPED.replace("\r\n", "\n")

    page.goto(f"{live_asgi.url}{proposal.get_absolute_url()}editar/")
    expect(page.get_by_label("Tu propuesta")).to_have_value(TYPED)


def test_the_preview_works_without_javascript(
    new_context: Callable[..., BrowserContext], live_asgi: LiveASGIServer, resident, consultation
) -> None:
    page = signed_in_page(new_context, live_asgi, resident, java_script_enabled=False)
    page.goto(f"{live_asgi.url}/consultas/plazas/propuestas/nueva/")
    page.get_by_label("Título").fill("Sombra")
    page.get_by_label("Tu propuesta").fill(TYPED)
    page.get_by_role("button", name="Vista previa").click()
    preview = page.locator("#propuesta-vista-previa")
    expect(preview.locator("strong")).to_have_text("sombra")
    expect(page.get_by_label("Tu propuesta")).to_have_value(TYPED)
    expect(page.get_by_label("Título")).to_have_value("Sombra")
    assert not Proposal.objects.exists()
