"""consultations.views.download_devolution: /consultas/<slug>/devolucion.csv."""

import csv
import io

import pytest
from django.contrib.contenttypes.models import ContentType

from consultations.devolution import CSV_HEADER
from planning.models import Devolution
from tests.conftest import client_for
from tests.consultations.devolution_fixtures import consultation, proposal, section
from tests.consultations.factories import ProposalFactory
from tests.planning.factories import comment_on, outcome_for

__all__ = ["consultation", "proposal", "section"]

CSV_URL = "/consultas/ciclovias/devolucion.csv"


def rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def published(consultation, official):
    return Devolution.objects.create(
        content_type=ContentType.objects.get_for_model(consultation),
        object_id=consultation.pk,
        published_by=official,
    )


def test_csv_has_every_visible_contribution_with_its_decision(
    client, consultation, proposal, section, official, published
):
    outcome_for(
        proposal, sections=[section], decided_by=official, justification="Va al OE 1.", progress=40
    )
    ProposalFactory(consultation=consultation, title="Sin decisión")
    response = client.get(CSV_URL)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="devolucion-ciclovias.csv"'
    table = rows(response)
    assert table[0] == CSV_HEADER
    first = dict(zip(CSV_HEADER, table[1], strict=True))
    assert first["decision"] == "Incorporada"
    assert first["titulo"] == "Ciclovía por la costanera"
    assert first["justificacion"] == "Va al OE 1."
    assert first["secciones"] == "Estrategia Regional de Desarrollo · OE 1 · Movilidad sostenible"
    assert first["avance"] == "40"
    assert first["direccion"].endswith(proposal.get_absolute_url())
    assert table[2][0] == "Sin decisión todavía"


def test_hidden_and_pending_contributions_never_appear(
    client, consultation, proposal, section, official, published
):
    hidden = ProposalFactory(consultation=consultation, title="Oculta", moderation_status="hidden")
    ProposalFactory(consultation=consultation, title="Pendiente", moderation_status="pending")
    comment = comment_on(proposal, body="<p>Comentario oculto.</p>", moderation_status="hidden")
    outcome_for(proposal, hidden, comment, sections=[section], decided_by=official)
    text = client.get(CSV_URL).content.decode("utf-8-sig")
    assert "Ciclovía por la costanera" in text
    for gone in ("Oculta", "Pendiente", "Comentario oculto."):
        assert gone not in text


def test_formula_like_titles_are_neutralised(client, consultation, published):
    ProposalFactory(consultation=consultation, title="=HYPERLINK(1)")
    assert "'=HYPERLINK(1)" in client.get(CSV_URL).content.decode("utf-8-sig")


def test_unpublished_csv_is_for_editors_only(client, official, consultation, proposal):
    assert client.get(CSV_URL).status_code == 404
    assert client_for(official).get(CSV_URL).status_code == 200


def test_wrong_method(client, published):
    assert client.post(CSV_URL).status_code == 405
