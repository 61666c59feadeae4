"""Factories for consultations, phases, proposals, supports and answers (volume).

``consultation_in(*kinds)`` builds a published consultation whose listed phases are
running now and whose other phases are over or upcoming, which is what most tests need.
"""

from datetime import timedelta

import factory
from django.utils import timezone

from consultations.models import Consultation, Phase, Proposal, ProposalAnswer, Support
from deliberation.actions import create_discussion
from tests.factories import UserFactory

PHASE_ORDER = [kind for kind, _label in Phase.Kind.choices]


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Consulta de prueba {n}")
    slug = factory.Sequence(lambda n: f"consulta-{n}")
    summary = "Un resumen de la consulta."
    body = "<p>La descripción de la consulta.</p>"
    status = Consultation.Status.PUBLISHED

    @factory.post_generation
    def topics(self, create: bool, extracted: list[str] | None, **kwargs) -> None:
        if create and extracted:
            self.topics.set(extracted)

    @factory.post_generation
    def discussion(self, create: bool, extracted: None, **kwargs) -> None:
        # As do_create_consultation does: a consultation has its discussion from the start.
        if create:
            create_discussion(self)


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    consultation = factory.SubFactory(ConsultationFactory)
    kind = Phase.Kind.PROPOSALS
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    ends_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))


def consultation_in(*kinds: str, upcoming: tuple[str, ...] = (), **fields) -> Consultation:
    """A published consultation with ``kinds`` running now; ``upcoming`` phases start in
    five days; every other phase kind is absent."""
    consultation = ConsultationFactory(**fields)
    now = timezone.now()
    for kind in kinds:
        PhaseFactory(
            consultation=consultation,
            kind=kind,
            starts_at=now - timedelta(days=2),
            ends_at=now + timedelta(days=10),
        )
    for kind in upcoming:
        PhaseFactory(
            consultation=consultation,
            kind=kind,
            starts_at=now + timedelta(days=5),
            ends_at=now + timedelta(days=15),
        )
    return consultation


def past_phase(consultation: Consultation, kind: str) -> Phase:
    now = timezone.now()
    return PhaseFactory(
        consultation=consultation,
        kind=kind,
        starts_at=now - timedelta(days=20),
        ends_at=now - timedelta(days=10),
    )


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal
        skip_postgeneration_save = True

    consultation = factory.SubFactory(ConsultationFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Propuesta {n}")
    body = "<p>Una idea para la región.</p>"

    @factory.post_generation
    def topics(self, create: bool, extracted: list | None, **kwargs) -> None:
        if create and extracted:
            self.topics.set(extracted)

    @factory.post_generation
    def discussion(self, create: bool, extracted: None, **kwargs) -> None:
        # As do_create_proposal does: a proposal has its discussion from the start.
        if create:
            create_discussion(self)


class SupportFactory(factory.django.DjangoModelFactory):
    """A support row; bumps the proposal's counter like the action does."""

    class Meta:
        model = Support

    proposal = factory.SubFactory(ProposalFactory)
    user = factory.SubFactory(UserFactory)
    consultation = factory.SelfAttribute("proposal.consultation")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        support = super()._create(model_class, *args, **kwargs)
        Proposal.objects.filter(pk=support.proposal_id).update(
            support_count=Support.objects.filter(proposal_id=support.proposal_id).count()
        )
        return support


class ProposalAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProposalAnswer

    proposal = factory.SubFactory(ProposalFactory)
    author = factory.SubFactory(UserFactory)
    division = factory.SelfAttribute("author.division")
    state = Proposal.State.ACCEPTED
    body = "<p>La respuesta oficial.</p>"
