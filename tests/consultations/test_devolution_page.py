"""consultations.views.devolution: /consultas/<slug>/devolucion/ (the report, with
print CSS), before and after publication."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from deliberation.models import Comment
from planning.models import Devolution
from tests.conftest import client_for
from tests.consultations.devolution_fixtures import URL, consultation, proposal, section
from tests.consultations.factories import ConsultationFactory, ProposalFactory
from tests.planning.factories import comment_on, outcome_for

__all__ = ["consultation", "proposal", "section"]


def publish(consultation, official):
    Devolution.objects.create(
        content_type=ContentType.objects.get_for_model(consultation),
        object_id=consultation.pk,
        introduction="Gracias por participar.",
        published_by=official,
    )


def test_published_report_groups_contributions_by_decision(
    client, consultation, proposal, section, official
):
    outcome_for(
        proposal, sections=[section], decided_by=official, justification="Va al OE 1.", progress=40
    )
    studied = ProposalFactory(consultation=consultation, title="Tren al interior")
    outcome_for(studied, sections=[section], decided_by=official, decision="en_estudio")
    ProposalFactory(consultation=consultation, title="Sin decisión aún")
    publish(consultation, official)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Gracias por participar." in html
    assert html.index("Incorporada") < html.index("Ciclovía por la costanera")
    assert html.index("En estudio") < html.index("Tren al interior")
    assert html.index("Sin decisión todavía") < html.index("Sin decisión aún")
    assert "Va al OE 1." in html
    assert "Avance: 40 %" in html
    assert 'href="/planificacion/erd/#section-1"' in html
    # The print layout: the page links its stylesheet, whose print rules hide navigation.
    assert "css/planning.css" in html


def test_comments_with_an_outcome_are_listed(client, consultation, proposal, section, official):
    comment = comment_on(proposal, body="<p>Que pase por el paseo Wheelwright.</p>")
    outcome_for(comment, sections=[section], decided_by=official, decision="parcial")
    comment_on(proposal, body="<p>Un comentario sin destino.</p>")
    publish(consultation, official)
    html = client.get(URL).content.decode()
    assert "Que pase por el paseo Wheelwright." in html
    assert "Un comentario sin destino." not in html


def test_hidden_and_pending_contributions_never_appear(
    client, consultation, proposal, section, official
):
    hidden = ProposalFactory(consultation=consultation, title="Oculta", moderation_status="hidden")
    ProposalFactory(consultation=consultation, title="Pendiente", moderation_status="pending")
    hidden_comment = comment_on(proposal, body="<p>Comentario oculto.</p>")
    outcome_for(proposal, hidden, sections=[section], decided_by=official)
    outcome_for(hidden_comment, sections=[section], decided_by=official)
    Comment.objects.filter(pk=hidden_comment.pk).update(moderation_status="hidden")
    publish(consultation, official)
    html = client.get(URL).content.decode()
    assert "Ciclovía por la costanera" in html
    assert "Oculta" not in html
    assert "Pendiente" not in html
    assert "Comentario oculto." not in html


def test_unpublished_report_is_not_found_for_residents(client, resident, consultation, proposal):
    assert client.get(URL).status_code == 404
    assert client_for(resident).get(URL).status_code == 404


def test_editor_sees_the_draft_with_the_publish_form(official, consultation, proposal):
    response = client_for(official).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Borrador: la devolución todavía no se publica." in html
    assert 'action="/consultas/ciclovias/devolucion/publicar/"' in html


def test_official_of_another_division_sees_no_draft(consultation, proposal):
    from tests.conftest import with_totp
    from tests.factories import DivisionFactory, UserFactory

    stranger = with_totp(
        UserFactory(is_official=True, division=DivisionFactory(name="Otra", acronym="OTRA"))
    )
    assert client_for(stranger).get(URL).status_code == 404


def test_unknown_consultation_is_not_found(client, db):
    assert client.get("/consultas/no-existe/devolucion/").status_code == 404


def test_draft_consultation_has_no_public_report(client, official, section):
    draft = ConsultationFactory(slug="borrador", status="draft")
    publish(draft, official)
    assert client.get("/consultas/borrador/devolucion/").status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_report_refuses_other_methods(client, consultation, method):
    assert getattr(client, method)(URL).status_code == 405


@pytest.mark.parametrize("size", [2, 12])
def test_report_queries_do_not_grow(
    client, consultation, section, official, django_assert_max_num_queries, size
):
    for _index in range(size):
        proposal = ProposalFactory(consultation=consultation)
        comment = comment_on(proposal)
        outcome_for(proposal, comment, sections=[section], decided_by=official)
        ProposalFactory(consultation=consultation, created_at=timezone.now())
    publish(consultation, official)
    # 1. consultation, 2. devolución, 3. links with outcomes, 4. their sections with
    # instruments, 5. proposals, 6. comments, 7. undecided proposals, 8. session-less
    # editor check costs nothing for anonymous visitors.
    with django_assert_max_num_queries(8):
        assert client.get(URL).status_code == 200


def test_long_groups_show_their_first_ones_and_point_to_the_csv(
    client, consultation, section, official, monkeypatch
):
    monkeypatch.setattr("consultations.devolution.DECIDED_SHOWN", 2)
    for index in range(3):
        outcome_for(
            ProposalFactory(consultation=consultation, title=f"Propuesta número {index}"),
            sections=[section],
            decided_by=official,
        )
    publish(consultation, official)
    html = client.get(URL).content.decode()
    assert html.count("Propuesta número") == 2
    assert "Se muestran 2 de 3; el CSV las incluye todas." in html
    text = client.get("/consultas/ciclovias/devolucion.csv").content.decode("utf-8-sig")
    assert text.count("Propuesta número") == 3
