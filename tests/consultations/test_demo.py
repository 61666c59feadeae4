"""consultations.demo.seed: one consultation in each phase, idempotent."""

import io

import pytest
from django.utils import timezone

from accounts import demo as accounts_demo
from accounts.models import User
from consultations import demo
from consultations.models import Consultation, Phase, Proposal, ProposalAnswer, Support
from deliberation.models import Comment


@pytest.fixture(autouse=True)
def _debug_on(settings):
    # As `make run` seeds it: the staff accounts (who answer proposals) need DEBUG on.
    settings.DEBUG = True


def seed_twice() -> None:
    for _ in range(2):
        accounts_demo.seed(io.StringIO())
        demo.seed(io.StringIO())


def test_demo_has_a_consultation_running_each_phase(db):
    seed_twice()
    now = timezone.now()
    consultations = Consultation.objects.prefetch_related("phases")
    assert consultations.count() == 5
    running = {
        phase.kind for consultation in consultations for phase in consultation.active_phases(now)
    }
    assert running == set(Phase.Kind.values)


def test_demo_is_idempotent_and_consistent(db):
    seed_twice()
    assert Proposal.objects.count() == sum(len(v) for v in demo.PROPOSALS.values())
    assert Proposal.objects.filter(latitude__isnull=False).count() >= 5
    for proposal in Proposal.objects.all():
        assert proposal.support_count == Support.objects.filter(proposal=proposal).count()
    assert ProposalAnswer.objects.filter(is_published=True).exists()
    assert ProposalAnswer.objects.filter(is_published=False).exists()
    # Nobody exceeds the per-person limit of the consultation that has one.
    limited = Consultation.objects.get(support_limit__isnull=False)
    per_person = Support.objects.filter(consultation=limited).values_list("user", flat=True)
    assert max(list(per_person).count(u) for u in set(per_person)) <= limited.support_limit


def test_demo_people_have_unique_names(db):
    seed_twice()
    names = list(User.objects.values_list("display_name", flat=True))
    assert len(names) > 40  # accounts, supporters and survey neighbours
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)


def test_demo_comments_match_what_they_comment_on(db):
    seed_twice()
    culture = Consultation.objects.get(slug="politica-regional-de-cultura")
    bodies = " ".join(
        Comment.objects.filter(
            discussion__content_type__model="proposal",
            discussion__object_id__in=culture.proposals.values("pk"),
        ).values_list("body", flat=True)
    )
    assert bodies
    for word in ["bicicleta", "ciclovías", "buses", "recorrido", "transporte"]:
        assert word not in bodies
