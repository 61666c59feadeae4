"""Reads of the planning pages, in a constant number of queries whatever the data size.

Public lists show only contributions anyone may see now (``public_links``): an outcome
whose contribution was hidden later, or is pending, leaves every public page, file and
count at once, with no write needed (the resolver's subqueries decide at read time).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from planning.models import InstrumentSection, Outcome, OutcomeLink, PlanningInstrument
from planning.registry import (
    InformingProcess,
    ResolvedContribution,
    contribution_resolver,
    process_sources,
)

# Contributions shown under each section of an instrument's page; the rest are behind
# "Ver todos" (the section's own page, paginated).
PER_SECTION = 5
PER_PAGE = 50


@dataclass(frozen=True)
class ProcessSection:
    heading: Any
    empty: Any
    processes: list[InformingProcess]


def processes_informing(instrument: PlanningInstrument) -> list[ProcessSection]:
    """One section per registered source (``planning.registry``), with the public
    processes that inform the instrument: one query per source."""
    return [
        ProcessSection(source.heading, source.empty, source.processes(instrument))
        for source in process_sources()
    ]


# --- Which linked contributions are public -----------------------------------------------


def public_condition() -> Q:
    """Links whose contribution anyone may see now: one subquery per kind."""
    resolver = contribution_resolver()
    condition = Q(pk__in=[])
    for kind in resolver.kinds():
        condition |= Q(
            content_type_id=kind.content_type_id,
            object_id__in=resolver.public_ids(kind.content_type_id),
        )
    return condition


def public_links() -> QuerySet[OutcomeLink]:
    return OutcomeLink.objects.filter(public_condition())


@dataclass
class TracedContribution:
    """A contribution with its outcome, as lists show it."""

    contribution: ResolvedContribution
    outcome: Outcome


@dataclass
class SectionTrace:
    section: InstrumentSection
    counts: list[tuple[Any, str, int]] = field(default_factory=list)  # (label, value, n)
    total: int = 0
    first: list[TracedContribution] = field(default_factory=list)


def _traced(links: Iterable[OutcomeLink], *, public_only: bool) -> list[TracedContribution]:
    links = list(links)
    loaded = contribution_resolver().load(
        [(link.content_type_id, link.object_id) for link in links], public_only=public_only
    )
    return [
        TracedContribution(loaded[key], link.outcome)
        for link in links
        if (key := (link.content_type_id, link.object_id)) in loaded
    ]


def instrument_trace(instrument: PlanningInstrument) -> list[SectionTrace]:
    """Each section with its public contributions: counts per decision and the newest
    ``PER_SECTION``. Queries: sections, then one for the public links (windows per
    section and decision give each partition's count and its newest few, so the
    visibility subqueries run once), then the contributions (one per kind; comments add
    one per kind of owner)."""
    sections = list(instrument.sections.all())
    if not sections:
        return []
    traces = {section.pk: SectionTrace(section) for section in sections}
    partition = [F("outcome__sections__id"), F("outcome__decision")]
    newest = [F("outcome__decided_at").desc(), F("pk").desc()]
    rows = list(
        OutcomeLink.objects.filter(public_condition(), outcome__sections__instrument=instrument)
        .select_related("outcome")
        .annotate(
            section_id=F("outcome__sections__id"),
            decision_total=Window(Count("pk"), partition_by=partition),
            rank=Window(RowNumber(), partition_by=partition, order_by=newest),
        )
        .filter(rank__lte=PER_SECTION)
    )
    labels = dict(Outcome.Decision.choices)
    order = {value: index for index, value in enumerate(Outcome.Decision.values)}
    counted: set[tuple[int, str]] = set()
    by_section: dict[int, list[OutcomeLink]] = defaultdict(list)
    for link in rows:
        trace = traces[link.section_id]
        decision = link.outcome.decision
        if (link.section_id, decision) not in counted:
            counted.add((link.section_id, decision))
            trace.counts.append((labels[decision], decision, link.decision_total))
            trace.total += link.decision_total
        by_section[link.section_id].append(link)
    first = []
    for section_id, links in by_section.items():
        traces[section_id].counts.sort(key=lambda count: order[count[1]])
        links.sort(key=lambda link: (link.outcome.decided_at, link.pk), reverse=True)
        first += links[:PER_SECTION]
    # Public already: the links were filtered by the same subqueries.
    loaded = contribution_resolver().load(
        [(link.content_type_id, link.object_id) for link in first], public_only=False
    )
    for link in sorted(first, key=lambda link: (link.outcome.decided_at, link.pk), reverse=True):
        found = loaded.get((link.content_type_id, link.object_id))
        if found is not None:
            traces[link.section_id].first.append(TracedContribution(found, link.outcome))
    return [traces[section.pk] for section in sections]


def section_links(section: InstrumentSection, decision: str | None) -> QuerySet[OutcomeLink]:
    """A section's public links, newest outcome first (its own page, paginated)."""
    links = public_links().filter(outcome__sections=section).select_related("outcome")
    if decision:
        links = links.filter(outcome__decision=decision)
    return links.order_by("-outcome__decided_at", "-pk")


