"""consultations.demo and surveys.demo (issue 9, items 5 and 13): round dates (phases and
surveys start at 00:00 and end at 23:59 of a day, local time), proposals placed inside their
comuna and territory, and «Transporte público rural» restricted to its comunas."""

import io
from datetime import time

import pytest
from django.utils import timezone

from accounts import demo as accounts_demo
from accounts.geo import comuna_at
from accounts.models import User
from consultations import demo
from consultations.models import Consultation, Phase, Proposal
from consultations.rules import participation_refusal
from surveys.models import Survey


@pytest.fixture(autouse=True)
def _seeded(settings, db):
    settings.DEBUG = True  # as `make run` seeds it (the staff accounts need it)
    accounts_demo.seed(io.StringIO())
    demo.seed(io.StringIO())


def local_time(moment) -> time:
    return timezone.localtime(moment).time()


def test_phases_start_at_midnight_and_end_at_23_59():
    phases = list(Phase.objects.all())
    assert phases
    assert {local_time(phase.starts_at) for phase in phases} == {time(0, 0)}
    assert {local_time(phase.ends_at) for phase in phases} == {time(23, 59)}


def test_surveys_open_at_midnight_and_close_at_23_59():
    surveys = list(Survey.objects.all())
    assert len(surveys) == 2
    assert {local_time(survey.opens_at) for survey in surveys} == {time(0, 0)}
    assert {local_time(survey.closes_at) for survey in surveys} == {time(23, 59)}


def test_proposals_arrive_at_whole_hours_inside_their_proposals_phase():
    for proposal in Proposal.objects.select_related("consultation"):
        phase = proposal.consultation.phases.get(kind=Phase.Kind.PROPOSALS)
        assert phase.starts_at <= proposal.created_at < phase.ends_at
        assert local_time(proposal.created_at).minute == 0


def test_points_lie_in_their_comuna_and_territory():
    located = Proposal.objects.filter(latitude__isnull=False).select_related("consultation")
    assert located.exists()
    for proposal in located:
        where = comuna_at(proposal.latitude, proposal.longitude)
        assert where == proposal.comuna_id
        assert where in proposal.consultation.territory_cuts


def test_rural_transport_is_for_its_comunas_verified_residents():
    rural = Consultation.objects.get(slug="transporte-publico-rural")
    assert rural.residency_rule == Consultation.Residency.VERIFIED
    assert rural.territory_names == ["Catemu", "Olmué", "Petorca", "Putaendo"]
    # The demo's verified resident does not live there: the page must not invite them.
    for person in User.objects.filter(is_verified_resident=True).exclude(
        comuna__in=rural.comunas.all()
    ):
        assert participation_refusal(person, rural) is not None
