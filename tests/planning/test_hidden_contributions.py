"""Hidden and pending contributions never appear on planning's public paths, and an
outcome whose contribution is hidden later disappears from them at once (cached pages
included): one test per path. The devolución has its own in
tests/consultations/test_devolution_page.py and test_devolution_csv.py."""

import json

import pytest

from deliberation.actions import do_hide_contribution
from tests.conftest import client_for
from tests.consultations.factories import ProposalFactory
from tests.planning.factories import comment_on, outcome_for


@pytest.fixture
def shown_and_hidden(consultation, proposal, section, official):
    """A visible proposal and a hidden, a pending proposal and a hidden comment, all with
    outcomes (the hidden ones were hidden after their outcome)."""
    hidden = ProposalFactory(consultation=consultation, title="Propuesta escondida")
    pending = ProposalFactory(consultation=consultation, title="Propuesta en revisión")
    comment = comment_on(proposal, body="<p>Comentario escondido.</p>")
    outcome_for(proposal, hidden, sections=[section], decided_by=official)
    outcome_for(pending, sections=[section], decided_by=official)
    outcome_for(comment, sections=[section], decided_by=official)
    for row in (hidden, comment):
        row.moderation_status = "hidden"
        row.save(update_fields=["moderation_status"])
    pending.moderation_status = "pending"
    pending.save(update_fields=["moderation_status"])
    return hidden, pending, comment


HIDDEN_TEXTS = ("Propuesta escondida", "Propuesta en revisión", "Comentario escondido.")


def assert_only_the_visible_one(text: str) -> None:
    assert "Ciclovía por la costanera" in text
    for hidden in HIDDEN_TEXTS:
        assert hidden not in text


def test_instrument_page(client, shown_and_hidden):
    html = client.get("/planificacion/erd/").content.decode()
    assert_only_the_visible_one(html)
    assert "Incorporada: 1" in html  # the counts leave them out too


def test_section_page(client, shown_and_hidden):
    assert_only_the_visible_one(client.get("/planificacion/erd/secciones/1/").content.decode())


def test_fate_page(client, shown_and_hidden):
    hidden, pending, comment = shown_and_hidden
    for path in (
        f"/planificacion/aportes/propuesta/{hidden.pk}/",
        f"/planificacion/aportes/propuesta/{pending.pk}/",
        f"/planificacion/aportes/comentario/{comment.pk}/",
    ):
        assert client.get(path).status_code == 404


def test_others_do_not_see_them_in_their_lists(shown_and_hidden, resident):
    html = client_for(resident).get("/planificacion/mis-aportes/").content.decode()
    for hidden in HIDDEN_TEXTS:
        assert hidden not in html


def test_open_data_files(client, shown_and_hidden, proposal):
    hidden, pending, comment = shown_and_hidden
    csv = client.get("/datos/destinos-de-aportes.csv")
    assert csv.status_code == 200
    rows = b"".join(csv.streaming_content if csv.streaming else [csv.content]).decode()
    assert f"/propuestas/{proposal.pk}/" in rows
    for row in (hidden, pending):
        assert f"/propuestas/{row.pk}/" not in rows
    assert f"/comentarios/{comment.pk}/" not in rows
    response = client.get("/datos/destinos-de-aportes.json")
    body = b"".join(
        response.streaming_content if response.streaming else [response.content]
    ).decode()
    items = json.loads(body)["items"]
    assert [item["contribution_id"] for item in items] == [proposal.pk]


def test_outcome_leaves_cached_pages_when_its_contribution_is_hidden(
    client, proposal, section, official, moderator
):
    outcome_for(proposal, sections=[section], decided_by=official)
    assert "Ciclovía por la costanera" in client.get("/planificacion/erd/").content.decode()
    do_hide_contribution(moderator, contribution=proposal, reason="Datos personales")
    html = client.get("/planificacion/erd/").content.decode()
    assert "Ciclovía por la costanera" not in html
    assert "Todavía ningún aporte tiene un destino en esta sección." in html


def test_outcome_leaves_the_shared_copy_of_signed_in_pages(
    resident, proposal, section, official, moderator, settings
):
    settings.PAGE_CACHE_SECONDS = 60
    client = client_for(resident)
    outcome_for(proposal, sections=[section], decided_by=official)
    assert "Ciclovía por la costanera" in client.get("/planificacion/erd/").content.decode()
    do_hide_contribution(moderator, contribution=proposal, reason="Datos personales")
    assert "Ciclovía por la costanera" not in client.get("/planificacion/erd/").content.decode()
