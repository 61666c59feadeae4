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


@dataclass(frozen=True)
class ContributionActions:
    report_url: str | None  # for signed-in people on others' published contributions
    appeal_url: str | None  # for its author while a moderator keeps it hidden
    sees_text: bool  # its author or a moderator: the text of a hidden or pending one


@register.simple_tag(takes_context=True)
def contribution_actions(context: template.Context, contribution: Any) -> ContributionActions:
    """What the viewer may do with a contribution of any registered type on its page:
    report it, or (its author) read it hidden and appeal. No query."""
    request = context.get("request")
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    contribution_type = contribution_type_for(contribution)
    args = [contribution_type.slug, contribution.pk]
    is_author = signed_in and contribution.author_id == user.pk
    published = contribution.moderation_status == contribution.ModerationStatus.PUBLISHED
    return ContributionActions(
        report_url=reverse("deliberation:report_contribution", args=args)
        if signed_in and not is_author and published
        else None,
        appeal_url=reverse("deliberation:appeal_contribution", args=args)
        if is_author and contribution.is_hidden
        else None,
        sees_text=is_author or (signed_in and can_act_as(user, Role.MODERATOR)),
    )
