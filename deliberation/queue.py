"""Reads for the moderators' pages: the queue, a case, the blocks and the public log.

Every list here is keyset-paginated (``?despues=<cursor>``: the last row's sort key), so a
page costs the same with ten cases or ten thousand, and loads in a constant number of
queries whatever it shows:

- the queue: the cases of the page (one query, on the ``case_queue`` index), their
  contributions (one query per contribution type present, with what the type's title,
  URL and space read: for comments, their discussions' owners, one query per kind of
  owner), their open reports (one query), their notes counted (one query), and the open
  appeals (one query, only when an appealed case is on the page);
- the public log: one query for its decisions (kinds come from the content-type cache).
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from common.formats import when
from deliberation import registry
from deliberation.models import (
    Appeal,
    Block,
    Comment,
    Contribution,
    ModerationCase,
    ModerationDecision,
    ModeratorNote,
    Report,
    ReportReason,
)
from deliberation.registry import (
    ContributionType,
    Space,
    contribution_type_for,
    owner_models,
    policy_for,
)

PAGE_SIZE = 25
LOG_PAGE_SIZE = 50

# ``?estado=`` values: the open states by default, or one state.
STATE_FILTERS = {state.value: state for state in ModerationCase.State}


# --- Cursors -------------------------------------------------------------------------------


def _encode_cursor(moment: datetime, pk: int) -> str:
    micros = int(moment.timestamp() * 1_000_000)
    return f"{micros}-{pk}"


def decode_cursor(text: str | None) -> tuple[datetime, int] | None:
    """``"<microseconds since the epoch>-<id>"`` from ``?despues=``; None for anything
    else (a page that starts from the top: a stale or edited link is not an error)."""
    if not text or len(text) > 40:
        return None
    micros, dash, pk = text.partition("-")
    if not dash or not micros.isascii() or not micros.isdigit():
        return None
    if not pk.isascii() or not pk.isdigit():
        return None
    try:
        moment = datetime.fromtimestamp(int(micros) / 1_000_000, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return moment, int(pk)


# --- The queue -----------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueFilters:
    space: str = ""
    kind: str = ""
    reason: str = ""
    state: str = ""  # "" : every open state

    @property
    def active(self) -> bool:
        return bool(self.space or self.kind or self.reason or self.state)


@dataclass
class ReportSummary:
    reason: str
    label: str
    count: int
    details: list[str]


@dataclass
class CaseItem:
    """One case of the queue (or the case page), with everything the moderator reads,
    worked out once in Python (``prepare``): a page of 25 reads each many times, and a
    template lookup of a property costs far more than an attribute."""

    case: ModerationCase | None  # None on the page of a contribution never in the queue
    contribution_type: ContributionType | None
    contribution: Contribution | None
    reports: list[ReportSummary] = field(default_factory=list)
    open_report_count: int = 0
    note_count: int = 0
    appeal: Appeal | None = None
    # Set by ``prepare``.
    kind: str = ""
    kind_label: str = ""
    pk: int = 0
    url: str = ""
    space: Space | None = None
    is_hidden: bool = False
    is_pending: bool = False
    state_label: str = ""
    written_at: str = ""
    updated_at: str = ""
    case_url: str = ""
    first_reason: str = ""
    # Marks the quick actions in a queue shared by every moderator, so that the page
    # drops them for the moderator who wrote it (never the author's id in the HTML).
    author_key: str = ""

    def __post_init__(self) -> None:
        self.prepare(_moderation_root())

    def prepare(self, root: str) -> None:
        contribution_type, contribution = self.contribution_type, self.contribution
        if contribution_type is not None:
            self.kind = contribution_type.slug
            self.kind_label = str(contribution_type.model._meta.verbose_name)
        elif self.case is not None:
            self.kind = self.kind_label = self.case.kind
        if self.case is not None:
            self.state_label = str(self.case.get_state_display())
            self.updated_at = when(self.case.updated_at)
        self.first_reason = self.reports[0].reason if self.reports else ""
        if contribution is None or contribution_type is None:
            return
        self.pk = contribution.pk
        self.author_key = author_key(contribution.author_id)
        self.url = contribution_type.url(contribution)
        self.space = contribution_type.space(contribution)
        self.is_hidden = contribution.is_hidden
        self.is_pending = contribution.moderation_status == Contribution.ModerationStatus.PENDING
        self.written_at = when(contribution.created_at)
        self.case_url = f"{root}{self.kind}/{self.pk}/"

    @cached_property
    def title(self) -> str:
        # On demand: a comment's title is its text cut short (parsing its HTML), which
        # the page does not show.
        if self.contribution is None or self.contribution_type is None:
            return ""
        return self.contribution_type.title(self.contribution)


def author_key(pk: int | None) -> str:
    """A keyed tag of a person for marking their parts of a shared page (not their id)."""
    return salted_hmac("cabildo.moderation.author", str(pk), algorithm="sha256").hexdigest()[:20]


def _moderation_root() -> str:
    return reverse("moderation:queue")


def queue_cases(
    filters: QueueFilters, cursor: tuple[datetime, int] | None, *, size: int = PAGE_SIZE
) -> tuple[list[ModerationCase], str | None]:
    """One page of cases, newest activity first, and the cursor of the next page (None
    on the last). One query: ``size + 1`` rows tell whether there is a next page."""
    cases = ModerationCase.objects.all()
    if filters.space:
        cases = cases.filter(space_key=filters.space)
    if filters.kind:
        cases = cases.filter(kind=filters.kind)
    if filters.reason:
        cases = cases.filter(
            Exists(
                Report.objects.filter(
                    content_type_id=OuterRef("content_type_id"),
                    object_id=OuterRef("object_id"),
                    reason=filters.reason,
                    dismissed_at__isnull=True,
                )
            )
        )
    if cursor is not None:
        moment, pk = cursor
        cases = cases.filter(Q(updated_at__lt=moment) | Q(updated_at=moment, pk__lt=pk))
    order = ("-updated_at", "-id")
    states = [filters.state] if filters.state else list(ModerationCase.OPEN_STATES)
    if len(states) > 1 and connection.features.supports_slicing_ordering_in_compound:
        # One ordered, limited scan of the state's index per state, then the few rows
        # merged: no sort of every open case (10,000 of them cost 10 ms in a sort).
        per_state = [cases.filter(state=state).order_by(*order)[: size + 1] for state in states]
        cases = per_state[0].union(*per_state[1:], all=True)
    else:
        cases = cases.filter(state__in=states)
    rows = list(cases.order_by(*order)[: size + 1])
    next_cursor = None
    if len(rows) > size:
        rows = rows[:size]
        next_cursor = _encode_cursor(rows[-1].updated_at, rows[-1].pk)
    return rows, next_cursor


class QueuePage:
    """One page of the queue, read only when used: a page whose list comes from the
    shared cache (``{% shared %}``) costs none of its queries."""

    def __init__(self, filters: QueueFilters, cursor: tuple[datetime, int] | None) -> None:
        self.filters, self.cursor = filters, cursor

    @cached_property
    def _page(self) -> tuple[list[ModerationCase], str | None]:
        return queue_cases(self.filters, self.cursor)

    @cached_property
    def items(self) -> list[CaseItem]:
        return case_items(self._page[0])

    @property
    def next_cursor(self) -> str | None:
        return self._page[1]


def spaces_in_queue() -> list[tuple[str, str]]:
    """The spaces that have cases, as (key, title) sorted by title (the space filter)."""
    rows = (
        ModerationCase.objects.exclude(space_key="")
        .order_by()
        .values_list("space_key", "space_title")
        .distinct()
    )
    return sorted(set(rows), key=lambda row: (row[1].casefold(), row[0]))


def registered_kinds() -> list[tuple[str, str]]:
    """(slug, verbose name) of every registered contribution type (the kind filter)."""
    types = registry.contribution_types()
    return sorted((t.slug, str(t.model._meta.verbose_name).capitalize()) for t in types)


def open_case_count() -> int:
    """How many cases wait for a moderator (the header's count). One COUNT."""
    return ModerationCase.objects.filter(state__in=ModerationCase.OPEN_STATES).count()


def _owners_with_what_they_show(model: type) -> QuerySet:
    related = policy_for(model).related
    return model._default_manager.select_related(*related) if related else model.objects.all()


def contributions_of_type(contribution_type: ContributionType) -> QuerySet:
    """The type's rows with their author and what its title, URL and space read. A
    comment's place is its discussion's owner (a generic relation): loaded with one query
    per kind of owner, with what the owner's title and URL read."""
    model = contribution_type.model
    rows = model._default_manager.select_related("author", "speaks_for", *contribution_type.related)
    if model is Comment:
        rows = rows.select_related("discussion", "discussion__content_type").prefetch_related(
            GenericPrefetch(
                "discussion__owner",
                [_owners_with_what_they_show(owner) for owner in owner_models()],
            )
        )
    return rows


def _keys_filter(cases: Iterable[Any]) -> Q:
    by_type: dict[int, list[int]] = defaultdict(list)
    for case in cases:
        by_type[case.content_type_id].append(case.object_id)
    condition = Q(pk__in=[])
    for content_type_id, ids in by_type.items():
        condition |= Q(content_type_id=content_type_id, object_id__in=ids)
    return condition


def report_summaries(reports: Sequence[tuple[str, str]]) -> list[ReportSummary]:
    counts = Counter(reason for reason, _details in reports)
    labels = dict(ReportReason.choices)
    return [
        ReportSummary(
            reason=reason,
            label=str(labels.get(reason, reason)),
            count=count,
            details=[details for r, details in reports if r == reason and details],
        )
        for reason, count in counts.most_common()
    ]


def case_items(cases: Sequence[ModerationCase]) -> list[CaseItem]:
    """The cases with their contributions, open reports by reason (with the details
    people wrote), notes counted and open appeals, in a constant number of queries (see
    the module docstring)."""
    if not cases:
        return []
    by_type: dict[int, list[int]] = defaultdict(list)
    for case in cases:
        by_type[case.content_type_id].append(case.object_id)
    contributions: dict[tuple[int, int], Contribution] = {}
    types: dict[int, ContributionType | None] = {}
    for content_type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        try:
            contribution_type = contribution_type_for(model)
        except LookupError:
            types[content_type_id] = None
            continue
        types[content_type_id] = contribution_type
        for row in contributions_of_type(contribution_type).filter(pk__in=ids):
            contributions[content_type_id, row.pk] = row

    keys = _keys_filter(cases)
    # Open reports are few per case: reporting stops once a contribution is hidden (at
    # CABILDO_REPORTS_TO_HIDE) and every decision dismisses them, so a page's rows stay
    # within PAGE_SIZE times that threshold.
    reports: dict[tuple[int, int], list[tuple[str, str]]] = defaultdict(list)
    for content_type_id, object_id, reason, details in (
        Report.objects.filter(keys, dismissed_at__isnull=True)
        .order_by("id")
        .values_list("content_type_id", "object_id", "reason", "details")
    ):
        reports[content_type_id, object_id].append((reason, details))
    notes = {
        (row["content_type_id"], row["object_id"]): row["count"]
        for row in ModeratorNote.objects.filter(keys)
        .order_by()
        .values("content_type_id", "object_id")
        .annotate(count=Count("id"))
    }
    appeals: dict[tuple[int, int], Appeal] = {}
    if any(case.state == ModerationCase.State.APPEALED for case in cases):
        appeals = {
            (appeal.content_type_id, appeal.object_id): appeal
            for appeal in Appeal.objects.filter(keys, status=Appeal.Status.OPEN)
        }
    items = []
    for case in cases:
        key = (case.content_type_id, case.object_id)
        items.append(
            CaseItem(
                case=case,
                contribution_type=types.get(case.content_type_id),
                contribution=contributions.get(key),
                reports=report_summaries(reports.get(key, [])),
                open_report_count=len(reports.get(key, [])),
                note_count=notes.get(key, 0),
                appeal=appeals.get(key),
            )
        )
    return items


# --- One case ------------------------------------------------------------------------------


@dataclass
class CaseHistory:
    decisions: list[ModerationDecision]
    reports: list[Report]
    notes: list[ModeratorNote]
    appeal: Appeal | None
    active_block: Block | None


def case_history(contribution: Contribution) -> CaseHistory:
    """Everything moderation kept about a contribution, oldest first, and its author's
    active block. Five queries."""
    key = {
        "content_type": ContentType.objects.get_for_model(contribution),
        "object_id": contribution.pk,
    }
    now = timezone.now()
    return CaseHistory(
        decisions=list(
            ModerationDecision.objects.filter(**key).select_related("moderator").order_by("id")
        ),
        reports=list(Report.objects.filter(**key).select_related("reporter").order_by("id")),
        notes=list(ModeratorNote.objects.filter(**key).select_related("author")),
        appeal=Appeal.objects.filter(**key)
        .select_related("decision", "decision__moderator", "resolved_by")
        .first(),
        active_block=Block.objects.filter(user_id=contribution.author_id, lifted_at__isnull=True)
        .exclude(until__lte=now)
        .order_by("-id")
        .first(),
    )


# --- Blocks --------------------------------------------------------------------------------


def active_blocks() -> QuerySet:
    """Blocks in force now (not lifted, not ended), newest first, with who and by whom."""
    return (
        Block.objects.filter(lifted_at__isnull=True)
        .exclude(until__lte=timezone.now())
        .select_related("user", "moderator")
        .order_by("-created_at", "-id")
    )


# --- The public log ------------------------------------------------------------------------


@dataclass(frozen=True)
class LogEntry:
    """One row of the public log: nothing that names a person or quotes a text."""

    kind: str
    decided_at: datetime
    action: str
    category: str
    reason: str


# The only decisions whose reason is public: the one shown in the contribution's place.
# Other reasons are written to the author (asking to edit, answering an appeal) and may
# quote them or their text.
PUBLIC_REASON_ACTIONS = frozenset({ModerationDecision.Action.HIDE})


def log_entries(
    before: int | None, *, size: int = LOG_PAGE_SIZE
) -> tuple[list[LogEntry], int | None]:
    """One page of the public log, newest first (ids grow with time), and the id to
    continue before (None on the last page). One query, of the columns shown only."""
    decisions = ModerationDecision.objects.order_by("-id")
    if before is not None:
        decisions = decisions.filter(pk__lt=before)
    rows = list(
        decisions.values_list(
            "pk", "content_type_id", "created_at", "action", "category", "reason"
        )[: size + 1]
    )
    next_before = None
    if len(rows) > size:
        rows = rows[:size]
        next_before = rows[-1][0]
    actions = dict(ModerationDecision.Action.choices)
    categories = dict(ReportReason.choices)
    entries = []
    for _pk, content_type_id, created_at, action, category, reason in rows:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        entries.append(
            LogEntry(
                kind=str(model._meta.verbose_name) if model is not None else "",
                decided_at=created_at,
                action=str(actions.get(action, action)),
                category=str(categories.get(category, "")) if category else "",
                reason=reason if action in PUBLIC_REASON_ACTIONS else "",
            )
        )
    return entries, next_before
