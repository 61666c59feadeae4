"""Reads shared by the consultation and proposal pages (and the benchmarks).

Every list here is built to cost a constant number of queries whatever the data size:
filters and sorts run on indexed columns, pages are sliced in SQL, and what a page shows
per row (phases, comunas, topics, the viewer's supports) comes in one extra query each.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchRank, SearchVector
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.territory import territory_data
from common.collation import PlainText
from common.formats import when
from common.pagecache import shared_fragment
from common.search import SEARCH_CONFIG, search_query, text_filter, uses_full_text_search
from common.text import spanish_sorted
from consultations.models import (
    Consultation,
    Phase,
    Proposal,
    ProposalAnswer,
    Support,
    TaggedTopic,
    Topic,
    by_name,
)
from consultations.rules import can_create_consultations, possible_now
from planning.registry import InformingProcess
from surveys.models import Question


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


def _search(queryset: QuerySet, text: str, fields: list[Any], *, rank: bool) -> QuerySet:
    """Accent- and case-blind (``common.search.text_filter``): "arbol" finds "Árboles"."""
    queryset = queryset.filter(text_filter(text, vector="search_vector", fields=fields))
    if rank and uses_full_text_search():
        queryset = queryset.annotate(rank=SearchRank(F("search_vector"), search_query(text)))
    return queryset


# --- Territory -------------------------------------------------------------------------


def region_comunas() -> list[tuple[str, str]]:
    """(CUT code, name) of the deployment region's comunas, from the data file (no query)."""
    own = settings.CABILDO_REGION_CODE
    comunas = [
        (comuna["cut"], comuna["name"])
        for comuna in territory_data()["comunas"]
        if comuna["region_cut"] == own
    ]
    return spanish_sorted(comunas, key=lambda item: item[1])


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


def visible_consultations(user: Any) -> QuerySet[Consultation]:
    """Published consultations, and drafts too for those who create consultations."""
    consultations = Consultation.objects.all()
    if not can_create_consultations(user):
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
            pk__in=TaggedTopic.objects.filter(
                content_type=ContentType.objects.get_for_model(Consultation), tag__slug=topic
            ).values("object_id")
        )
    if comuna:
        consultations = consultations.filter(Q(whole_region=True) | Q(comunas__cut=comuna))
    ordering: list[Any] = ["-created_at", "-pk"]
    if text:
        consultations = _search(
            consultations, text, ["title", "summary", PlainText("body")], rank=True
        )
        if uses_full_text_search():
            ordering = ["-rank", *ordering]
    return (
        consultations.distinct().order_by(*ordering).prefetch_related("phases", "comunas", "topics")
    )


def consultation_topics() -> list[Topic]:
    """Topics used by published consultations, for the list's filter, in Spanish order of
    their name in the page's language (``models.by_name``). One query."""
    tagged = TaggedTopic.objects.filter(
        content_type=ContentType.objects.get_for_model(Consultation),
        object_id__in=Consultation.objects.filter(status=Consultation.Status.PUBLISHED).values(
            "pk"
        ),
    )
    return by_name(Topic.objects.filter(pk__in=tagged.values("tag_id")))


def offered_topics(consultation: Consultation | None = None) -> list[Topic]:
    """The topics the consultation editor offers: the active ones, and those the
    consultation already has (a topic deactivated since stays checked). One query."""
    condition = Q(is_active=True)
    if consultation is not None:
        condition |= Q(pk__in=[topic.pk for topic in consultation.topics.all()])
    return by_name(Topic.objects.filter(condition))


