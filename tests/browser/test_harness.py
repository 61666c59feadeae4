"""The browser-test harness itself: the live server restarts in place, a Content Security
Policy violation is caught, and broadcasting code can run beside Playwright's loop."""

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from playwright.sync_api import Error, Page, expect

from accounts.models import User
from tests.browser.support import LiveASGIServer, PageProblems, outside_event_loop


def test_live_server_restarts_on_the_same_address(page: Page, live_asgi: LiveASGIServer) -> None:
    url = live_asgi.url
    page.goto(f"{url}/")
    live_asgi.stop()
    # A request, not a navigation: Chromium's error page would race the next goto.
    with pytest.raises(Error, match="ECONNREFUSED"):
        page.request.get(f"{url}/privacidad/")
    live_asgi.start()
    assert live_asgi.url == url
    page.goto(f"{url}/privacidad/")
    expect(page.get_by_role("heading", name="Política de privacidad")).to_be_visible()


def test_inline_script_is_refused_and_reported(
    page: Page, live_asgi: LiveASGIServer, page_problems: PageProblems
) -> None:
    page.goto(f"{live_asgi.url}/")
    with page.expect_console_message(lambda message: "Content Security Policy" in message.text):
        page.evaluate(
            """() => {
                const script = document.createElement("script");
                script.textContent = "document.body.dataset.injected = 'yes'";
                document.body.append(script);
            }"""
        )
    expect(page.locator("body")).not_to_have_attribute("data-injected", "yes")
    assert any("Content Security Policy" in message for message in page_problems.messages)
    # Reported, so the test would fail at teardown; this one only proves the watch works.
    page_problems.messages.clear()


def test_broadcasting_code_runs_outside_playwrights_event_loop(
    page: Page, live_asgi: LiveASGIServer
) -> None:
    # `page` starts Playwright, hence its loop in this thread.
    layer = get_channel_layer()
    send = async_to_sync(layer.group_send)
    # What an action's on_commit broadcast does; refused on the test thread's loop.
    with pytest.raises(RuntimeError, match="event loop"):
        send("harness", {"type": "harness.ping"})
    outside_event_loop(send, "harness", {"type": "harness.ping"})
    assert outside_event_loop(User.objects.count) == User.objects.count()