def traced(links: Iterable[OutcomeLink], *, public_only: bool = True) -> list[TracedContribution]:
    return _traced(links, public_only=public_only)


# --- One contribution's fate -------------------------------------------------------------


@dataclass
class Fate:
    outcome: Outcome
    sections: list[InstrumentSection]


def fate_of(content_type_id: int, object_id: int) -> Fate | None:
    """The outcome of one contribution and its sections (with their instruments), in one
    query: the sections carry the outcome's fields."""
    sections = list(
        InstrumentSection.objects.filter(
            outcomes__links__content_type_id=content_type_id,
            outcomes__links__object_id=object_id,
        )
        .select_related("instrument")
        .annotate(
            outcome_pk=F("outcomes__pk"),
            outcome_decision=F("outcomes__decision"),
            outcome_justification=F("outcomes__justification"),
            outcome_progress=F("outcomes__progress"),
            outcome_decided_at=F("outcomes__decided_at"),
            outcome_updated_at=F("outcomes__updated_at"),
        )
        .order_by("instrument__name", "position")
    )
    if not sections:
        return None
    first = sections[0]
    outcome = Outcome(
        pk=first.outcome_pk,
        decision=first.outcome_decision,
        justification=first.outcome_justification,
        progress=first.outcome_progress,
        decided_at=first.outcome_decided_at,
        updated_at=first.outcome_updated_at,
    )
    return Fate(outcome, sections)


# --- A person's contributions with an outcome ----------------------------------------------


def outcomes_of_author(user: Any, *, limit: int | None = None) -> list[TracedContribution]:
    """The person's contributions that have an outcome (their own, hidden ones too: the
    page marks them), newest decision first, with each outcome's sections."""
    resolver = contribution_resolver()
    condition = Q(pk__in=[])
    for kind in resolver.kinds():
        condition |= Q(
            content_type_id=kind.content_type_id,
            object_id__in=resolver.ids_by_author(kind.content_type_id, user),
        )
    links = (
        OutcomeLink.objects.filter(condition)
        .select_related("outcome")
        .prefetch_related(
            Prefetch(
                "outcome__sections",
                queryset=InstrumentSection.objects.select_related("instrument"),
            )
        )
        .order_by("-outcome__updated_at", "-pk")
    )
    if limit is not None:
        links = links[:limit]
    return _traced(links, public_only=False)


def outcome_with_history(outcome: Outcome) -> tuple[list[TracedContribution], list[Any]]:
    """An outcome's contributions (all: staff see hidden ones marked) and its history."""
    links = list(outcome.links.all())
    for link in links:
        link.outcome = outcome
    history = list(outcome.updates.select_related("actor").order_by("-on", "-pk"))
    return _traced(links, public_only=False), history


def sections_by_instrument() -> dict[PlanningInstrument, list[InstrumentSection]]:
    grouped: dict[PlanningInstrument, list[InstrumentSection]] = defaultdict(list)
    for section in InstrumentSection.objects.select_related("instrument").order_by(
        "instrument__name", "position"
    ):
        grouped[section.instrument].append(section)
    return dict(grouped)


def decisions_of(content_type_id: int, ids: Iterable[int]) -> dict[int, str]:
    """The decision of each of these contributions that has an outcome, by id (one query):
    for lists that mark their items (a discussion's batch of comments links each decided
    comment to its fate page, ``planning:contribution_fate``)."""
    return dict(
        OutcomeLink.objects.filter(
            content_type_id=content_type_id, object_id__in=list(ids)
        ).values_list("object_id", "outcome__decision")
    )
