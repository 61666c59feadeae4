"""Which models own discussions, and the rules their owners set.

``deliberation`` sits below ``consultations`` (and later the public account, threads and
COSOC sessions), so it cannot import them. Each owning app registers its model once, in
its ``AppConfig.ready()``, with a policy: who may read, who may comment now (and why
not), whether comments take a stance, and hooks run inside the comment actions'
transaction (for example to keep ``Proposal.comment_count`` in step).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models


def _no_hook(owner: Any, delta: int) -> None:
    return None


def _nothing(owner: Any) -> list:
    return []


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
    uses_alignment: bool = False
    # Other things whose followers hear about new comments (e.g. a proposal's consultation).
    also_followed: Callable[[Any], Iterable[models.Model]] = field(default=_nothing)
    # Called with +1 / -1 inside the transaction when a visible comment appears/disappears.
    on_comment_count_change: Callable[[Any, int], None] = field(default=_no_hook)
    # The page that shows the discussion block (``{% include "deliberation/discussion.html"
    # %}``); permalinks and redirects after posting go there. None: the owner does not
    # embed it, and the standalone page ``/conversaciones/<id>/`` is used.
    discussion_url: Callable[[Any], str] | None = None


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
