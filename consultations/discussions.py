"""Consultations and proposals own discussions (``deliberation.registry``).

Comment rules follow the consultation: anyone who may see it reads; people who may take
part (signed in, verified when the consultation requires it) comment while it is
published. A proposal's discussion is open while the proposal is visible (published or
withdrawn); a hidden or pending proposal hides its discussion too.
"""

from typing import Any

from accounts.roles import Role, can_act_as
from consultations import rules
from consultations.access import can_see_proposal
from consultations.actions import adjust_proposal_comment_count
from consultations.models import Consultation, Proposal
from consultations.queries import can_preview_drafts
from deliberation.registry import OwnerPolicy, register_owner


def _can_view_consultation(user: Any, consultation: Consultation) -> bool:
    return consultation.is_published or can_preview_drafts(user)


def _can_view_proposal(user: Any, proposal: Proposal) -> bool:
    if not _can_view_consultation(user, proposal.consultation):
        return False
    if proposal.is_visible:
        return True
    # Hidden and pending proposals keep their discussion from everyone but moderation
    # (and, for a pending one, its author).
    return can_act_as(user, Role.MODERATOR) or (
        proposal.moderation_status == Proposal.ModerationStatus.PENDING
        and can_see_proposal(user, proposal)
    )


def _proposal_comment_refusal(user: Any, proposal: Proposal) -> Any:
    if not proposal.is_visible:
        from django.utils.translation import gettext_lazy as _

        return _("Esta propuesta no está visible: su conversación no recibe comentarios.")
    return rules.commenting_refusal(user, proposal.consultation)


def register() -> None:
    register_owner(
        Consultation,
        OwnerPolicy(
            can_view=_can_view_consultation,
            comment_refusal=lambda user, c: rules.commenting_refusal(user, c),
            title=lambda c: c.title,
            url=lambda c: c.get_absolute_url(),
            discussion_url=lambda c: c.get_absolute_url(),
        ),
    )
    register_owner(
        Proposal,
        OwnerPolicy(
            can_view=_can_view_proposal,
            comment_refusal=_proposal_comment_refusal,
            title=lambda p: p.title,
            url=lambda p: p.get_absolute_url(),
            discussion_url=lambda p: p.get_absolute_url(),
            uses_alignment=True,
            also_followed=lambda p: [p.consultation],
            on_comment_count_change=adjust_proposal_comment_count,
        ),
    )