def consultation_for_page(queryset: QuerySet[Consultation]) -> QuerySet[Consultation]:
    """What a consultation's own pages show about it, in one query plus prefetches.

    ``survey_has_questions`` says whether its survey (if any) has questions yet: a survey
    without them is not offered to residents (``surveys.rules.answering_refusal``). The
    survey itself (``Consultation.survey``) costs one query on the page that shows it.
    """
    return (
        queryset.select_related("planning_instrument", "division")
        .annotate(
            survey_has_questions=Exists(
                Question.objects.filter(survey__consultation=OuterRef("pk"))
            )
        )
        .prefetch_related("phases", "comunas", "topics")
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
    """Counts shown on a consultation page, from the denormalised counters: one query
    (a sum over every proposal: about 80 ms at 50,000), made once between writes."""

    def count() -> dict[str, int]:
        stats = (
            Proposal.objects.visible()
            .filter(consultation=consultation)
            .aggregate(proposals=Count("pk"), supports=Sum("support_count"))
        )
        return {"proposals": stats["proposals"] or 0, "supports": stats["supports"] or 0}

    return shared_fragment("consultations.stats", consultation.pk, count)


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
    "retiradas": (None, _("Retiradas por quien las propuso")),
}
# How long a list's count is reused (actions that change what a list counts invalidate it
# at once; other writes, such as the admin's, show within this time).
COUNT_SECONDS = 60


def _count_generation_key(consultation_id: int) -> str:
    return f"consultations:proposal-counts:{consultation_id}"


def forget_proposal_counts(consultation_id: int) -> None:
    """Make the next list count again (called by actions after they commit)."""
    key = _count_generation_key(consultation_id)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, None)


def _cached_count(queryset: QuerySet, consultation: Consultation, label: str) -> int:
    """``queryset.count()``, reused for a minute per consultation, filters and data
    generation: counting 50,000 proposals costs more than the rest of the page."""
    generation = cache.get_or_set(_count_generation_key(consultation.pk), 0, None)
    digest = hashlib.sha1(label.encode(), usedforsecurity=False).hexdigest()[:16]
    key = f"consultations:proposal-count:{consultation.pk}:{generation}:{digest}"
    count = cache.get(key)
    if count is None:
        count = queryset.count()
        cache.set(key, count, COUNT_SECONDS)
    return count


def proposal_list(
    consultation: Consultation,
    *,
    sort: str = "recientes",
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
            pk__in=TaggedTopic.objects.filter(
                content_type=ContentType.objects.get_for_model(Proposal),
                tag_id=tag.pk if tag else None,
            ).values("object_id")
        )
    if comuna:
        proposals = proposals.filter(comuna_id=comuna)
    if located_only:
        proposals = proposals.filter(latitude__isnull=False)
    if text:
        proposals = _search(proposals, text, ["title", PlainText("body")], rank=False)
    match sort:
        case "mas-apoyadas":
            ordering: list[Any] = ["-support_count", "-id"]
        case "mas-comentadas":
            ordering = ["-comment_count", "-id"]
        case "aleatorio":
            # Paged from the visitor's seed by ``proposal_page``.
            ordering = ["shuffle_key", "id"]
        case _:
            ordering = ["-created_at", "-id"]
    return proposals.order_by(*ordering)


def proposal_page(
    proposals: QuerySet[Proposal],
    consultation: Consultation,
    number: Any,
    per_page: int,
    *,
    seed: int | None = None,
    filters: dict[str, Any] | None = None,
) -> Page:
    """One page of ``proposal_list``: the ids first, then their rows. Four to six queries.

    The ids come from narrow indexes (index-only scans on PostgreSQL), so a page never
    reads the text of the proposals it skips; only the page's rows are then loaded, with
    author, comuna and topics, and their consultation set to the one already loaded. The
    total is counted once a minute at most (``_cached_count``).

    With ``seed`` (the random order), the page walks the shared random order
    (``shuffle_key``) from the visitor's seed to the end, then from the start: each
    visitor gets their own order, the same on every page of the visit, read a page at a
    time instead of sorting every proposal.
    """
    ids_query = proposals.values_list("pk", flat=True)
    paginator = Paginator(ids_query, per_page)
    label = repr(sorted((filters or {}).items())) + repr(seed is not None)
    # Paginator.count is a cached property: fill it from the cache.
    paginator.__dict__["count"] = _cached_count(ids_query, consultation, label)
    page = paginator.get_page(number)
    if seed is None:
        ids = list(page.object_list)
    else:
        ids = _ids_from_seed(ids_query, seed, page.start_index() - 1, per_page)
    rows = {
        proposal.pk: proposal
        for proposal in Proposal.objects.filter(pk__in=ids)
        .select_related("author", "speaks_for", "comuna", "answer")
        .prefetch_related("topics")
    }
    page.object_list = [rows[pk] for pk in ids if pk in rows]
    for proposal in page.object_list:
        proposal.consultation = consultation
    return page


