"""What higher apps plug into planning: which participatory processes inform an instrument
(process sources), and how outcomes find contributions of any kind (the resolver).

``planning`` sits below the apps that run processes (consultations now; the public
account and the councils later), so it cannot import them. Each registers a source once,
in its ``AppConfig.ready()``; an instrument's page shows one section per source.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class InformingProcess:
    """One process, as an instrument's page lists it."""

    title: str
    summary: str
    url: str


@dataclass(frozen=True)
class ProcessSource:
    # The section's heading and what it says when nothing informs the instrument (lazy).
    heading: Any
    empty: Any
    # The public processes that inform ``instrument``, newest first (one query).
    processes: Callable[[Any], list[InformingProcess]]


_sources: dict[str, ProcessSource] = {}


def register_process_source(key: str, source: ProcessSource) -> None:
    """Add a section to the instruments' pages (call once, from the app's ``ready()``)."""
    _sources[key] = source


def process_sources() -> list[ProcessSource]:
    return list(_sources.values())


# --- Contributions, as outcomes see them ---------------------------------------------------
#
# Outcomes point at contributions of any kind (proposals, comments, later account questions,
# thread posts, council agreements) through contenttypes. ``planning`` cannot import the
# apps that define them, so ``deliberation`` (which knows every registered contribution
# type) fills in one resolver from its ``ready()``: ``deliberation/outcomes.py``.


@dataclass(frozen=True)
class ContributionKind:
    """A kind of contribution an outcome may point at: its segment in URLs and forms
    ("propuesta"), its label ("Propuesta") and its content type."""

    slug: str
    label: Any
    content_type_id: int


@dataclass(frozen=True)
class ResolvedContribution:
    """One contribution, as planning's pages, notifications and files show it."""

    content_type_id: int
    object_id: int
    kind: Any  # its label ("Propuesta", lazy)
    slug: str  # its kind's slug ("propuesta")
    title: str
    url: str
    # Anyone may see it now (visible, in a space anyone may read).
    is_public: bool
    # Visible (published or withdrawn): an outcome may be recorded on it.
    is_visible: bool
    author: Any
    # The space it was made in (key, title, url), or None.
    space_key: str | None
    space_title: str | None
    space_url: str | None
    row: Any  # the model instance

    @property
    def key(self) -> tuple[int, int]:
        return (self.content_type_id, self.object_id)


@dataclass(frozen=True)
class ContributionResolver:
    # Every kind an outcome may point at.
    kinds: Callable[[], list[ContributionKind]]
    # The contributions at ``keys`` ((content_type_id, object_id) pairs), one query per
    # kind; ``public_only`` leaves out what anyone may not see. Missing keys are absent.
    load: Callable[..., dict[tuple[int, int], ResolvedContribution]]
    # The ids of contributions of a kind that anyone may see (a subquery: values("pk")),
    # or None for a content type that is not a contribution.
    public_ids: Callable[[int], Any]
    # The ids of contributions of a kind written by ``user`` (a subquery).
    ids_by_author: Callable[[int, Any], Any]
    # Who hears about its outcome: its author, its supporters, its followers.
    people_to_notify: Callable[[ResolvedContribution], list[Any]]


_resolver: list[ContributionResolver] = []


def register_contribution_resolver(resolver: ContributionResolver) -> None:
    """Tell planning how to find contributions (``deliberation.outcomes``, from ready())."""
    _resolver[:] = [resolver]


def contribution_resolver() -> ContributionResolver:
    if not _resolver:
        raise LookupError("No contribution resolver registered (deliberation.outcomes).")
    return _resolver[0]
