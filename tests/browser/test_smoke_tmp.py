from playwright.sync_api import Page, expect
from tests.browser.a11y import assert_accessible

def test_home(page: Page, live_asgi):
    page.goto(live_asgi.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "es-CL")
    live_asgi.restart()
    page.goto(live_asgi.url + "/cuenta/login/")
    assert_accessible(page)

def test_home2(page: Page, live_asgi):
    from accounts.models import Comuna
    assert Comuna.objects.count() > 300
    page.goto(live_asgi.url + "/cuenta/signup/")
    assert_accessible(page)