def _ids_from_seed(ids_query: QuerySet, seed: int, start: int, size: int) -> list[int]:
    start = max(start, 0)
    upper = ids_query.filter(shuffle_key__gte=seed)
    ids = list(upper[start : start + size])
    if len(ids) == size:
        return ids
    # Past the end of the upper part: continue from the lowest keys.
    above = start + len(ids) if ids or start == 0 else upper.count()
    offset = max(start - above, 0)
    lower = ids_query.filter(shuffle_key__lt=seed)
    return ids + list(lower[offset : offset + size - len(ids)])


def proposal_for_page(consultation: Consultation, pk: int) -> Proposal:
    """One proposal with what its page shows (author, comuna, answer, topics); kept
    between writes (common.pagecache): who may see it is checked on it afterwards."""

    def load() -> Proposal | None:
        return (
            Proposal.objects.filter(consultation=consultation, pk=pk)
            .select_related("author", "speaks_for", "comuna", "answer__division", "answer__author")
            .prefetch_related("topics")
            .first()
        )

    proposal = shared_fragment("consultations.proposal", (consultation.pk, pk), load)
    if proposal is None:
        raise Proposal.DoesNotExist
    return proposal


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


def officials_of(consultation: Consultation) -> QuerySet[User]:
    """Who answers for a consultation: its division's officials (all, if it has none)."""
    officials = User.objects.filter(is_official=True, is_active=True, deleted_at__isnull=True)
    if consultation.division_id:
        officials = officials.filter(division_id=consultation.division_id)
    return officials


def supporters_of(proposal: Proposal) -> QuerySet[User]:
    return User.objects.filter(supports__proposal=proposal)


def open_consultations_for_home(limit: int = 6) -> list[dict[str, Any]]:
    """Published consultations with a phase running now, for the home page's "Procesos
    abiertos" (``config.views.home``): title, summary, URL and what is possible until when.
    Three queries (consultations, their phases, nothing per row)."""
    now = timezone.now()
    consultations = (
        Consultation.objects.filter(status=Consultation.Status.PUBLISHED)
        .filter(_active_phase_condition(now))
        .order_by("-created_at")
        .prefetch_related("phases")[:limit]
    )
    processes = []
    for consultation in consultations:
        current = possible_now(consultation, now)
        status = ""
        if current:
            first = current[0]
            status = (
                f"{first.action} · " + _("hasta el %(date)s") % {"date": when(first.until)}
                if first.until
                else str(first.action)
            )
        processes.append(
            {
                "title": consultation.title,
                "summary": consultation.summary,
                "url": consultation.get_absolute_url(),
                "status": status,
            }
        )
    return processes


def consultations_informing(instrument: Any) -> list[InformingProcess]:
    """Published consultations that inform a planning instrument, newest first (one
    query): registered as the instruments' "Consultas que lo informan" section."""
    return [
        InformingProcess(title=c.title, summary=c.summary, url=c.get_absolute_url())
        for c in Consultation.objects.filter(
            planning_instrument=instrument, status=Consultation.Status.PUBLISHED
        )
        .only("title", "slug", "summary")
        .order_by("-created_at", "-pk")
    ]
