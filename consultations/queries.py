"""Reads shared by the consultation and proposal pages (and the benchmarks).

Every list here is built to cost a constant number of queries whatever the data size:
filters and sorts run on indexed columns, pages are sliced in SQL, and what a page shows
per row (phases, comunas, topics, the viewer's supports) comes in one extra query each.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Mod
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag, TaggedItem

from accounts.models import User
from accounts.roles import Role, can_act_as
from accounts.territory import territory_data
from consultations.models import Consultation, Phase, Proposal, ProposalAnswer, Support

SEARCH_CONFIG = "spanish"


def uses_full_text_search() -> bool:
    """PostgreSQL has Spanish full-text search; SQLite falls back to ``icontains``."""
    return connection.vendor == "postgresql"


def consultation_search_vector() -> Any:
    return (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector("body", weight="C", config=SEARCH_CONFIG)
    )


def proposal_search_vector() -> Any:
    # Tags in the body are token type "tag" for PostgreSQL's parser, which the Spanish
    # configuration does not index: searching the sanitised HTML searches its text.
    return SearchVector("title", weight="A", config=SEARCH_CONFIG) + SearchVector(
        "body", weight="B", config=SEARCH_CONFIG
    )


def _search(queryset: QuerySet, text: str, fields: list[str], *, rank: bool) -> QuerySet:
    if uses_full_text_search():
        query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
        queryset = queryset.filter(search_vector=query)
        if rank:
            queryset = queryset.annotate(rank=SearchRank(F("search_vector"), query))
        return queryset
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": text})
    return queryset.filter(condition)


# --- Territory -------------------------------------------------------------------------


def region_comunas() -> list[tuple[str, str]]:
    """(CUT code, name) of the deployment region's comunas, from the data file (no query)."""
    own = settings.CABILDO_REGION_CODE
    comunas = [
        (comuna["cut"], comuna["name"])
        for comuna in territory_data()["comunas"]
        if comuna["region_cut"] == own
    ]
    return sorted(comunas, key=lambda item: item[1])


# --- Consultations ---------------------------------------------------------------------


def _active_phase_condition(now: datetime, kind: str | None = None) -> Exists:
    phases = Phase.objects.filter(
        consultation=OuterRef("pk"),
        starts_at__lte=now,
    ).filter(
        Q(ends_at__isnull=True) | Q(ends_at__gt=now),
        Q(closed_at__isnull=True) | Q(closed_at__gt=now),
    )
    if kind:
        phases = phases.filter(kind=kind)
    return Exists(phases)


def _ended_phase_condition(now: datetime) -> Q:
    return Q(ends_at__lte=now) | Q(closed_at__lte=now)


CONSULTATION_STATUSES = {
    "abiertas": _("Abiertas"),
    "proximas": _("Próximas"),
    "finalizadas": _("Finalizadas"),
}


def can_preview_drafts(user: Any) -> bool:
    """Officials and administrators (with 2FA) see draft consultations, marked as such."""
    return can_act_as(user, Role.OFFICIAL) or can_act_as(user, Role.ADMINISTRATOR)


def visible_consultations(user: Any) -> QuerySet[Consultation]:
    consultations = Consultation.objects.all()
    if not can_preview_drafts(user):
        consultations = consultations.filter(status=Consultation.Status.PUBLISHED)
    return consultations


def consultation_list(
    user: Any,
    *,
    status: str = "",
    phase: str = "",
    topic: str = "",
    comuna: str = "",
    text: str = "",
    now: datetime | None = None,
) -> QuerySet[Consultation]:
    """Consultations for the list page, filtered; phases, comunas and topics prefetched."""
    now = now or timezone.now()
    consultations = visible_consultations(user)
    if status == "abiertas":
        consultations = consultations.filter(_active_phase_condition(now))
    elif status == "proximas":
        consultations = consultations.exclude(
            Exists(Phase.objects.filter(consultation=OuterRef("pk"), starts_at__lte=now))
        )
    elif status == "finalizadas":
        consultations = consultations.filter(
            Exists(Phase.objects.filter(consultation=OuterRef("pk")))
        ).exclude(
            Exists(
                Phase.objects.filter(consultation=OuterRef("pk")).exclude(
                    _ended_phase_condition(now)
                )
            )
        )
    if phase:
        consultations = consultations.filter(_active_phase_condition(now, phase))
    if topic:
        consultations = consultations.filter(
            pk__in=TaggedItem.objects.filter(
                content_type=ContentType.objects.get_for_model(Consultation), tag__slug=topic
            ).values("object_id")
        )
    if comuna:
        consultations = consultations.filter(Q(whole_region=True) | Q(comunas__cut=comuna))
    ordering: list[Any] = ["-created_at", "-pk"]
    if text:
        consultations = _search(consultations, text, ["title", "summary", "body"], rank=True)
        if uses_full_text_search():
            ordering = ["-rank", *ordering]
    return (
        consultations.distinct().order_by(*ordering).prefetch_related("phases", "comunas", "topics")
    )


