"""A verified resident moves, in Chromium: Camila, verified in Quilpué, chooses Olmué in her
profile (warned first, on a phone); the consultation for the verified residents of
Olmué's area still refuses her and says why; an official finds her card, reads that she
moved and verifies her again in Olmué; the consultation then lets her take part. Pages
scanned with axe-core, at 360 px and 1280 px."""

from collections.abc import Callable

from django.utils import timezone
from playwright.sync_api import BrowserContext, expect

from accounts.models import Comuna, User
from consultations.models import Consultation, Phase
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import MOBILE, LiveASGIServer, log_in
from tests.conftest import with_totp
from tests.consultations.factories import consultation_in
from tests.factories import DivisionFactory, UserFactory

QUILPUE, OLMUE = "05801", "05803"


def test_a_resident_who_moved_is_verified_again_in_the_new_comuna(
    new_context: Callable[..., BrowserContext], live_asgi: LiveASGIServer
) -> None:
    url = live_asgi.url
    division = DivisionFactory(name="División de Infraestructura y Transporte", acronym="DIT")
    official = with_totp(
        UserFactory(
            email="paula@gore.cl", display_name="Paula", is_official=True, division=division
        )
    )
    camila = UserFactory(
        email="camila@ejemplo.cl",
        display_name="Camila Rojas",
        comuna=Comuna.objects.get(pk=QUILPUE),
        rut="12345678-5",
        is_verified_resident=True,
        verified_at=timezone.now(),
    )
    rural = consultation_in(
        Phase.Kind.PROPOSALS,
        slug="rural",
        title="Transporte público rural",
        whole_region=False,
        residency_rule=Consultation.Residency.VERIFIED,
        division=division,
    )
    rural.comunas.set(["05702", OLMUE, "05404", "05705"])

    # On her phone, Camila reads where she is verified and what moving does, then moves.
    context = new_context(**MOBILE)
    log_in(context, live_asgi, camila)
    phone = context.new_page()
    phone.goto(f"{url}/cuenta/perfil/")
    expect(phone.get_by_text("Residencia verificada en Quilpué", exact=True)).to_be_visible()
    comuna = phone.get_by_label("Comuna de residencia")
    expect(comuna).to_have_accessible_description(
        "Tu residencia está verificada en Quilpué. Si cambias de comuna, la verificación "
        "sigue siendo de Quilpué: las consultas para residentes verificados la siguen "
        "considerando hasta que verifiques la nueva en una oficina del Gobierno Regional."
    )
    comuna.select_option(OLMUE)
    phone.get_by_role("button", name="Guardar perfil").click()
    expect(phone.get_by_text("Tu perfil quedó guardado.")).to_be_visible()
    expect(
        phone.get_by_text("Tu perfil dice que vives en Olmué, pero tu residencia")
    ).to_be_visible()
    assert_accessible(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

    # The consultation for Olmué's area tells her to verify again, and offers no proposal.
    phone.goto(f"{url}/consultas/rural/")
    rule = phone.locator("#participation-rule")
    expect(rule).to_contain_text("pide una nueva verificación con tu cédula")
    expect(phone.get_by_role("link", name="Escribir una propuesta")).to_have_count(0)

    # At the office, the official finds her card: it says she moved and offers Olmué.
    desk_context = new_context()
    log_in(desk_context, live_asgi, official)
    desk = desk_context.new_page()
    desk.goto(f"{url}/cuenta/verificacion/?q=camila%40ejemplo.cl")
    card = desk.get_by_role("list", name="Resultados").get_by_role("listitem")
    expect(card.get_by_text("Verificada en Quilpué", exact=True)).to_be_visible()
    expect(card).to_contain_text("pero su perfil dice ahora Olmué")
    assert_accessible(desk)
    card.get_by_role("button", name="Verificar en Olmué — Camila Rojas").click()
    expect(desk.get_by_text("Verificaste la residencia de Camila Rojas en Olmué.")).to_be_visible()
    expect(card.get_by_text("Verificada en Olmué", exact=True)).to_be_visible()
    assert User.objects.get(pk=camila.pk).verified_comuna_id == OLMUE

    # Back on her phone, the consultation lets her take part.
    phone.goto(f"{url}/consultas/rural/")
    expect(rule).to_contain_text("Tu residencia está verificada en Olmué: puedes participar.")
    expect(phone.get_by_role("link", name="Escribir una propuesta")).to_be_visible()
    assert_accessible(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
