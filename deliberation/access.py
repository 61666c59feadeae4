"""Permission-checked fetches for discussions, comments and contributions to moderate.

A missing object and a forbidden one look the same (Http404). Who may read a discussion
is its owner's business, through ``deliberation.registry``.
"""

from typing import Any

from django.http import Http404

from accounts.roles import Role, require_role
from deliberation.models import Comment, Contribution, Discussion
from deliberation.registry import ContributionType, is_owner, policy_for
from deliberation.rules import editing_refusal


def can_view_discussion(user: Any, discussion: Discussion) -> bool:
    """Whether ``user`` (possibly anonymous) may read ``discussion`` (loads its owner)."""
    owner = discussion.owner
    if owner is None or not is_owner(owner):
        return False
    return bool(policy_for(owner).can_view(user, owner))


def access_discussion(user: Any, pk: int) -> Discussion:
    """The discussion ``pk`` if ``user`` may read its owner; Http404 otherwise.

    Any view or consumer may call it. Loads the owner (one query, plus whatever the
    owner's policy reads). Writing rules (closed, refused) are checked by the actions.
    """
    try:
        discussion = Discussion.objects.select_related("content_type").get(pk=pk)
    except Discussion.DoesNotExist:
        raise Http404 from None
    if not can_view_discussion(user, discussion):
        raise Http404
    return discussion


def access_comment(user: Any, pk: int, *, for_write: bool = False) -> Comment:
    """The comment ``pk`` if ``user`` may read its discussion; Http404 otherwise.

    ``for_write``: only its author may have it (to edit or delete), and only while it is
    neither deleted nor hidden. Loads the author and the discussion with its owner.
    """
    try:
        comment = Comment.objects.select_related(
            "author", "speaks_for", "discussion", "discussion__content_type"
        ).get(pk=pk)
    except Comment.DoesNotExist:
        raise Http404 from None
    if not can_view_discussion(user, comment.discussion):
        raise Http404
    if for_write and editing_refusal(user, comment) is not None:
        raise Http404
    return comment


def access_contribution_for_moderation(
    user: Any, contribution_type: ContributionType, pk: int
) -> Contribution:
    """Any contribution of ``contribution_type``, hidden or not, for a moderator with
    two-factor authentication, with its author and what its type's hooks read.

    Raises PermissionDenied for anyone else (views guard with ``role_required`` first),
    Http404 if it does not exist.
    """
    require_role(user, Role.MODERATOR)
    model = contribution_type.model
    try:
        return model._default_manager.select_related(
            "author", "speaks_for", *contribution_type.related
        ).get(pk=pk)
    except model.DoesNotExist:
        raise Http404 from None


def access_contribution(user: Any, contribution_type: ContributionType, pk: int) -> Contribution:
    """Any contribution of ``contribution_type`` that ``user`` may see (its type's
    ``can_view``: a hidden one keeps its public place, a pending one only its author and
    moderators see), with its author and what its type's hooks read; Http404 otherwise.
    For reports and appeals: what the person may do with it is the actions' rules."""
    model = contribution_type.model
    try:
        contribution = model._default_manager.select_related(
            "author", "speaks_for", *contribution_type.related
        ).get(pk=pk)
    except model.DoesNotExist:
        raise Http404 from None
    if not contribution_type.can_view(user, contribution):
        raise Http404
    return contribution
