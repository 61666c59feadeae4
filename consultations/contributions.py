"""What consultations plug into the deliberation engine (``deliberation.registry``).

Discussion owners: consultations and proposals. Comment rules follow the consultation:
anyone who may see it reads; people who may take part (signed in, verified when the
consultation requires it) comment while it is published. A proposal's discussion is open
while the proposal is visible (published or withdrawn); a hidden or pending proposal
hides its discussion too.

Contribution type: proposals, hidden and restored by moderators with the engine's one
pair of actions. A proposal that stops (or starts again) being visible changes what the
proposals lists count, so their cached counts are forgotten after commit.
"""

from functools import partial
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role, can_act_as
from consultations import rules
from consultations.access import can_see_proposal
from consultations.actions import adjust_proposal_comment_count
from consultations.models import Consultation, Proposal
from consultations.queries import forget_proposal_counts
from consultations.rules import can_create_consultations
from deliberation.registry import (
    ContributionType,
    OwnerPolicy,
    Space,
    register_contribution_type,
    register_owner,
)


def consultation_space(consultation: Consultation) -> Space:
    """A consultation as the space its proposals and comments belong to."""
    return Space(f"consulta-{consultation.pk}", consultation.title, consultation.get_absolute_url())


def _can_view_consultation(user: Any, consultation: Consultation) -> bool:
    return consultation.is_published or can_create_consultations(user)


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


def _forget_counts_after_commit(proposal: Proposal, delta: int) -> None:
    # The lists count visible proposals (cached per consultation): count again once the
    # hide or restore is visible to other transactions.
    transaction.on_commit(partial(forget_proposal_counts, proposal.consultation_id))


def register() -> None:
    register_owner(
        Consultation,
        OwnerPolicy(
            can_view=_can_view_consultation,
            comment_refusal=lambda user, c: rules.commenting_refusal(user, c),
            title=lambda c: c.title,
            url=lambda c: c.get_absolute_url(),
            discussion_url=lambda c: c.get_absolute_url(),
            public=lambda: Consultation.objects.filter(status=Consultation.Status.PUBLISHED),
            space=consultation_space,
            premoderated=lambda c: c.premoderated,
        ),
    )
    register_owner(
        Proposal,
        OwnerPolicy(
            can_view=_can_view_proposal,
            comment_refusal=rules.proposal_commenting_refusal,
            title=lambda p: p.title,
            url=lambda p: p.get_absolute_url(),
            related=("consultation",),
            discussion_url=lambda p: p.get_absolute_url(),
            uses_alignment=True,
            also_followed=lambda p: [p.consultation],
            on_comment_count_change=adjust_proposal_comment_count,
            # What _can_view_proposal lets anyone read.
            public=lambda: Proposal.objects.filter(
                consultation__status=Consultation.Status.PUBLISHED,
                moderation_status__in=Proposal.VISIBLE_STATUSES,
            ),
            space=lambda p: consultation_space(p.consultation),
            premoderated=lambda p: p.consultation.premoderated,
        ),
    )
    register_contribution_type(
        ContributionType(
            model=Proposal,
            slug="propuesta",
            # A hidden proposal keeps a public page (its title gives way to the reason).
            can_view=lambda user, p: (
                _can_view_consultation(user, p.consultation) and can_see_proposal(user, p)
            ),
            title=lambda p: p.title,
            url=lambda p: p.get_absolute_url(),
            hidden_subject=_("Tu propuesta fue ocultada por moderación"),
            restored_subject=_("Tu propuesta fue restaurada"),
            restored_body=_("La moderación revisó tu propuesta y volvió a mostrarla."),
            hidden_message=_("La propuesta quedó oculta."),
            restored_message=_("La propuesta quedó restaurada."),
            related=("consultation",),
            on_visible_change=_forget_counts_after_commit,
            space=lambda p: consultation_space(p.consultation),
            supporters=lambda p: User.objects.filter(supports__proposal=p),
        )
    )
