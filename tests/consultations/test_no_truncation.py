"""Nothing a person writes is cut (issue 9, item 8): no maxlength on any box, a clear
Spanish error that keeps the whole text, a counter's limit on every writing box; and the
preview of proposals, answers and consultation descriptions (item 7), which writes nothing."""

import re
from html import unescape

import pytest

from consultations.models import Consultation, Proposal, ProposalAnswer
from tests.consultations.test_answer_proposal import ACCEPT
from tests.consultations.test_consultation_editor import CREATE, VALID

PROPOSE = "/consultas/parques/propuestas/nueva/"
PROPOSAL = {"title": "Un parque en el cerro Barón", "body": "Con árboles nativos."}


def field_value(html: str, name: str) -> str:
    """A field's value as the browser shows it (input value or textarea content)."""
    textarea = re.search(rf'<textarea name="{name}"[^>]*>\n?(.*?)</textarea>', html, re.S)
    if textarea:
        return unescape(textarea.group(1))
    found = re.search(rf'<input type="text" name="{name}" value="([^"]*)"', html)
    return unescape(found.group(1)) if found else ""


def answer_url(proposal) -> str:
    return f"{proposal.get_absolute_url()}respuesta/"


def test_a_long_proposal_and_title_are_refused_whole_with_their_lengths(
    resident_client, proposals_consultation
):
    # The walk-through: 15,600 characters pasted into the body, 300 into the title.
    body = ("Palabra " * 1950)[:15_599] + "."
    title = "T" * 300
    response = resident_client.post(PROPOSE, {"title": title, "body": body})
    assert response.status_code == 400
    html = response.content.decode()
    assert "El título tiene 300 caracteres; el máximo es 150. Acórtalo un poco." in html
    assert (
        "La propuesta tiene 15\xa0600 caracteres; el máximo es 10\xa0000. Acórtala un poco." in html
    )
    assert field_value(html, "title") == title
    assert field_value(html, "body") == body
    assert "maxlength" not in html
    assert not Proposal.objects.exists()
    # Within the limits the same request works.
    response = resident_client.post(PROPOSE, {"title": title[:150], "body": body[:10_000]})
    assert response.status_code == 302


def test_newlines_count_once_as_the_counter_counts_them(resident_client, proposals_consultation):
    # Browsers send a textarea's newlines as CRLF: 10,000 characters on screen are 10,000.
    body = "xxx\r\n" * 2499 + "xxxx"
    assert (len(body), len(body.replace("\r\n", "\n"))) == (12_499, 10_000)
    response = resident_client.post(PROPOSE, {"title": "Idea", "body": body})
    assert response.status_code == 302
    assert Proposal.objects.get().body_source == body.replace("\r\n", "\n")


@pytest.mark.parametrize(
    ("page", "fields"),
    [
        ("propose", {"title": "150", "body": "10000"}),
        ("answer", {"body": "10000", "execution_period": "100"}),
        ("create", {"title": "200", "summary": "300", "body": "20000"}),
    ],
)
def test_writing_boxes_carry_a_counter_limit_and_no_maxlength(
    page, fields, resident_client, official_client, proposals_consultation, proposal
):
    client, url = {
        "propose": (resident_client, PROPOSE),
        "answer": (official_client, answer_url(proposal)),
        "create": (official_client, CREATE),
    }[page]
    html = client.get(url).content.decode()
    assert "maxlength" not in html
    for name, limit in fields.items():
        assert re.search(rf'name="{name}"[^>]*data-limit="{limit}"', html), name
    assert 'src="/static/js/counter.js"' in html
    assert 'name="vista_previa"' in html


def test_the_answer_keeps_a_long_text_and_says_how_long_it_is(official_client, proposal):
    body = "R" * 10_001
    response = official_client.post(answer_url(proposal), {**ACCEPT, "body": body})
    assert response.status_code == 400
    html = response.content.decode()
    assert "La respuesta tiene 10\xa0001 caracteres; el máximo es 10\xa0000." in html
    assert field_value(html, "body") == body
    assert not ProposalAnswer.objects.exists()


def test_the_consultation_editor_keeps_a_long_title(official_client):
    title = "Consulta " * 30
    response = official_client.post(CREATE, {**VALID, "title": title})
    assert response.status_code == 400
    html = response.content.decode()
    assert "El título tiene 269 caracteres; el máximo es 200. Acórtalo un poco." in html
    assert field_value(html, "title") == title
    assert not Consultation.objects.exists()


# --- Preview without JavaScript: the form again, with the rendering, nothing written --------------


def test_proposal_preview_shows_the_rendering_and_keeps_everything(
    resident_client, proposals_consultation
):
    data = {**PROPOSAL, "body": "Con **árboles**\n- nativos", "vista_previa": "1"}
    response = resident_client.post(PROPOSE, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<p>Con <strong>árboles</strong></p><ul><li>nativos</li></ul>" in html
    assert field_value(html, "body") == "Con **árboles**\n- nativos"
    assert field_value(html, "title") == PROPOSAL["title"]
    assert not Proposal.objects.exists()


def test_answer_preview_writes_nothing(official_client, proposal):
    data = {**ACCEPT, "body": "Queda *aceptada*", "vista_previa": "1"}
    response = official_client.post(answer_url(proposal), data)
    assert response.status_code == 200
    assert "<p>Queda <em>aceptada</em></p>" in response.content.decode()
    assert not ProposalAnswer.objects.exists()
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.RECEIVED


def test_consultation_preview_writes_nothing(official_client):
    data = {**VALID, "body": "> Lo que dice el plan", "vista_previa": "1"}
    response = official_client.post(CREATE, data)
    assert response.status_code == 200
    assert "<blockquote><p>Lo que dice el plan</p></blockquote>" in response.content.decode()
    assert not Consultation.objects.exists()


def test_the_preview_is_only_for_those_who_may_write(client, resident_client, proposal):
    # Anonymous: to login; a resident on an official's form: refused as the form is.
    response = client.post(PROPOSE, {**PROPOSAL, "vista_previa": "1"})
    assert response.status_code == 302
    response = resident_client.post(answer_url(proposal), {**ACCEPT, "vista_previa": "1"})
    assert response.status_code == 403
    assert "Queda" not in response.content.decode()
