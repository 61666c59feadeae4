"""Supports under concurrent clicks (actions.check_support_proposal), on PostgreSQL.

Each thread has its own database connection and commits for real, as separate web
processes would: no support is lost, none is counted twice, a person's repeated click
adds one support, and a per-person limit holds even when the clicks race.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from consultations.actions import check_support_proposal, check_withdraw_support
from consultations.models import Consultation, Phase, Proposal, Support
from consultations.queries import consultation_for_page
from tests.consultations.factories import ProposalFactory, consultation_in
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Needs PostgreSQL: SQLite serialises every write, so there is no race to test.",
    ),
    # Real commits; serialized rollback puts back the comunas the migrations loaded.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def race(jobs: list) -> tuple[int, list[str]]:
    """Run every job at once in its own thread; return successes and refusal messages."""
    barrier = threading.Barrier(len(jobs))
    lock = threading.Lock()
    done, refusals = [0], []

    def run(job) -> None:
        try:
            barrier.wait()
            job()
            with lock:
                done[0] += 1
        except ValidationError as error:
            with lock:
                refusals.append(error.messages[0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return done[0], refusals


def fresh(proposal_pk: int) -> Proposal:
    """The proposal as a view loads it in its own request (consultation with phases)."""
    proposal = Proposal.objects.get(pk=proposal_pk)
    proposal.consultation = consultation_for_page(Consultation.objects).get(
        pk=proposal.consultation_id
    )
    return proposal


def support(user, proposal_pk: int):
    return lambda: check_support_proposal(user, proposal=fresh(proposal_pk))


def test_concurrent_supports_from_many_people_are_all_counted():
    consultation = consultation_in(Phase.Kind.SUPPORTS, slug="carrera")
    proposal = ProposalFactory(consultation=consultation)
    people = UserFactory.create_batch(16)
    done, refusals = race([support(person, proposal.pk) for person in people])
    assert (done, refusals) == (16, [])
    proposal.refresh_from_db()
    assert proposal.support_count == 16 == Support.objects.filter(proposal=proposal).count()


def test_a_burst_of_clicks_by_one_person_adds_one_support():
    consultation = consultation_in(Phase.Kind.SUPPORTS, slug="clics")
    proposal = ProposalFactory(consultation=consultation)
    person = UserFactory()
    done, refusals = race([support(person, proposal.pk) for _ in range(8)])
    assert done == 1
    assert refusals == ["Ya apoyas esta propuesta."] * 7
    proposal.refresh_from_db()
    assert proposal.support_count == 1 == Support.objects.count()


def test_the_limit_holds_when_supports_race():
    consultation = consultation_in(Phase.Kind.SUPPORTS, slug="limite", support_limit=2)
    proposals = ProposalFactory.create_batch(6, consultation=consultation)
    person = UserFactory()
    done, refusals = race([support(person, p.pk) for p in proposals])
    assert done == 2
    assert len(refusals) == 4
    assert all(r.startswith("Ya usaste tus 2 apoyos") for r in refusals)
    assert Support.objects.filter(user=person).count() == 2
    assert sum(Proposal.objects.values_list("support_count", flat=True)) == 2


def test_supports_and_withdrawals_racing_keep_the_counter_exact():
    consultation = consultation_in(Phase.Kind.SUPPORTS, slug="vaiven")
    proposal = ProposalFactory(consultation=consultation)
    leaving = UserFactory.create_batch(6)
    for person in leaving:
        check_support_proposal(person, proposal=fresh(proposal.pk))
    arriving = UserFactory.create_batch(10)
    jobs = [support(person, proposal.pk) for person in arriving] + [
        (lambda p=person: check_withdraw_support(p, proposal=fresh(proposal.pk)))
        for person in leaving
    ]
    done, refusals = race(jobs)
    assert (done, refusals) == (16, [])
    proposal.refresh_from_db()
    assert proposal.support_count == 10 == Support.objects.filter(proposal=proposal).count()


def test_the_threshold_is_crossed_once_under_concurrency(division):
    consultation = consultation_in(
        Phase.Kind.SUPPORTS, slug="umbral", support_threshold=5, division=division
    )
    UserFactory(is_official=True, division=division)
    proposal = ProposalFactory(consultation=consultation)
    done, _refusals = race([support(p, proposal.pk) for p in UserFactory.create_batch(12)])
    assert done == 12
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.EVALUATING
    from accounts.models import Notification

    assert Notification.objects.filter(kind="consultations.threshold_reached").count() == 1
