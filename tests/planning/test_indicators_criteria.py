"""planning.indicators.queries.strategic_indicators: who is in the denominator and the
numerator of the strategic indicator (docs/indicators.md)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from planning.indicators import registry
from planning.indicators.queries import strategic_indicators
from tests.consultations.factories import ConsultationFactory, PhaseFactory
from tests.planning.indicators_helpers import instance, instrument, moment

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_consultation():
    """A consultation whose participation closed: it publishes participation by gender."""
    consultation = ConsultationFactory()
    PhaseFactory(consultation=consultation, starts_at=moment(2025, 2), ends_at=moment(2025, 3))
    return consultation


def indicator(year: int = 2025, **kwargs):
    return strategic_indicators(**kwargs).get(year)


def test_an_instance_meeting_every_criterion_counts(closed_consultation):
    instance(instrument("erd", 2025), process=closed_consultation)
    result = indicator()
    assert (result.numerator, result.denominator, result.percent) == (1, 1, 100.0)
    assert result.instruments[0].criteria.all_met


def test_the_denominator_is_the_elaboration_year(closed_consultation):
    instance(instrument("erd", 2025), process=closed_consultation)
    instrument("prot", 2024)
    instrument("sin-ano", None)
    assert indicator().denominator == 1
    assert indicator(2024).denominator == 1
    assert indicator(2024).percent == 0.0
    assert set(strategic_indicators()) == {2024, 2025}


@pytest.mark.parametrize(
    "missing",
    [
        {"open_to_all_residents": False},
        {"results_published_on": None},
        {"devolution_sent_on": None},
    ],
)
def test_each_criterion_is_required(closed_consultation, missing):
    instance(instrument("erd", 2025), process=closed_consultation, **missing)
    assert indicator().numerator == 0


def test_without_a_platform_process_gender_is_not_met():
    instance(instrument("erd", 2025), kind="workshop", participants=80)
    row = indicator().instruments[0]
    assert not row.criteria.gender_published
    assert not row.qualifies


def test_a_consultation_still_open_has_not_published_by_gender():
    running = ConsultationFactory()
    now = timezone.now()
    PhaseFactory(
        consultation=running, starts_at=now - timedelta(days=1), ends_at=now + timedelta(days=9)
    )
    instance(instrument("erd", 2025), process=running)
    assert not indicator().instruments[0].criteria.gender_published


def test_criteria_must_be_met_by_one_instance_not_spread_over_several(closed_consultation):
    target = instrument("erd", 2025)
    instance(target, process=closed_consultation, devolution_sent_on=None)
    instance(target, open_to_all_residents=True)  # no process: gender not met
    row = indicator().instruments[0]
    # Each criterion was met by some instance, yet no single one met them all.
    assert row.criteria.all_met
    assert not row.qualifies


def test_dates_still_to_come_do_not_count_yet(closed_consultation):
    instance(
        instrument("erd", 2025),
        process=closed_consultation,
        devolution_sent_on=date(2025, 12, 20),
    )
    assert indicator(today=date(2025, 12, 19)).numerator == 0
    assert indicator(today=date(2025, 12, 20)).numerator == 1


def test_other_kinds_of_process_answer_through_the_registry(monkeypatch, closed_consultation):
    # A process of a model nobody registered never meets the gender criterion...
    monkeypatch.setattr(registry, "_gender_publications", {})
    instance(instrument("erd", 2025), process=closed_consultation)
    assert indicator().numerator == 0
    # ...and a registered one says which of its processes published by gender.
    registry._gender_publications["consultations.consultation"] = lambda ids: set(ids)
    assert indicator().numerator == 1


def test_instruments_are_in_spanish_order(closed_consultation):
    instrument("b", 2025, name="Ñuble y su política")
    instrument("a", 2025, name="Política de Ñandúes")
    instrument("c", 2025, name="Agua")
    names = [row.instrument.name for row in indicator().instruments]
    assert names == ["Agua", "Ñuble y su política", "Política de Ñandúes"]
