"""planning.views.instrument_detail and list_instruments: /planificacion/ and
/planificacion/<slug>/ (minimal until the planning issues)."""

import pytest

from planning import registry
from planning.models import PlanningInstrument
from planning.registry import InformingProcess, ProcessSource
from tests.consultations.factories import ConsultationFactory


@pytest.fixture
def instrument(db):
    return PlanningInstrument.objects.create(
        name="Estrategia Regional de Desarrollo",
        slug="erd",
        kind=PlanningInstrument.Kind.ERD,
        description="La hoja de ruta de la región.",
        period_start=2024,
        period_end=2034,
    )


def test_instrument_page_lists_the_consultations_that_inform_it(client, instrument):
    ConsultationFactory(title="Ciclovías", planning_instrument=instrument)
    ConsultationFactory(title="Borrador", planning_instrument=instrument, status="draft")
    response = client.get("/planificacion/erd/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Estrategia Regional de Desarrollo (2024–2034)" in html  # noqa: RUF001
    assert "La hoja de ruta de la región." in html
    assert "Ciclovías" in html
    assert "Borrador" not in html


def test_instrument_list(client, instrument):
    html = client.get("/planificacion/").content.decode()
    assert 'href="/planificacion/erd/"' in html


def test_unknown_instrument_is_not_found(client, db):
    assert client.get("/planificacion/no-existe/").status_code == 404


def test_instrument_page_refuses_post(client, instrument):
    assert client.post("/planificacion/erd/").status_code == 405


def test_instrument_page_queries(client, instrument, django_assert_max_num_queries):
    ConsultationFactory.create_batch(5, planning_instrument=instrument)
    # 1. instrument, 2. its published consultations.
    with django_assert_max_num_queries(2):
        client.get("/planificacion/erd/")


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
