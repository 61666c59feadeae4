"""``{% moderation_controls contribution as controls %}`` for
``deliberation/moderation_controls.html``: what a moderator may do with a contribution
of any registered type on its own page. Reads only; no query for people without the
moderator role, and at most one (the 2FA check, cached on the user) for moderators.
"""

from dataclasses import dataclass
from typing import Any

from django import template
from django.urls import reverse

from accounts.roles import Role, can_act_as
from deliberation.registry import contribution_type_for

register = template.Library()


@dataclass(frozen=True)
class ModerationControls:
    hide_url: str
    restore_url: str
    is_hidden: bool
    dom_id: str  # unique on the page: "propuesta-12"


@register.simple_tag(takes_context=True)
def moderation_controls(context: template.Context, contribution: Any) -> ModerationControls | None:
    """The moderator's controls for ``contribution``; None for anyone else."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not can_act_as(user, Role.MODERATOR):
        return None
    contribution_type = contribution_type_for(contribution)
    args = [contribution_type.slug, contribution.pk]
    return ModerationControls(
        hide_url=reverse("deliberation:hide_contribution", args=args),
        restore_url=reverse("deliberation:restore_contribution", args=args),
        is_hidden=contribution.is_hidden,
        dom_id=f"{contribution_type.slug}-{contribution.pk}",
    )
