"""Live updates paused in Chromium: with Redis unreachable the room's socket is accepted,
says "paused" and closes (4503); the page shows it in a status region and keeps retrying.
When Redis is back the socket reconnects, the catch-up brings what was written meanwhile
and the message goes.
"""

import pytest
from playwright.sync_api import expect

from deliberation.actions import do_post_comment
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import LiveASGIServer, log_in
from tests.deliberation.owners import (  # noqa: F401  (fixtures)
    discussion,
    make_comment,
    owner,
    owner_rules,
    test_owner_registered,
)
from tests.deliberation.sockets import UNREACHABLE_LAYERS
from tests.factories import UserFactory

PAUSED = "Las actualizaciones en vivo están en pausa"


@pytest.fixture
def talk(request: pytest.FixtureRequest):
    """A discussion on the test owner, shown on its standalone page."""
    return request.getfixturevalue("discussion")


def test_with_redis_unreachable_the_page_says_live_updates_are_paused_until_it_is_back(
    live_asgi: LiveASGIServer, new_context, talk, settings
) -> None:
    camila = UserFactory(email="camila@ejemplo.cl", display_name="Camila")
    jorge = UserFactory(email="jorge@ejemplo.cl", display_name="Jorge")
    make_comment(talk, camila, "Ya estaba antes")
    working_layers = settings.CHANNEL_LAYERS
    settings.CHANNEL_LAYERS = UNREACHABLE_LAYERS

    context = new_context()
    log_in(context, live_asgi, jorge)
    page = context.new_page()
    page.goto(f"{live_asgi.url}/conversaciones/{talk.pk}/")

    status = page.get_by_role("status").filter(has_text=PAUSED)
    expect(status).to_be_visible()
    expect(page.locator("[data-live-status]")).to_be_hidden()
    assert_accessible(page)

    # Written while the room cannot broadcast (the write stands; the broadcast is lost).
    do_post_comment(camila, discussion=talk, body="Escrito durante el corte")
    settings.CHANNEL_LAYERS = working_layers

    # The page retries with backoff (1 s, 2 s, 4 s...) and catches up.
    expect(page.locator(".comment__body", has_text="Escrito durante el corte")).to_be_visible(
        timeout=20_000
    )
    expect(page.locator("[data-live-paused]")).to_be_hidden()
    expect(page.locator("[data-live-status]")).to_be_visible()
    expect(page.locator("[data-announcer]")).to_have_text(
        "Llegó 1 comentario nuevo mientras estabas sin conexión."
    )
    expect(page.locator("[data-comment-card]")).to_have_count(2)
