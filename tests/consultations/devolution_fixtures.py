"""Fixtures of the devolución tests: an instrument section, a consultation of the
official's division with proposals, and outcomes written directly."""

import pytest

from planning.models import InstrumentSection, PlanningInstrument
from tests.consultations.factories import ConsultationFactory, ProposalFactory


@pytest.fixture
def section(db):
    instrument = PlanningInstrument.objects.create(
        name="Estrategia Regional de Desarrollo", slug="erd", kind=PlanningInstrument.Kind.ERD
    )
    return InstrumentSection.objects.create(
        instrument=instrument, code="OE 1", title="Movilidad sostenible", position=1
    )


@pytest.fixture
def consultation(db, division, section):
    return ConsultationFactory(
        title="Ciclovías",
        slug="ciclovias",
        division=division,
        planning_instrument=section.instrument,
    )


@pytest.fixture
def proposal(consultation, other_resident):
    return ProposalFactory(
        consultation=consultation, author=other_resident, title="Ciclovía por la costanera"
    )


URL = "/consultas/ciclovias/devolucion/"
