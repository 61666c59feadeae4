"""planning.demo and consultations.devolution.seed_demo: the ERD with its objectives and
instances, outcomes on demo proposals (one grouped, with progress), a published
devolución; seeding twice changes nothing."""

import io

import pytest

from accounts import demo as accounts_demo
from consultations import demo as consultations_demo
from deliberation import demo as deliberation_demo
from planning import demo
from planning.models import (
    Devolution,
    InstrumentSection,
    Outcome,
    OutcomeLink,
    ParticipatoryInstance,
    PlanningInstrument,
)


@pytest.fixture(autouse=True)
def _debug_on(settings):
    settings.DEBUG = True  # the demo's official exists only with DEBUG on


def seed_twice() -> None:
    for _ in range(2):
        accounts_demo.seed(io.StringIO())
        demo.seed(io.StringIO())
        deliberation_demo.seed(io.StringIO())
        consultations_demo.seed(io.StringIO())


def test_demo_planning_is_complete_and_idempotent(db, client):
    seed_twice()
    erd = PlanningInstrument.objects.get(slug=demo.ERD_SLUG)
    assert erd.status == PlanningInstrument.Status.CONSULTATION
    assert InstrumentSection.objects.filter(instrument=erd).count() == len(demo.SECTIONS)
    instances = ParticipatoryInstance.objects.filter(instrument=erd)
    assert instances.filter(process_id__isnull=False).exists()
    assert instances.filter(participants__isnull=False).count() == len(demo.IN_PERSON)
    grouped = [o for o in Outcome.objects.all() if o.links.count() > 1]
    assert len(grouped) == 1
    assert grouped[0].progress > 0
    assert grouped[0].updates.count() >= 2
    assert OutcomeLink.objects.filter(content_type__model="comment").exists()
    devolution = Devolution.objects.get()
    culture = instances.get(process_id=devolution.object_id)
    assert culture.devolution_sent_on is not None
    assert client.get("/consultas/politica-regional-de-cultura/devolucion/").status_code == 200
    html = client.get(erd.get_absolute_url()).content.decode()
    assert "Fondos para centros culturales barriales" in html
