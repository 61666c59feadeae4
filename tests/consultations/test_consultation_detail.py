"""consultations.views.consultation_detail: /consultas/<slug>/ says what is possible now
and until when, its phases, territory, topics, planning instrument and requirements."""

from datetime import timedelta

import pytest
from django.utils import timezone

from consultations.models import Phase
from planning.models import PlanningInstrument
from tests.conftest import client_for
from tests.consultations.factories import ConsultationFactory, ProposalFactory, consultation_in
from tests.surveys.factories import make_survey

URL = "/consultas/ciclovias/"


def test_anyone_reads_a_consultation(client, supports_consultation):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 id="consultation-title">Ciclovías regionales</h1>' in html
    assert "Qué puedes hacer ahora" in html
    assert "Escribe y publica propuestas" in html
    assert "Apoya las propuestas que te importan" in html
    assert "hasta el" in html
    assert "Toda la región" in html
    assert "Cualquier persona con cuenta" in html
    assert 'aria-current="step"' in html
    assert "Ingresa para proponer" in html


def test_requirements_topics_instrument_and_territory_are_shown(resident_client, db):
    instrument = PlanningInstrument.objects.create(
        name="Estrategia Regional de Desarrollo", slug="erd", kind="erd"
    )
    consultation = consultation_in(
        Phase.Kind.PROPOSALS,
        slug="rural",
        whole_region=False,
        residency_rule="verified",
        planning_instrument=instrument,
        support_limit=3,
        support_threshold=10,
        topics=["Ruralidad"],
    )
    consultation.comunas.set(["05803", "05705"])
    html = resident_client.get("/consultas/rural/").content.decode()
    assert "Olmué, Putaendo" in html
    assert "Residentes verificados de Olmué o Putaendo" in html
    assert "Esta consulta es para residentes verificados de Olmué o Putaendo." in html
    assert 'href="/planificacion/erd/"' in html
    assert 'href="/consultas/?tema=ruralidad"' in html
    assert "Hasta 3 apoyos" in html
    assert "Una propuesta con 10 apoyos pasa a evaluación." in html
    # The refusal is said, and no proposal button is offered.
    assert "/propuestas/nueva/" not in html


def test_a_consultation_between_phases_says_what_comes_next(client, db):
    consultation_in(upcoming=(Phase.Kind.SUPPORTS,), slug="pausa")
    html = client.get("/consultas/pausa/").content.decode()
    assert "Ahora no hay ninguna fase en curso. Próxima fase: <strong>Apoyos</strong>" in html


def test_a_finished_consultation_says_when_it_ended(client, db):
    consultation = ConsultationFactory(slug="fin")
    now = timezone.now()
    consultation.phases.create(
        kind=Phase.Kind.RESULTS, starts_at=now - timedelta(days=9), ends_at=now - timedelta(days=1)
    )
    assert "Esta consulta terminó el" in client.get("/consultas/fin/").content.decode()


def test_counts_proposals_and_supports(client, supports_consultation):
    ProposalFactory(consultation=supports_consultation, support_count=4)
    ProposalFactory(consultation=supports_consultation, support_count=1)
    html = client.get(URL).content.decode()
    assert "Ver 2 propuestas" in html
    assert "2 propuestas, 5 apoyos" in html


def test_draft_is_not_found_for_residents_but_officials_preview_it(
    resident_client, official_client, db
):
    ConsultationFactory(slug="borrador", status="draft")
    assert resident_client.get("/consultas/borrador/").status_code == 404
    assert official_client.get("/consultas/borrador/").status_code == 200


def test_unknown_consultation_is_not_found(client, db):
    assert client.get("/consultas/no-existe/").status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_detail_refuses_other_methods(client, supports_consultation, method):
    assert getattr(client, method)(URL).status_code == 405


@pytest.mark.parametrize("count", [3, 30])
def test_detail_queries_do_not_grow(
    resident, supports_consultation, django_assert_max_num_queries, count
):
    ProposalFactory.create_batch(count, consultation=supports_consultation)
    client = client_for(resident)
    # 1. session, 2. user, 3. consultation (with instrument, division), 4. phases,
    # 5. comunas, 6. topics, 7. its survey, 8. proposal and support totals, 9-12. the
    # discussion block, 13. unread notifications.
    with django_assert_max_num_queries(13):
        assert client.get(URL).status_code == 200


def test_topics_are_shown_in_alphabetical_order(client, db):
    consultation_in(
        Phase.Kind.PROPOSALS, slug="rural", topics=["Ruralidad", "Agua", "Áreas verdes"]
    )
    html = client.get("/consultas/rural/").content.decode()
    positions = [html.index(f">{name}</a>") for name in ("Agua", "Áreas verdes", "Ruralidad")]
    assert positions == sorted(positions)


# --- The survey ------------------------------------------------------------------------


def test_an_open_survey_with_questions_is_offered(client, supports_consultation):
    make_survey(supports_consultation)
    html = client.get(URL).content.decode()
    assert "Encuesta: Encuesta de movilidad" in html
    assert "Responder la encuesta" in html


def test_a_survey_without_questions_is_not_offered_but_its_editors_see_their_link(
    client, official_client, supports_consultation
):
    make_survey(supports_consultation).questions.all().delete()
    html = client.get(URL).content.decode()
    assert "Encuesta: Encuesta de movilidad" in html
    assert "Esta encuesta todavía no está lista: aún no tiene preguntas." in html
    assert "Responder la encuesta" not in html
    assert "/encuesta/" not in html
    html = official_client.get(URL).content.decode()
    assert "Responder la encuesta" not in html
    assert "agrégalas con «Editar encuesta»" in html
    assert 'href="/consultas/ciclovias/encuesta/editar/">Editar encuesta</a>' in html


def test_a_closed_survey_without_questions_has_no_results_link(client, supports_consultation):
    make_survey(supports_consultation, state="closed").questions.all().delete()
    html = client.get(URL).content.decode()
    assert "Cerró el" in html
    assert "Ver los resultados de la encuesta" not in html


# --- A draft ---------------------------------------------------------------------------


def test_a_draft_does_not_invite_its_previewers_to_comment(official_client, division):
    consultation_in(Phase.Kind.INFORMATION, slug="borrador", status="draft", division=division)
    html = official_client.get("/consultas/borrador/").content.decode()
    assert "Los comentarios se abrirán cuando se publique la consulta." in html
    assert "¡Sé la primera persona en opinar!" not in html
    assert "Todavía no hay comentarios." in html
    assert 'id="comentar"' not in html  # no comment form


def test_a_published_consultation_invites_to_comment(resident_client, supports_consultation):
    html = resident_client.get(URL).content.decode()
    assert "¡Sé la primera persona en opinar!" in html
    assert 'id="comentar"' in html


@pytest.mark.parametrize("count", [3, 30])
def test_detail_queries_with_a_survey_do_not_grow(
    resident, supports_consultation, django_assert_max_num_queries, count
):
    ProposalFactory.create_batch(count, consultation=supports_consultation)
    make_survey(supports_consultation)
    client = client_for(resident)
    # The same thirteen as without a survey: whether it has questions is a subquery of the
    # consultation's query.
    with django_assert_max_num_queries(13):
        response = client.get(URL)
    assert "Responder la encuesta" in response.content.decode()
