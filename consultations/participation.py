"""What consultations count in the participation indicators (``planning.indicators``):
proposals (contributions: answered when their official answer is published or an
outcome traces them), supports and survey responses (they make a participant, not a
contribution). Registered from ``ConsultationsConfig.ready()``; published consultations
only, visible proposals only, and never what an official wrote for a division."""

from collections.abc import Iterator
from datetime import datetime

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultations.models import Consultation, Proposal, ProposalAnswer, Support
from consultations.results import participation_closes_at
from planning.indicators.registry import (
    Act,
    ParticipationSource,
    has_outcome,
    register_gender_publication,
    register_participation_source,
)
from surveys.models import Response

PUBLISHED = Consultation.Status.PUBLISHED
CHUNK = 5000


def _since(field: str, since: datetime | None) -> Q:
    return Q(**{f"{field}__gte": since}) if since is not None else Q()


def proposal_acts(since: datetime | None) -> Iterator[Act]:
    answered = Exists(
        ProposalAnswer.objects.filter(proposal=OuterRef("pk"), is_published=True)
    ) | has_outcome(Proposal)
    rows = (
        Proposal.objects.visible()
        .filter(_since("created_at", since), consultation__status=PUBLISHED)
        .filter(speaks_for__isnull=True)
        .annotate(answered=answered)
        .values_list("author_id", "created_at", "answered")
        .order_by()
    )
    for person, at, was_answered in rows.iterator(chunk_size=CHUNK):
        yield Act(person, at, bool(was_answered))


def support_acts(since: datetime | None) -> Iterator[Act]:
    rows = (
        Support.objects.filter(_since("created_at", since), consultation__status=PUBLISHED)
        .values_list("user_id", "created_at")
        .order_by()
    )
    for person, at in rows.iterator(chunk_size=CHUNK):
        yield Act(person, at, False)


def response_acts(since: datetime | None) -> Iterator[Act]:
    rows = (
        Response.objects.filter(_since("created_at", since), survey__consultation__status=PUBLISHED)
        .values_list("respondent_id", "created_at")
        .order_by()
    )
    for person, at in rows.iterator(chunk_size=CHUNK):
        yield Act(person, at, False)


def published_by_gender(ids: list[int]) -> set[int]:
    """Published consultations among ``ids`` whose results page publishes participation
    by gender: those whose participation has closed (``consultations.results``). Two
    queries (consultations with their phases) and one per survey owner prefetch."""
    now = timezone.now()
    consultations = (
        Consultation.objects.filter(pk__in=ids, status=PUBLISHED)
        .only("pk")
        .prefetch_related("phases", "surveys")
    )
    published = set()
    for consultation in consultations:
        closes_at = participation_closes_at(consultation)
        if closes_at is not None and closes_at <= now:
            published.add(consultation.pk)
    return published


def register() -> None:
    register_participation_source(
        "consultations.proposals",
        ParticipationSource(label=_("Propuestas"), contribution=True, acts=proposal_acts),
    )
    register_participation_source(
        "consultations.supports",
        ParticipationSource(label=_("Apoyos"), contribution=False, acts=support_acts),
    )
    register_participation_source(
        "consultations.survey_responses",
        ParticipationSource(
            label=_("Respuestas a encuestas"), contribution=False, acts=response_acts
        ),
    )
    register_gender_publication(Consultation, published_by_gender)