def consultation_topics() -> QuerySet[Tag]:
    """Topics used by published consultations, for the list's filter."""
    tagged = TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(Consultation),
        object_id__in=Consultation.objects.filter(status=Consultation.Status.PUBLISHED).values(
            "pk"
        ),
    )
    return Tag.objects.filter(pk__in=tagged.values("tag_id")).order_by("name")


def consultation_for_page(queryset: QuerySet[Consultation]) -> QuerySet[Consultation]:
    """What a consultation's own pages show about it, in one query plus prefetches."""
    return queryset.select_related("planning_instrument", "division", "survey").prefetch_related(
        "phases", "comunas", "topics"
    )


@dataclass(frozen=True)
class PhaseStep:
    phase: Phase
    state: str  # "active", "upcoming", "over"


def phase_steps(consultation: Consultation, now: datetime | None = None) -> list[PhaseStep]:
    """The phases in order with where each stands now (for the timeline)."""
    now = now or timezone.now()
    steps = []
    for phase in sorted(consultation.phases.all(), key=lambda p: (p.starts_at, p.pk)):
        if phase.is_active(now):
            state = "active"
        elif phase.is_upcoming(now):
            state = "upcoming"
        else:
            state = "over"
        steps.append(PhaseStep(phase=phase, state=state))
    return steps


def draft_answer_count(consultation: Consultation) -> int:
    return ProposalAnswer.objects.filter(
        proposal__consultation=consultation, is_published=False
    ).count()


def consultation_stats(consultation: Consultation) -> dict[str, int]:
    """Counts shown on a consultation page, from the denormalised counters (one query)."""
    from django.db.models import Count, Sum

    stats = (
        Proposal.objects.visible()
        .filter(consultation=consultation)
        .aggregate(proposals=Count("pk"), supports=Sum("support_count"))
    )
    return {"proposals": stats["proposals"] or 0, "supports": stats["supports"] or 0}


# --- Proposals -------------------------------------------------------------------------

PROPOSAL_SORTS = {
    "recientes": _("Más recientes"),
    "mas-apoyadas": _("Más apoyadas"),
    "aleatorio": _("Al azar"),
    "mas-comentadas": _("Más comentadas"),
}
PROPOSAL_STATES = {
    "recibidas": (Proposal.State.RECEIVED, _("Recibidas")),
    "en-evaluacion": (Proposal.State.EVALUATING, _("En evaluación")),
    "aceptadas": (Proposal.State.ACCEPTED, _("Aceptadas")),
    "rechazadas": (Proposal.State.REJECTED, _("Rechazadas")),
    "retiradas": (None, _("Retiradas por su autor")),
}
# A 32-bit multiplicative hash of the id mixed with the visitor's seed: a different order
# per visitor, the same one on every page of their visit. 4294967291 is the largest prime
# below 2**32, so the values stay well inside a 64-bit integer on every database.
_RANDOM_MULTIPLIER = 2654435761
_RANDOM_MODULUS = 4294967291


def random_order(seed: int) -> Any:
    return Mod(
        (F("id") + Value(seed)) * Value(_RANDOM_MULTIPLIER),
        Value(_RANDOM_MODULUS),
        output_field=IntegerField(),
    )


