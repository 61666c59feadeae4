"""Moderating a proposal in Chromium: a moderator hides it from its own page with a public
reason, a resident then finds the reason in its place and no longer finds it in the list,
and the moderator restores it. The page with the moderator's controls is scanned with
axe-core, before and after hiding."""

import pytest
from playwright.sync_api import Page, expect

from consultations.models import Phase, Proposal
from tests.browser.a11y import assert_accessible
from tests.browser.support import LiveASGIServer, signed_in_page
from tests.conftest import with_totp
from tests.consultations.factories import ProposalFactory, consultation_in
from tests.factories import UserFactory


@pytest.fixture
def scene():
    consultation = consultation_in(
        Phase.Kind.PROPOSALS, Phase.Kind.SUPPORTS, title="Ciclovías regionales", slug="ciclovias"
    )
    author = UserFactory(email="jorge@ejemplo.cl", display_name="Jorge")
    proposal = ProposalFactory(
        consultation=consultation,
        author=author,
        title="Ciclovía por la costanera",
        body="<p>Llamen al 9 1234 5678 para coordinar.</p>",
    )
    moderator = with_totp(
        UserFactory(email="mod@ejemplo.cl", display_name="Moderación", is_moderator=True)
    )
    resident = UserFactory(email="camila@ejemplo.cl", display_name="Camila")
    return {"proposal": proposal, "moderator": moderator, "resident": resident}


def test_moderator_hides_a_proposal_and_restores_it(
    live_asgi: LiveASGIServer, new_context, scene
) -> None:
    url = live_asgi.url
    proposal = scene["proposal"]
    page: Page = signed_in_page(new_context, live_asgi, scene["moderator"])

    page.goto(f"{url}{proposal.get_absolute_url()}")
    controls = page.get_by_role("region", name="Moderación")
    expect(controls).to_be_visible()
    assert_accessible(page)

    controls.get_by_label("Motivo público").fill("Publica un teléfono personal.")
    controls.get_by_role("button", name="Ocultar").click()
    expect(page.get_by_text("La propuesta quedó oculta.")).to_be_visible()
    expect(page.get_by_text("Publica un teléfono personal.")).to_be_visible()
    # Moderators keep reading what they hid, marked as such (issue 11).
    expect(page.get_by_text("Texto original (oculto; solo lo ve moderación)")).to_be_visible()
    expect(page.get_by_text("9 1234 5678")).to_be_visible()
    assert_accessible(page)
    proposal.refresh_from_db()
    assert proposal.moderation_status == Proposal.ModerationStatus.HIDDEN

    resident: Page = signed_in_page(new_context, live_asgi, scene["resident"])
    resident.goto(f"{url}{proposal.get_absolute_url()}")
    expect(resident.get_by_text("Publica un teléfono personal.")).to_be_visible()
    expect(resident.get_by_text("9 1234 5678")).to_have_count(0)
    expect(resident.get_by_role("region", name="Moderación")).to_have_count(0)
    # Neither the tab nor the breadcrumbs name what moderation hid.
    expect(resident).to_have_title("Propuesta oculta por moderación · Cabildo")
    expect(resident.get_by_role("navigation", name="Estás en")).not_to_contain_text("costanera")
    resident.goto(f"{url}/consultas/ciclovias/propuestas/")
    expect(resident.get_by_role("link", name="Ciclovía por la costanera")).to_have_count(0)

    page.get_by_role("region", name="Moderación").get_by_role("button", name="Restaurar").click()
    expect(page.get_by_text("La propuesta quedó restaurada.")).to_be_visible()
    expect(page.get_by_text("9 1234 5678")).to_be_visible()
    resident.goto(f"{url}/consultas/ciclovias/propuestas/")
    expect(resident.get_by_role("link", name="Ciclovía por la costanera")).to_be_visible()
