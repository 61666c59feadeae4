"""consultations.views.edit_proposal and actions.check_edit_proposal:
/consultas/<slug>/propuestas/<id>/editar/ within the consultation's edit window."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from consultations.models import Proposal
from tests.conftest import client_for
from tests.consultations.factories import ProposalFactory

CHANGES = {
    "title": "Ciclovía por toda la costanera",
    "body": "De Valparaíso a Viña del Mar.",
    "comuna": "05109",
    "latitude": "-33.02",
    "longitude": "-71.55",
}


@pytest.fixture
def author(other_resident):
    return client_for(other_resident)


def textarea_value(response) -> str:
    """The body field's text as the browser shows it (a textarea's content is text)."""
    found = re.search(
        r'<textarea name="body"[^>]*>\n?(.*?)</textarea>', response.content.decode(), re.S
    )
    return unescape(found.group(1))


def url(proposal) -> str:
    return f"{proposal.get_absolute_url()}editar/"


def test_author_sees_the_form_filled_in(author, proposal):
    response = author.get(url(proposal))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Editar tu propuesta" in html
    assert 'value="Ciclovía por la costanera"' in html
    assert "Puedes editarla hasta el" in html


def test_a_body_typed_as_text_comes_back_as_text(author, proposal):
    # Paragraphs, a line break, a bare link and a "<": what plain text becomes, shown
    # back as the person typed it rather than as HTML.
    typed = "Primer párrafo.\n\nVer https://ejemplo.cl/plan?a=1&b=2\nsi a < b."
    Proposal.objects.filter(pk=proposal.pk).update(body=typed)
    assert textarea_value(author.get(url(proposal))) == (
        "Primer párrafo.\n\nVer https://ejemplo.cl/plan?a=1&b=2\nsi a < b."
    )


def test_the_form_shows_the_text_exactly_as_typed(author, proposal):
    typed = "Con **negrita** y <b>esto</b>\n\n- uno\n- dos"
    author.post(url(proposal), {**CHANGES, "body": typed})
    proposal.refresh_from_db()
    assert proposal.body_source == typed
    assert textarea_value(author.get(url(proposal))) == typed


def test_a_row_stored_with_html_only_comes_back_as_markdown(author, proposal):
    Proposal.objects.filter(pk=proposal.pk).update(
        body_source="", body="<p>Con <strong>negrita</strong></p>"
    )
    assert textarea_value(author.get(url(proposal))) == "Con **negrita**"


def test_author_edits_within_the_window(author, proposal):
    response = author.post(url(proposal), CHANGES)
    assert response.status_code == 302
    assert response.url == proposal.get_absolute_url()
    proposal.refresh_from_db()
    assert proposal.title == "Ciclovía por toda la costanera"
    assert proposal.body == "<p>De Valparaíso a Viña del Mar.</p>"
    assert proposal.comuna_id == "05109"
    assert proposal.was_edited
    assert "editada" in author.get(proposal.get_absolute_url()).content.decode()


def test_edit_removing_the_point_clears_it(author, proposal):
    Proposal.objects.filter(pk=proposal.pk).update(latitude=-33.0, longitude=-71.6)
    author.post(url(proposal), {"title": "Sin punto", "body": "Texto"})
    proposal.refresh_from_db()
    assert not proposal.has_point


def test_after_the_window_the_edit_is_refused_and_the_text_kept(author, proposal):
    Proposal.objects.filter(pk=proposal.pk).update(
        created_at=timezone.now() - timedelta(minutes=61)
    )
    response = author.post(url(proposal), CHANGES)
    assert response.status_code == 400
    html = response.content.decode()
    assert "El plazo para editar esta propuesta terminó el" in html
    assert 'value="Ciclovía por toda la costanera"' in html
    proposal.refresh_from_db()
    assert proposal.title == "Ciclovía por la costanera"
    # A longer window lets the same request through.
    proposal.consultation.edit_window_minutes = 120
    proposal.consultation.save()
    assert author.post(url(proposal), CHANGES).status_code == 302


def test_after_the_window_the_form_sends_back_with_a_message(author, proposal):
    Proposal.objects.filter(pk=proposal.pk).update(created_at=timezone.now() - timedelta(days=1))
    response = author.get(url(proposal))
    assert response.status_code == 302
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages[0].startswith("El plazo para editar esta propuesta terminó el")


def test_answered_proposals_cannot_be_edited(author, proposal):
    Proposal.objects.filter(pk=proposal.pk).update(state=Proposal.State.ACCEPTED)
    response = author.post(url(proposal), CHANGES)
    assert response.status_code == 400
    assert "ya tiene una respuesta oficial" in response.content.decode()


def test_bad_input_keeps_what_was_typed(author, proposal):
    response = author.post(url(proposal), {**CHANGES, "title": "y" * 160})
    assert response.status_code == 400
    html = response.content.decode()
    assert "El título tiene 160 caracteres; el máximo es 150. Acórtalo un poco." in html
    assert "De Valparaíso a Viña del Mar." in html


def test_someone_else_cannot_edit(resident_client, proposal):
    assert resident_client.get(url(proposal)).status_code == 404
    assert resident_client.post(url(proposal), CHANGES).status_code == 404


def test_anonymous_visitor_is_sent_to_login(client, proposal):
    response = client.get(url(proposal))
    assert response.status_code == 302
    assert response.url.startswith("/cuenta/login/")


def test_edit_of_a_proposal_in_another_consultation_is_not_found(author, proposal, db):
    other = ProposalFactory(author=proposal.author)
    assert author.get(f"/consultas/ciclovias/propuestas/{other.pk}/editar/").status_code == 404


@pytest.mark.parametrize("method", ["put", "delete"])
def test_edit_refuses_other_methods(author, proposal, method):
    assert getattr(author, method)(url(proposal)).status_code == 405
