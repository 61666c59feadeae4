"""planning.views.instrument_detail and list_instruments: /planificacion/ and
/planificacion/<slug>/ (sections with the contributions that shaped them, instances,
informing processes)."""

from datetime import date

import pytest

from planning import queries, registry
from planning.models import ParticipatoryInstance
from planning.registry import InformingProcess, ProcessSource
from tests.consultations.factories import ConsultationFactory, ProposalFactory
from tests.planning.factories import comment_on, outcome_for


def test_instrument_page_lists_the_consultations_that_inform_it(client, instrument):
    ConsultationFactory(title="Ciclovías", planning_instrument=instrument)
    ConsultationFactory(title="Borrador", planning_instrument=instrument, status="draft")
    response = client.get("/planificacion/erd/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Estrategia Regional de Desarrollo (2024–2034)" in html  # noqa: RUF001
    assert "La hoja de ruta de la región." in html
    assert "En consulta" in html
    assert "elaborado en 2026" in html
    assert "Ciclovías" in html
    assert "Borrador" not in html


def test_each_section_shows_its_contributions_and_decisions(
    client, instrument, section, other_section, proposal, official
):
    outcome_for(proposal, sections=[section, other_section], decided_by=official, progress=20)
    comment = comment_on(proposal, body="<p>Con estacionamientos de bicicletas.</p>")
    outcome_for(comment, sections=[section], decided_by=official, decision="en_estudio")
    html = client.get("/planificacion/erd/").content.decode()
    first = html.index("OE 1 · Movilidad sostenible")
    second = html.index("OE 2 · Medio ambiente")
    assert first < html.index("Con estacionamientos de bicicletas.") < second
    assert html.count("Ciclovía por la costanera") >= 2  # under both sections
    assert "Incorporada: 1" in html
    assert "En estudio: 1" in html
    assert "avance 20 %" in html


def test_sections_show_the_first_few_and_link_to_the_rest(
    client, instrument, section, consultation, official
):
    for _index in range(queries.PER_SECTION + 2):
        outcome_for(
            ProposalFactory(consultation=consultation), sections=[section], decided_by=official
        )
    html = client.get("/planificacion/erd/").content.decode()
    assert f"Ver los {queries.PER_SECTION + 2} aportes" in html
    assert 'href="/planificacion/erd/secciones/1/"' in html
    assert html.count('class="justification"') == queries.PER_SECTION


def test_participatory_instances_with_the_indicator_facts(client, instrument):
    ParticipatoryInstance.objects.create(
        instrument=instrument,
        title="Taller en Quillota",
        kind=ParticipatoryInstance.Kind.WORKSHOP,
        starts_on=date(2026, 4, 2),
        ends_on=date(2026, 4, 2),
        open_to_all_residents=True,
        results_published_on=date(2026, 5, 1),
        participants=45,
    )
    html = client.get("/planificacion/erd/").content.decode()
    assert "Taller en Quillota" in html
    assert "Taller" in html


def test_instrument_list(client, instrument):
    html = client.get("/planificacion/").content.decode()
    assert 'href="/planificacion/erd/"' in html
    assert "En consulta" in html


def test_unknown_instrument_is_not_found(client, db):
    assert client.get("/planificacion/no-existe/").status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_instrument_page_refuses_other_methods(client, instrument, method):
    assert getattr(client, method)("/planificacion/erd/").status_code == 405


@pytest.mark.parametrize("size", [2, 15])
def test_instrument_page_queries(
    client,
    instrument,
    section,
    other_section,
    consultation,
    official,
    size,
    django_assert_max_num_queries,
):
    ConsultationFactory.create_batch(3, planning_instrument=instrument)
    for _index in range(size):
        proposal = ProposalFactory(consultation=consultation)
        outcome_for(proposal, sections=[section, other_section], decided_by=official)
        outcome_for(comment_on(proposal), sections=[section], decided_by=official)
    # 1. instrument, 2. sections, 3. counts per section and decision, 4. the first of each
    # section (a window), 5. proposals (with authors and consultations), 6. comments,
    # 7-8. their owners (consultations, proposals), 9. instances, 10. the published
    # consultations that inform it.
    with django_assert_max_num_queries(10):
        assert client.get("/planificacion/erd/").status_code == 200


def test_other_apps_add_their_processes_through_the_registry(client, instrument, monkeypatch):
    # planning imports no app above it: the sections come from registered sources.
    monkeypatch.setitem(
        registry._sources,
        "test",
        ProcessSource(
            heading="Cuentas públicas que lo informan",
            empty="Ninguna todavía.",
            processes=lambda found: [
                InformingProcess(title=f"Cuenta sobre {found.slug}", summary="Resumen", url="/x/")
            ],
        ),
    )
    html = client.get("/planificacion/erd/").content.decode()
    assert "Consultas que lo informan" in html
    assert "Todavía ninguna consulta informa este instrumento." in html
    assert "Cuentas públicas que lo informan" in html
    assert '<a href="/x/">Cuenta sobre erd</a>' in html
