"""An outcome in Chromium: an official (second factor passed) links a proposal to a
section of the ERD as "incorporada" from the proposal's page; its author finds it under
"¿Qué pasó con mi aporte?" on their profile; the official publishes the consultation's
devolución, which prints without the site's navigation. The instrument page and the
devolución are scanned with axe-core."""

import pytest
from playwright.sync_api import Page, expect

from consultations.models import Phase
from planning.models import InstrumentSection, Outcome, PlanningInstrument
from tests.browser.a11y import assert_accessible
from tests.browser.support import LiveASGIServer, signed_in_page
from tests.conftest import with_totp
from tests.consultations.factories import ProposalFactory, consultation_in
from tests.factories import DivisionFactory, UserFactory


@pytest.fixture
def scene():
    division = DivisionFactory(name="División de Planificación", acronym="DIPLADE")
    instrument = PlanningInstrument.objects.create(
        name="Estrategia Regional de Desarrollo", slug="erd", kind=PlanningInstrument.Kind.ERD
    )
    InstrumentSection.objects.create(
        instrument=instrument, code="OE 1", title="Movilidad sostenible", position=1
    )
    consultation = consultation_in(
        Phase.Kind.PROPOSALS,
        Phase.Kind.SUPPORTS,
        title="Ciclovías regionales",
        slug="ciclovias",
        division=division,
        planning_instrument=instrument,
    )
    author = UserFactory(email="jorge@ejemplo.cl", display_name="Jorge")
    proposal = ProposalFactory(
        consultation=consultation, author=author, title="Ciclovía por la costanera"
    )
    official = with_totp(
        UserFactory(
            email="paula@ejemplo.cl", display_name="Paula", is_official=True, division=division
        )
    )
    return {"proposal": proposal, "author": author, "official": official}


def test_official_links_a_proposal_and_its_author_sees_it(
    live_asgi: LiveASGIServer, new_context, scene
) -> None:
    url = live_asgi.url
    proposal = scene["proposal"]
    page: Page = signed_in_page(new_context, live_asgi, scene["official"])

    page.goto(f"{url}{proposal.get_absolute_url()}")
    page.get_by_role("link", name="Registrar su destino en la planificación").click()
    expect(page.get_by_role("heading", name="Registrar el destino de un aporte")).to_be_visible()
    expect(page.get_by_label("Número del aporte")).to_have_value(str(proposal.pk))
    page.get_by_role("radio", name="Incorporada", exact=True).check()
    page.get_by_label("Justificación").fill("Se incorporó al objetivo de movilidad sostenible.")
    page.get_by_role(
        "checkbox", name="Estrategia Regional de Desarrollo: OE 1 · Movilidad sostenible"
    ).check()
    page.get_by_label("Avance (%)").fill("20")
    page.get_by_role("button", name="Registrar el destino").click()
    expect(page.get_by_text("El destino del aporte quedó registrado.")).to_be_visible()
    assert Outcome.objects.get().decision == Outcome.Decision.INCORPORATED

    page.goto(f"{url}/planificacion/erd/")
    section = page.get_by_role("region", name="OE 1 · Movilidad sostenible")
    expect(section.get_by_role("link", name="Ciclovía por la costanera")).to_be_visible()
    expect(section.get_by_text("Incorporada: 1")).to_be_visible()
    assert_accessible(page)

    author: Page = signed_in_page(new_context, live_asgi, scene["author"])
    author.goto(f"{url}/cuenta/perfil/")
    mine = author.get_by_role("region", name="¿Qué pasó con mi aporte?")
    expect(mine.get_by_role("link", name="Ciclovía por la costanera")).to_be_visible()
    expect(mine.get_by_text("Incorporada", exact=True)).to_be_visible()
    expect(mine.get_by_text("Se incorporó al objetivo de movilidad sostenible.")).to_be_visible()
    mine.get_by_role(
        "link", name="Estrategia Regional de Desarrollo · OE 1 · Movilidad sostenible"
    ).click()
    expect(author).to_have_url(f"{url}/planificacion/erd/#section-1")

    # The devolución: published by the official, printed without the site's navigation.
    page.goto(f"{url}/consultas/ciclovias/devolucion/")
    page.get_by_label("Introducción (opcional)").fill("Gracias por participar.")
    page.get_by_role("button", name="Publicar y avisar").click()
    expect(page.get_by_text("Publicaste la devolución")).to_be_visible()
    assert_accessible(page)
    author.goto(f"{url}/consultas/ciclovias/devolucion/")
    expect(author.get_by_text("Gracias por participar.")).to_be_visible()
    author.emulate_media(media="print")
    expect(
        author.get_by_role("heading", name="Devolución de la consulta «Ciclovías regionales»")
    ).to_be_visible()
    expect(author.get_by_role("link", name="Ciclovía por la costanera")).to_be_visible()
    expect(author.locator("header.site-header")).to_be_hidden()
    expect(author.get_by_role("navigation", name="Estás en")).to_be_hidden()
    expect(author.get_by_role("link", name="Descargar la devolución (CSV)")).to_be_hidden()
    author.emulate_media(media="screen")
    expect(author.locator("header.site-header")).to_be_visible()
