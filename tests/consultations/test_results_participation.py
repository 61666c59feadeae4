"""results.participation: who counts, and what is published when (the arithmetic of
publishing: tests/common/test_disclosure.py; the attacks: test_disclosure_attacks.py)."""

from datetime import timedelta

from django.utils import timezone

from consultations.models import Consultation, Phase, Proposal
from consultations.results import participation, participation_closes_at, participation_counts
from tests.consultations.factories import (
    PhaseFactory,
    ProposalFactory,
    SupportFactory,
    consultation_in,
)
from tests.surveys.factories import add_responses, make_survey


def fresh(consultation: Consultation) -> Consultation:
    """The consultation read again (``survey`` is cached on the instance)."""
    return Consultation.objects.get(pk=consultation.pk)


def people(consultation) -> int:
    """The true number of participants (before rounding), from the raw aggregates."""
    return sum(group["count"] for group in participation_counts(consultation)["groups"])


def test_each_person_counts_once_whatever_they_did(db, resident, other_resident):
    consultation = consultation_in(Phase.Kind.RESULTS, slug="c")
    survey = make_survey(consultation, state="closed")
    add_responses(survey, 2, people=[resident, other_resident])
    mine = ProposalFactory(consultation=consultation, author=resident)
    SupportFactory(proposal=mine, user=other_resident)
    SupportFactory(proposal=mine, user=resident)
    assert people(consultation) == 2
    figures = participation(consultation)
    assert (figures.proposals, figures.supports, figures.responses) == (1, 2, 2)


def test_authors_of_hidden_or_pending_proposals_do_not_count(db, resident, other_resident):
    consultation = consultation_in(Phase.Kind.RESULTS, slug="c")
    ProposalFactory(
        consultation=consultation,
        author=resident,
        moderation_status=Proposal.ModerationStatus.HIDDEN,
    )
    ProposalFactory(
        consultation=consultation,
        author=other_resident,
        moderation_status=Proposal.ModerationStatus.PENDING,
    )
    withdrawn = ProposalFactory(
        consultation=consultation, moderation_status=Proposal.ModerationStatus.WITHDRAWN
    )
    assert people(consultation) == 1
    assert participation(consultation).proposals == 1
    assert withdrawn.author_id is not None


def test_other_consultations_do_not_count(db, resident):
    consultation = consultation_in(Phase.Kind.RESULTS, slug="c")
    other = consultation_in(Phase.Kind.RESULTS, slug="otra")
    SupportFactory(proposal=ProposalFactory(consultation=other), user=resident)
    assert people(consultation) == 0


def test_participation_closes_when_the_last_proposals_supports_or_survey_ends(db):
    consultation = consultation_in(Phase.Kind.RESULTS, slug="c")
    assert participation_closes_at(consultation) is None  # no way to take part yet
    survey = make_survey(consultation, state="closed")
    now = timezone.now()
    supports = PhaseFactory(
        consultation=consultation,
        kind=Phase.Kind.SUPPORTS,
        starts_at=now - timedelta(days=30),
        ends_at=now + timedelta(days=3),
    )
    # Information and results phases do not count; the later of supports and survey does.
    assert participation_closes_at(fresh(consultation)) == supports.ends_at
    supports.closed_at = now - timedelta(days=2)  # an official closed it early
    supports.save()
    assert participation_closes_at(fresh(consultation)) == survey.closes_at
    supports.ends_at = None
    supports.closed_at = None
    supports.save()
    assert participation_closes_at(fresh(consultation)) is None  # open-ended: never final


def test_breakdowns_are_published_only_once_participation_has_closed(db):
    consultation = consultation_in(Phase.Kind.RESULTS, slug="c")
    survey = make_survey(consultation, state="open")
    add_responses(survey, 12)
    figures = participation(consultation)
    assert not figures.final
    assert figures.closes_at == survey.closes_at
    assert figures.breakdowns == []
    assert (figures.participants.count, figures.responses) == (10, 12)  # rounded, exact
    survey.closes_at = timezone.now() - timedelta(minutes=1)
    survey.save()
    figures = participation(fresh(consultation))
    assert figures.final
    assert [key for key, _title, _cells in figures.breakdowns] == ["comuna", "genero", "edad"]
