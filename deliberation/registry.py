"""What higher apps plug into the deliberation engine: discussion owners and contribution
types (live room types register in ``rooms``).

``deliberation`` sits below ``consultations`` (and later the public account, threads and
COSOC sessions), so it cannot import them. Each app registers its models once, in its
``AppConfig.ready()``:

- ``register_owner(model, OwnerPolicy(...))``: the model owns discussions. The policy
  says who may read, who may comment now (and why not), whether comments take a stance,
  and gives hooks run inside the comment actions' transaction (for example to keep
  ``Proposal.comment_count`` in step).
- ``register_contribution_type(ContributionType(...))``: the model is a contribution
  (built on ``models.Contribution``) that moderators hide and restore with the one pair
  of actions, ``actions.do_hide_contribution`` / ``do_restore_contribution``. The type
  gives its hooks: visible counters, live event, notification requote, who may see it,
  its title and page, and the Spanish wording of what its author is told.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models


def _no_hook(owner: Any, delta: int) -> None:
    return None


def _nothing(owner: Any) -> list:
    return []


def _is_visible(contribution: Any) -> bool:
    return contribution.is_visible


def _no_event(contribution: Any, action: str) -> None:
    return None


def _status_before(contribution: Any, status_before: str) -> str:
    return status_before


def _no_space(obj: Any) -> "Space | None":
    return None


def _nobody(contribution: Any) -> list:
    return []


@dataclass(frozen=True)
class Space:
    """Where a contribution was made (a consultation, later a public account or a council
    session): the moderation queue filters by it and each space gets a devolución report.
    ``key`` is stable and URL-safe ("consulta-12")."""

    key: str
    title: str
    url: str


@dataclass(frozen=True)
class OwnerPolicy:
    # Whether ``user`` (possibly anonymous) may read the owner and its discussion.
    can_view: Callable[[Any, Any], bool]
    # None when ``user`` may comment now; otherwise the reason, in Spanish (lazy), shown
    # in place of the form and returned on a refused post.
    comment_refusal: Callable[[Any, Any], Any]
    # Title and URL of the owner, for notifications, permalinks and breadcrumbs.
    title: Callable[[Any], str]
    url: Callable[[Any], str]
    # The relations ``title`` and ``url`` read (select_related), so a list of owners of
    # this kind loads in one query (a proposal's URL names its consultation).
    related: tuple[str, ...] = ()
    uses_alignment: bool = False
    # Other things whose followers hear about new comments (e.g. a proposal's consultation).
    also_followed: Callable[[Any], Iterable[models.Model]] = field(default=_nothing)
    # Called with +1 / -1 inside the transaction when a visible comment appears/disappears.
    on_comment_count_change: Callable[[Any, int], None] = field(default=_no_hook)
    # The page that shows the discussion block (``{% include "deliberation/discussion.html"
    # %}``); permalinks and redirects after posting go there. None: the owner does not
    # embed it, and the standalone page ``/conversaciones/<id>/`` is used.
    discussion_url: Callable[[Any], str] | None = None
    # The owners whose discussion ANYONE may read (a queryset; the site-wide search finds
    # their comments). None: their comments are never searched.
    public: Callable[[], models.QuerySet] | None = None
    # The space its comments belong to (``Space``), or None.
    space: Callable[[Any], Space | None] = field(default=_no_space)
    # Whether new comments on it wait for a moderator's approval (pre-moderation), besides
    # the discussion's own ``is_premoderated``.
    premoderated: Callable[[Any], bool] = field(default=lambda owner: False)


_policies: dict[type[models.Model], OwnerPolicy] = {}


def register_owner(model: type[models.Model], policy: OwnerPolicy) -> None:
    """Let ``model`` own discussions (call once, from the owning app's ``ready()``)."""
    _policies[model] = policy


def unregister_owner(model: type[models.Model]) -> None:
    """Forget ``model`` (for tests that register a throwaway owner)."""
    _policies.pop(model, None)


def is_owner(owner_or_model: Any) -> bool:
    model = owner_or_model if isinstance(owner_or_model, type) else type(owner_or_model)
    return model in _policies


def owner_models() -> list[type[models.Model]]:
    return list(_policies)


def policy_for(owner_or_model: Any) -> OwnerPolicy:
    model = owner_or_model if isinstance(owner_or_model, type) else type(owner_or_model)
    try:
        return _policies[model]
    except KeyError:
        raise LookupError(f"{model.__name__} does not own discussions (not registered).") from None


# --- Contribution types (moderation) ---------------------------------------------------


@dataclass(frozen=True)
class ContributionType:
    model: type[models.Model]
    # Its segment in the moderation URLs (Spanish, stable):
    # /conversaciones/aportes/<slug>/<id>/ocultar/ and .../restaurar/.
    slug: str
    # Whether ``user`` (possibly anonymous) may see it; its title and page.
    can_view: Callable[[Any, Any], bool]
    title: Callable[[Any], str]
    url: Callable[[Any], str]
    # Spanish (lazy): what its author is told (urgent notifications), and what the
    # moderator reads once done.
    hidden_subject: Any
    restored_subject: Any
    restored_body: Any
    hidden_message: Any
    restored_message: Any
    # Related rows loaded with the locked row (what the hooks below read; the author is
    # always loaded, to be notified).
    related: tuple[str, ...] = ()
    # Whether it counts in the visible counters now, and the hook that moves them by +1 /
    # -1 inside the moderation action's transaction (a discussion's ``comment_count``, a
    # list's cached counts).
    counts_as_visible: Callable[[Any], bool] = field(default=_is_visible)
    on_visible_change: Callable[[Any, int], None] = field(default=_no_hook)
    # Called inside the transaction after a hide ("hide") or restore ("restore"): the
    # live event of its room, if it has one (comments record ``comment.hidden``).
    on_moderated: Callable[[Any, str], None] = field(default=_no_event)
    # Notifications quoting it carry ``notify(source=notification_source(c))``; after a
    # hide or restore they are rewritten to ``quote(c)`` (its text now, or a placeholder).
    # None: no notification quotes it.
    notification_source: Callable[[Any], str] | None = None
    quote: Callable[[Any], Any] | None = None
    # The status a restore returns to, given the one before hiding (a comment its author
    # deleted meanwhile stays withdrawn).
    restored_status: Callable[[Any, str], str] = field(default=_status_before)
    # The space it was made in (``Space``, for the queue's filter and the devolución), or
    # None. Reads only what ``related`` loads.
    space: Callable[[Any], Space | None] = field(default=_no_space)
    # Who backs it besides its author and its followers (a proposal's supporters), told
    # of its outcome: a queryset or list of users.
    supporters: Callable[[Any], Any] = field(default=_nobody)


_contribution_types: dict[type[models.Model], ContributionType] = {}


def register_contribution_type(contribution_type: ContributionType) -> None:
    """Let moderators hide and restore ``contribution_type.model`` (call once, from the
    owning app's ``ready()``)."""
    _contribution_types[contribution_type.model] = contribution_type


def contribution_type_for(contribution_or_model: Any) -> ContributionType:
    model = (
        contribution_or_model
        if isinstance(contribution_or_model, type)
        else type(contribution_or_model)
    )
    try:
        return _contribution_types[model]
    except KeyError:
        raise LookupError(f"{model.__name__} is not a registered contribution type.") from None


def contribution_types() -> list[ContributionType]:
    """Every registered contribution type, in registration order."""
    return list(_contribution_types.values())


def contribution_type_by_slug(slug: str) -> ContributionType | None:
    return next((t for t in _contribution_types.values() if t.slug == slug), None)
