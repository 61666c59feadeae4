"""Comments as a contribution type: how the one hide/restore pair treats them.

Registered from ``DeliberationConfig.ready()``; other apps register theirs the same way
(``consultations/contributions.py`` for proposals).
"""

from typing import Any

from django.utils.translation import gettext_lazy as _

from deliberation.access import can_view_discussion
from deliberation.actions import (
    change_visible_comment_count,
    comment_notification_source,
    comment_quote,
    publish_comment,
)
from deliberation.events import CommentEvent, record_comment_event
from deliberation.models import Comment
from deliberation.registry import (
    ContributionType,
    Space,
    policy_for,
    register_contribution_type,
)


def _record_moderation(comment: Comment, action: str) -> None:
    if action == "approve":
        # Out of pre-moderation: it joins its thread as if just posted.
        publish_comment(comment, comment.discussion.owner)
        return
    record_comment_event(
        comment, CommentEvent.HIDDEN if action == "hide" else CommentEvent.RESTORED
    )


def _restored_status(comment: Comment, status_before: str) -> Any:
    # Deleted by its author while hidden, or before: it comes back as the placeholder.
    return Comment.ModerationStatus.WITHDRAWN if comment.is_deleted else status_before


def _space(comment: Comment) -> Space | None:
    owner = comment.discussion.owner
    return policy_for(owner).space(owner) if owner is not None else None


def register() -> None:
    register_contribution_type(
        ContributionType(
            model=Comment,
            slug="comentario",
            can_view=lambda user, comment: can_view_discussion(user, comment.discussion),
            title=lambda comment: comment.excerpt(80),
            url=lambda comment: comment.page_url(),
            hidden_subject=_("Tu comentario fue ocultado por moderación"),
            restored_subject=_("Tu comentario fue restaurado"),
            restored_body=_("La moderación revisó tu comentario y volvió a publicarlo."),
            hidden_message=_("El comentario quedó oculto."),
            restored_message=_("El comentario quedó restaurado."),
            related=("discussion__content_type",),
            counts_as_visible=lambda comment: comment.counts_as_visible,
            on_visible_change=change_visible_comment_count,
            on_moderated=_record_moderation,
            notification_source=comment_notification_source,
            quote=comment_quote,
            restored_status=_restored_status,
            space=_space,
        )
    )
