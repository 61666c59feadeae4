"""The moderation queue in Chromium: a moderator uses the keyboard shortcuts to open a
reported comment's case and hides it with a public reason; the comment's place then shows
"Ocultado por moderación: <motivo>" to anyone. The queue and the case page are scanned
with axe-core."""

import pytest
from playwright.sync_api import Page, expect

from deliberation.actions import do_report_contribution
from deliberation.models import Comment
from deliberation.queries import discussion_for
from tests.browser.a11y import assert_accessible
from tests.browser.support import LiveASGIServer, signed_in_page
from tests.conftest import with_totp
from tests.consultations.factories import ConsultationFactory
from tests.deliberation.owners import make_comment
from tests.factories import UserFactory


@pytest.fixture
def scene():
    consultation = ConsultationFactory(title="Plan de ciclovías", slug="ciclovias")
    author = UserFactory(email="jorge@ejemplo.cl", display_name="Jorge")
    discussion = discussion_for(consultation)
    target = make_comment(discussion, author, "Eres un inútil, vecino.")
    other = make_comment(discussion, author, "Vendo bicicletas baratas.")
    # Reported in this order: the newest activity (other) comes first in the queue.
    do_report_contribution(
        UserFactory(), contribution=target, reason="ofensivo", details="Insulta a otro"
    )
    do_report_contribution(UserFactory(), contribution=other, reason="spam")
    moderator = with_totp(
        UserFactory(email="mod@ejemplo.cl", display_name="Moderación", is_moderator=True)
    )
    return {"target": target, "moderator": moderator}


def test_moderator_opens_a_case_with_the_keyboard_and_hides_the_comment(
    live_asgi: LiveASGIServer, new_context, scene
) -> None:
    url = live_asgi.url
    target = scene["target"]
    page: Page = signed_in_page(new_context, live_asgi, scene["moderator"])
    page.goto(f"{url}/moderacion/")
    expect(page.get_by_role("link", name="Moderación 2 casos abiertos")).to_be_visible()
    items = page.locator("[data-queue-item]")
    expect(items).to_have_count(2)
    assert_accessible(page)

    # j, j, k, j: the second case (the reported insult) is the current one.
    for key in ("j", "j", "k", "j"):
        page.keyboard.press(key)
    expect(items.nth(1)).to_be_focused()
    expect(items.nth(1)).to_contain_text("Eres un inútil, vecino.")
    # Typing in a field does not trigger a shortcut.
    page.get_by_label("Motivo público").first.press("o")
    expect(page).to_have_url(f"{url}/moderacion/")
    items.nth(1).focus()
    page.keyboard.press("o")
    expect(page).to_have_url(f"{url}/moderacion/comentario/{target.pk}/")
    expect(page.get_by_text("«Insulta a otro»").first).to_be_visible()
    assert_accessible(page)

    # h: to the hide form's reason.
    page.keyboard.press("h")
    reason = page.get_by_role("textbox", name="Motivo público")
    expect(reason).to_be_focused()
    page.keyboard.type("Insulta a otra persona.")
    page.get_by_label("Regla que no cumple").select_option("ofensivo")
    page.get_by_role("button", name="Ocultar", exact=True).click()
    expect(page.get_by_text("El aporte quedó oculto con tu motivo.")).to_be_visible()
    # The moderator still reads the text, marked hidden, with the reason.
    expect(page.locator(".case__mark--hidden")).to_have_text("Oculto")
    expect(page.get_by_text("Eres un inútil, vecino.")).to_be_visible()
    assert_accessible(page)
    target.refresh_from_db()
    assert target.moderation_status == Comment.ModerationStatus.HIDDEN

    visitor = new_context().new_page()
    visitor.goto(f"{url}/conversaciones/comentarios/{target.pk}/")
    expect(visitor.get_by_text("Ocultado por moderación: Insulta a otra persona.")).to_be_visible()
    expect(visitor.get_by_text("Eres un inútil, vecino.")).to_have_count(0)
