"""Fixtures shared by the planning tests (personas come from tests/conftest.py)."""

import pytest
from django.contrib.contenttypes.models import ContentType

from planning.models import InstrumentSection, PlanningInstrument
from tests.consultations.factories import ConsultationFactory, ProposalFactory


@pytest.fixture
def instrument(db):
    return PlanningInstrument.objects.create(
        name="Estrategia Regional de Desarrollo",
        slug="erd",
        kind=PlanningInstrument.Kind.ERD,
        status=PlanningInstrument.Status.CONSULTATION,
        description="La hoja de ruta de la región.",
        period_start=2024,
        period_end=2034,
        elaboration_year=2026,
    )


@pytest.fixture
def section(instrument):
    return InstrumentSection.objects.create(
        instrument=instrument, code="OE 1", title="Movilidad sostenible", position=1
    )


@pytest.fixture
def other_section(instrument):
    return InstrumentSection.objects.create(
        instrument=instrument, code="OE 2", title="Medio ambiente", position=2
    )


@pytest.fixture
def consultation(db, instrument):
    return ConsultationFactory(title="Ciclovías", slug="ciclovias", planning_instrument=instrument)


@pytest.fixture
def proposal(consultation, other_resident):
    return ProposalFactory(
        consultation=consultation, author=other_resident, title="Ciclovía por la costanera"
    )


def key(obj) -> tuple[int, int]:
    return (ContentType.objects.get_for_model(obj).pk, obj.pk)
