"""consultations.demo.seed: one consultation in each phase, idempotent."""

import io

from django.utils import timezone

from accounts import demo as accounts_demo
from consultations import demo
from consultations.models import Consultation, Phase, Proposal, ProposalAnswer, Support


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