def proposal_list(
    consultation: Consultation,
    *,
    sort: str = "recientes",
    seed: int = 0,
    state: str = "",
    topic: str = "",
    comuna: str = "",
    text: str = "",
    located_only: bool = False,
) -> QuerySet[Proposal]:
    """Visible proposals of a consultation, filtered and sorted (page them with
    ``proposal_page``). Withdrawn proposals appear only under their own filter."""
    proposals = Proposal.objects.filter(consultation=consultation)
    if state == "retiradas":
        proposals = proposals.filter(moderation_status=Proposal.ModerationStatus.WITHDRAWN)
    else:
        proposals = proposals.filter(moderation_status=Proposal.ModerationStatus.PUBLISHED)
        if state in PROPOSAL_STATES:
            proposals = proposals.filter(state=PROPOSAL_STATES[state][0])
    if topic:
        # The consultation's topics are already loaded: a semi-join on the tag's id
        # avoids joining the tag table for every proposal.
        tag = next((t for t in consultation.topics.all() if t.slug == topic), None)
        proposals = proposals.filter(
            pk__in=TaggedItem.objects.filter(
                content_type=ContentType.objects.get_for_model(Proposal),
                tag_id=tag.pk if tag else None,
            ).values("object_id")
        )
    if comuna:
        proposals = proposals.filter(comuna_id=comuna)
    if located_only:
        proposals = proposals.filter(latitude__isnull=False)
    if text:
        proposals = _search(proposals, text, ["title", "body"], rank=False)
    match sort:
        case "mas-apoyadas":
            ordering: list[Any] = ["-support_count", "-id"]
        case "mas-comentadas":
            ordering = ["-comment_count", "-id"]
        case "aleatorio":
            proposals = proposals.alias(shuffle=random_order(seed))
            ordering = ["shuffle", "id"]
        case _:
            ordering = ["-created_at", "-id"]
    return proposals.order_by(*ordering)


def proposal_page(
    proposals: QuerySet[Proposal], consultation: Consultation, number: Any, per_page: int
) -> Page:
    """One page of ``proposal_list``: the ids first, then their rows. Three queries.

    Counting and ordering read only the narrow ``proposal_visible`` index (PostgreSQL
    answers both with index-only scans, so the random order of 50,000 proposals never
    touches their text); only the page's rows are then loaded, with author, comuna and
    topics, and their consultation set to the one already loaded.
    """
    page = Paginator(proposals.values_list("pk", flat=True), per_page).get_page(number)
    ids = list(page.object_list)
    rows = {
        proposal.pk: proposal
        for proposal in Proposal.objects.filter(pk__in=ids)
        .select_related("author", "comuna")
        .prefetch_related("topics")
    }
    page.object_list = [rows[pk] for pk in ids if pk in rows]
    for proposal in page.object_list:
        proposal.consultation = consultation
    return page


def proposal_for_page(consultation: Consultation, pk: int) -> Proposal:
    """One proposal with what its page shows (author, comuna, answer, topics)."""
    return (
        Proposal.objects.filter(consultation=consultation, pk=pk)
        .select_related("author", "comuna", "answer__division")
        .prefetch_related("topics")
        .get()
    )


def supported_ids(user: Any, consultation: Consultation, proposal_ids: list[int]) -> set[int]:
    """Which of these proposals the person supports (one indexed query)."""
    if not user.is_authenticated or not proposal_ids:
        return set()
    return set(
        Support.objects.filter(
            consultation=consultation, user=user, proposal_id__in=proposal_ids
        ).values_list("proposal_id", flat=True)
    )


def supports_used(user: Any, consultation: Consultation) -> int:
    if not user.is_authenticated:
        return 0
    return Support.objects.filter(consultation=consultation, user=user).count()


def proposal_topics(consultation: Consultation) -> list[Tag]:
    """The topics a proposal may take: the consultation's own (already prefetched)."""
    return sorted(consultation.topics.all(), key=lambda tag: tag.name.lower())


def officials_of(consultation: Consultation) -> QuerySet[User]:
    """Who answers for a consultation: its division's officials (all, if it has none)."""
    officials = User.objects.filter(is_official=True, is_active=True, deleted_at__isnull=True)
    if consultation.division_id:
        officials = officials.filter(division_id=consultation.division_id)
    return officials


def supporters_of(proposal: Proposal) -> QuerySet[User]:
    return User.objects.filter(supports__proposal=proposal)
