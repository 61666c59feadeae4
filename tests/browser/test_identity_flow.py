"""Who is speaking, in Chromium: a resident who tries to take an official's name
("Paula Contreras (DIPLADE)") is refused in the profile with the reason and keeps what
they typed (360 px); an official of the consultation's division comments where residents
must be verified, and a resident watching the proposal sees the comment arrive live with
the division's badge, as it reads after a reload. Pages scanned with axe-core."""

from collections.abc import Callable

from playwright.sync_api import BrowserContext, expect

from accounts.models import User
from consultations.models import Consultation, Phase
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import MOBILE, LiveASGIServer, log_in
from tests.conftest import with_totp
from tests.consultations.factories import ProposalFactory, consultation_in
from tests.factories import DivisionFactory, UserFactory

BADGE = "Oficial · División de Planificación y Desarrollo Regional"


def test_an_imitation_is_refused_and_an_official_speaks_with_the_division_badge(
    new_context: Callable[..., BrowserContext], live_asgi: LiveASGIServer
) -> None:
    url = live_asgi.url
    diplade = DivisionFactory(
        name="División de Planificación y Desarrollo Regional", acronym="DIPLADE"
    )
    official = with_totp(
        UserFactory(
            email="paula@gore.cl",
            display_name="Paula Contreras",
            is_official=True,
            division=diplade,
        )
    )
    resident = UserFactory(email="camila@ejemplo.cl", display_name="Camila Rojas")

    # The resident tries the official's name with the division's acronym, on a phone.
    context = new_context(**MOBILE)
    log_in(context, live_asgi, resident)
    phone = context.new_page()
    phone.goto(f"{url}/cuenta/perfil/")
    name = phone.get_by_label("Nombre público")
    name.fill("Paula Contreras (DIPLADE)")
    phone.get_by_role("button", name="Guardar perfil").click()
    expect(phone.get_by_text("no puede incluir «DIPLADE»").first).to_be_visible()
    expect(phone.get_by_label("Nombre público")).to_have_value("Paula Contreras (DIPLADE)")
    assert_accessible(phone)
    assert User.objects.get(pk=resident.pk).display_name == "Camila Rojas"

    # A consultation for verified residents: the resident watches a proposal's talk.
    consultation = consultation_in(
        Phase.Kind.PROPOSALS,
        Phase.Kind.SUPPORTS,
        slug="ciclovias",
        division=diplade,
        residency_rule=Consultation.Residency.VERIFIED,
    )
    proposal = ProposalFactory(consultation=consultation, title="Ciclovía por la costanera")
    watcher_context = new_context()
    log_in(watcher_context, live_asgi, resident)
    watcher = watcher_context.new_page()
    watcher.goto(f"{url}{proposal.get_absolute_url()}")
    expect(watcher.locator("[data-live-status]")).to_be_visible()

    # The official of the division comments there (no verification needed for them).
    official_context = new_context()
    log_in(official_context, live_asgi, official)
    desk = official_context.new_page()
    desk.goto(f"{url}{proposal.get_absolute_url()}")
    desk.get_by_label("Tu comentario").fill("Estamos evaluando el trazado con Vialidad.")
    desk.get_by_label("A favor").check()
    desk.get_by_role("button", name="Publicar comentario").click()
    expect(desk.get_by_label("Tu comentario")).to_have_value("")

    # Live, on the resident's page: the comment with the official's name, tag and badge.
    card = watcher.locator("[data-comment-card]").filter(has_text="Estamos evaluando")
    expect(card).to_be_visible()
    author = card.locator(".comment__author")
    expect(author).to_contain_text("Paula Contreras")
    expect(author).to_contain_text(f"#{official.public_suffix}")
    expect(author.locator(".author-badge--official")).to_have_text(BADGE)

    # The same after a reload, and the page is accessible with the badge on it.
    watcher.reload()
    expect(watcher.locator(".comment__author .author-badge--official")).to_have_text(BADGE)
    assert_accessible(watcher)
