import json
import pytest
from playwright.sync_api import Page, expect
from tests.browser.a11y import WCAG_TAGS, _axe_source
from tests.browser.conftest import log_in, MOBILE
from tests.factories import NotificationFactory

def dump(page, label):
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    v = page.evaluate("""async (tags) => (await axe.run(document, {runOnly:{type:'tag', values: tags}})).violations.map(v => [v.id, v.impact, v.nodes.map(n => n.target.join(' ') + ' :: ' + n.failureSummary.replace(/\\n/g, ' | '))])""", WCAG_TAGS)
    print("\n=====", label, page.url)
    for item in v:
        print(json.dumps(item, ensure_ascii=False, indent=1))

def test_all(context, live_asgi, resident, official, new_context):
    page = context.new_page()
    u = live_asgi.url
    for path in ["/", "/cuenta/login/", "/cuenta/signup/", "/cuenta/password/reset/", "/privacidad/", "/no-existe/"]:
        page.goto(u + path); dump(page, path)
    page.goto(u + "/cuenta/signup/"); page.get_by_role("button", name="Registrarse").click(); dump(page, "signup errors")
    log_in(context, live_asgi, resident)
    for path in ["/", "/cuenta/perfil/", "/cuenta/notificaciones/", "/cuenta/privacidad/", "/cuenta/email/", "/cuenta/2fa/"]:
        page.goto(u + path); dump(page, path)
    NotificationFactory(recipient=resident, body="Hola\nmundo")
    NotificationFactory(recipient=resident, url="")
    page.goto(u + "/cuenta/notificaciones/"); dump(page, "notifs")
    c2 = new_context()
    log_in(c2, live_asgi, official)
    p2 = c2.new_page()
    p2.goto(u + "/cuenta/verificacion/"); dump(p2, "verif")
    p2.goto(u + "/cuenta/verificacion/?q=camila@ejemplo.cl"); dump(p2, "verif results")
    m = new_context(**MOBILE).new_page()
    m.goto(u + "/"); dump(m, "mobile"); print("scrollWidth", m.evaluate("document.documentElement.scrollWidth"))
    m.get_by_role("button", name="Menú").click(); dump(m, "mobile menu")
