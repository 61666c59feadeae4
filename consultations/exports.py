"""The consultations sections of a person's data export (proposals and supports)."""

from typing import Any

from consultations.models import Proposal, Support


def export_proposals(user: Any) -> list[dict[str, Any]]:
    return [
        {
            "consultation": proposal.consultation.title,
            "title": proposal.title,
            "body": str(proposal.body),
            "body_source": proposal.body_source,  # as typed (Markdown)
            "comuna": proposal.comuna_id,
            "latitude": proposal.latitude,
            "longitude": proposal.longitude,
            "state": proposal.state,
            "moderation_status": proposal.moderation_status,
            "support_count": proposal.support_count,
            "created_at": proposal.created_at.isoformat(),
            "edited_at": proposal.edited_at.isoformat() if proposal.edited_at else None,
        }
        for proposal in Proposal.objects.filter(author=user)
        .select_related("consultation")
        .order_by("created_at", "pk")
    ]


def export_supports(user: Any) -> list[dict[str, Any]]:
    return [
        {
            "consultation": support.consultation.title,
            "proposal": support.proposal.title,
            "created_at": support.created_at.isoformat(),
        }
        for support in Support.objects.filter(user=user)
        .select_related("consultation", "proposal")
        .order_by("created_at", "pk")
    ]
