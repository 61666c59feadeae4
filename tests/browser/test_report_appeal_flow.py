"""Reports, a moderator's decision and an appeal in Chromium (issue 11's first half):
three residents report a comment and it disappears live for a fourth viewer; a moderator
confirms the hide from the queue with a public reason; its author reads their text beside
the reason and appeals; the moderator who decided cannot resolve it; a second moderator
overturns it and the comment comes back for the viewer, live. The report and appeal pages
are scanned with axe-core."""

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from consultations.models import Phase
from deliberation.actions import do_post_comment
from deliberation.models import Appeal, Comment, Discussion
from tests.browser.a11y import assert_accessible
from tests.browser.support import LiveASGIServer, log_in
from tests.conftest import with_totp
from tests.consultations.factories import ProposalFactory, consultation_in
from tests.factories import UserFactory

TEXT = "Los de ese barrio no deberían opinar"
REASON = "Descalifica a vecinos por su barrio."


@pytest.fixture
def scene(db, settings):
    settings.CABILDO_REPORTS_TO_HIDE = 3
    consultation = consultation_in(Phase.Kind.PROPOSALS, title="Plazas para Quilpué", slug="plazas")
    proposal = ProposalFactory(consultation=consultation, title="Plaza en El Belloto")
    author = UserFactory(email="jorge@ejemplo.cl", display_name="Jorge")
    discussion = Discussion.objects.get(content_type__model="proposal", object_id=proposal.pk)
    comment = do_post_comment(author, discussion=discussion, body=TEXT)
    return {
        "proposal": proposal,
        "comment": comment,
        "author": author,
        "reporters": [
            UserFactory(email=f"vecina{n}@ejemplo.cl", display_name=f"Vecina {n}") for n in range(3)
        ],
        "viewer": UserFactory(email="eva@ejemplo.cl", display_name="Eva"),
        "first": with_totp(
            UserFactory(email="mod1@ejemplo.cl", display_name="Moderadora", is_moderator=True)
        ),
        "second": with_totp(
            UserFactory(email="mod2@ejemplo.cl", display_name="Moderador", is_moderator=True)
        ),
    }


def _page(new_context: Callable[..., BrowserContext], server: LiveASGIServer, user) -> Page:
    context = new_context()
    log_in(context, server, user)
    return context.new_page()


def test_reported_hidden_appealed_and_overturned(
    live_asgi: LiveASGIServer, new_context, scene
) -> None:
    url = live_asgi.url
    comment = scene["comment"]
    card = f'[data-comment-card="{comment.pk}"]'

    viewer = _page(new_context, live_asgi, scene["viewer"])
    viewer.goto(f"{url}{scene['proposal'].get_absolute_url()}")
    expect(viewer.locator("[data-live-status]")).to_be_visible()
    expect(viewer.locator(card)).to_contain_text(TEXT)

    for number, reporter in enumerate(scene["reporters"]):
        page = _page(new_context, live_asgi, reporter)
        page.goto(f"{url}{scene['proposal'].get_absolute_url()}")
        page.locator(card).get_by_role("link", name="Reportar").click()
        expect(page.get_by_role("heading", name="Reportar un aporte")).to_be_visible()
        if number == 0:
            assert_accessible(page)
        page.get_by_label("Ofensivo o discriminatorio").check()
        page.get_by_label("Detalles (opcional)").fill("Discrimina por barrio.")
        page.get_by_role("button", name="Enviar reporte").click()
        expect(page.get_by_text("Gracias:")).to_be_visible()

    # The fourth person, watching, sees it go without reloading.
    expect(viewer.locator(card)).to_contain_text(
        "Oculto por reportes mientras la moderación lo revisa."
    )
    expect(viewer.locator(card)).not_to_contain_text(TEXT)

    first = _page(new_context, live_asgi, scene["first"])
    first.goto(f"{url}/moderacion/?estado=review")
    first.locator("a[data-open-case]").first.click()
    expect(first.get_by_text(TEXT).first).to_be_visible()
    hide = first.locator("form[data-hide-form]")
    hide.get_by_label("Regla que no cumple").select_option("ofensivo")
    hide.get_by_label("Motivo público").fill(REASON)
    hide.get_by_role("button", name="Ocultar").click()
    expect(viewer.locator(card)).to_contain_text(f"Ocultado por moderación: {REASON}")

    author = _page(new_context, live_asgi, scene["author"])
    author.goto(f"{url}{scene['proposal'].get_absolute_url()}")
    own = author.locator(f'[data-comment="{comment.pk}"]')
    own.get_by_text("Ver tu texto (solo tú y moderación lo ven)").click()
    expect(own.get_by_text(TEXT)).to_be_visible()
    own.get_by_role("link", name="Apelar la decisión").click()
    expect(author.get_by_text(REASON)).to_be_visible()
    assert_accessible(author)
    author.get_by_label("¿Por qué pides revisar la decisión?").fill(
        "Hablaba de la junta de vecinos, no de las personas."
    )
    author.get_by_role("button", name="Enviar apelación").click()
    expect(author.get_by_text("Tu apelación quedó registrada.")).to_be_visible()

    # The moderator who decided cannot resolve it.
    first.goto(f"{url}/moderacion/comentario/{comment.pk}/")
    expect(first.get_by_text("la apelación debe resolverla otra persona")).to_be_visible()
    expect(first.get_by_role("button", name="Resolver")).to_have_count(0)

    second = _page(new_context, live_asgi, scene["second"])
    second.goto(f"{url}/moderacion/?estado=appealed")
    second.locator("a[data-open-case]").first.click()
    second.get_by_label("Acoger la apelación: restaurarlo").check()
    second.get_by_label("Respuesta (se envía a su autor o autora)").fill(
        "Leído en contexto, no descalifica a nadie."
    )
    second.get_by_role("button", name="Resolver").click()
    expect(viewer.locator(card)).to_contain_text(TEXT)

    appeal = Appeal.objects.get()
    assert (appeal.status, appeal.resolved_by) == ("overturned", scene["second"])
    comment.refresh_from_db()
    assert comment.moderation_status == Comment.ModerationStatus.PUBLISHED
