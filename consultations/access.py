"""Permission-checked fetches. A missing object and a forbidden one both raise Http404.

Role checks (``require_role``) raise PermissionDenied first, so a resident who is not an
official gets 403 on an official's page, while an official of another division gets 404
for a consultation that is not theirs.
"""

from typing import Any

from django.http import Http404

from accounts.roles import Role, can_act_as, require_role
from common.pagecache import shared_fragment
from consultations.models import Consultation, Proposal
from consultations.queries import consultation_for_page, proposal_for_page, visible_consultations
from consultations.rules import can_edit_consultation, is_official_for


def access_consultation(user: Any, slug: str) -> Consultation:
    """A consultation the person may see: published, or a draft for officials and
    administrators. Phases, comunas and topics are prefetched."""
    # A published consultation is the same for everyone: kept between writes (one cache
    # read instead of four queries). Drafts, for the few who may see them, are read.
    published = shared_fragment(
        "consultations.consultation",
        slug,
        lambda: (
            consultation_for_page(Consultation.objects.filter(status=Consultation.Status.PUBLISHED))
            .filter(slug=slug)
            .first()
        ),
    )
    if published is not None:
        return published
    try:
        return consultation_for_page(visible_consultations(user)).get(slug=slug)
    except Consultation.DoesNotExist:
        raise Http404 from None


def access_consultation_as_official(user: Any, slug: str) -> Consultation:
    """A consultation an official (with 2FA) answers for. PermissionDenied without the
    role; 404 for another division's consultation."""
    require_role(user, Role.OFFICIAL)
    consultation = access_consultation(user, slug)
    if not is_official_for(user, consultation):
        raise Http404
    return consultation


def access_consultation_for_editing(user: Any, slug: str) -> Consultation:
    """A consultation the person may edit and publish (``can_edit_consultation``).
    PermissionDenied without either role; 404 for another division's consultation.
    Phases, comunas and topics are prefetched."""
    require_role(user, Role.OFFICIAL, Role.ADMINISTRATOR)
    consultation = access_consultation(user, slug)
    if not can_edit_consultation(user, consultation):
        raise Http404
    return consultation


def can_see_proposal(user: Any, proposal: Proposal) -> bool:
    """Published, withdrawn and hidden proposals have a public page (a hidden one shows
    only the moderation reason); a pending one only its author sees."""
    if proposal.moderation_status != Proposal.ModerationStatus.PENDING:
        return True
    return user.is_authenticated and (
        proposal.author_id == user.pk or can_act_as(user, Role.MODERATOR)
    )


def access_proposal(
    user: Any, consultation: Consultation, pk: int, *, for_write: bool = False
) -> Proposal:
    """A proposal of ``consultation`` the person may see; with ``for_write``, only its
    author gets it (editing, withdrawing)."""
    try:
        proposal = proposal_for_page(consultation, pk)
    except Proposal.DoesNotExist:
        raise Http404 from None
    # The consultation is already loaded with its phases: reuse it.
    proposal.consultation = consultation
    if not can_see_proposal(user, proposal):
        raise Http404
    if for_write and not (user.is_authenticated and proposal.author_id == user.pk):
        raise Http404
    return proposal


def access_proposal_as_official(user: Any, slug: str, pk: int) -> Proposal:
    """A proposal an official (with 2FA) of the consultation's division may answer."""
    consultation = access_consultation_as_official(user, slug)
    proposal = access_proposal(user, consultation, pk)
    if not proposal.is_visible:
        raise Http404
    return proposal


def access_consultation_row(user: Any, slug: str) -> Consultation:
    """A consultation the person may see, its row alone (one query): for the pages that
    show little of it (its results, its survey's pages). ``consultation.survey`` costs
    one query more."""
    try:
        return visible_consultations(user).get(slug=slug)
    except Consultation.DoesNotExist:
        raise Http404 from None
