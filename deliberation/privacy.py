"""The deliberation section of a person's data export, and what deleting an account does.

Comments stay (their author row becomes "Participante eliminado"), and so do votes, which
keep counting, and moderation decisions (the audit trail). Follows are personal and go.
"""

from typing import Any

from deliberation.models import Comment, CommentVote, Follow, ModerationDecision


def export_deliberation(user: Any) -> dict[str, Any]:
    return {
        "comments": [
            {
                "id": c.pk,
                "discussion": c.discussion_id,
                "parent": c.parent_id,
                "body": str(c.body),
                "body_source": c.body_source,  # as typed (Markdown)
                "alignment": c.alignment or None,
                "created_at": c.created_at.isoformat(),
                "edited_at": c.edited_at.isoformat() if c.edited_at else None,
                "deleted_at": c.deleted_at.isoformat() if c.deleted_at else None,
                "moderation_status": c.moderation_status,
                "previous_versions": [
                    {
                        "body": str(r.body),
                        "body_source": r.body_source,
                        "replaced_at": r.created_at.isoformat(),
                    }
                    for r in c.revisions.all()
                ],
            }
            for c in Comment.objects.filter(author=user)
            .prefetch_related("revisions")
            .order_by("created_at")
        ],
        "comment_votes": [
            {"comment": v.comment_id, "value": v.value, "created_at": v.created_at.isoformat()}
            for v in CommentVote.objects.filter(voter=user).order_by("created_at")
        ],
        "follows": [
            {
                "type": f"{f.content_type.app_label}.{f.content_type.model}",
                "id": f.object_id,
                "since": f.created_at.isoformat(),
            }
            for f in Follow.objects.filter(user=user).select_related("content_type")
        ],
        # What the person decided as a moderator.
        "moderation_decisions": [
            {
                "action": d.action,
                "type": f"{d.content_type.app_label}.{d.content_type.model}",
                "id": d.object_id,
                "reason": d.reason,
                "at": d.created_at.isoformat(),
            }
            for d in ModerationDecision.objects.filter(moderator=user)
            .select_related("content_type")
            .order_by("created_at")
        ],
    }


def anonymise_deliberation(user: Any) -> None:
    Follow.objects.filter(user=user).delete()
