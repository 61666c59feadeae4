"""What the site header shows moderators: how many cases wait for them."""

from functools import cache
from typing import Any

from django.http import HttpRequest

from accounts.roles import Role, can_act_as
from common.pagecache import shared_fragment
from deliberation.queue import open_case_count


def moderation(request: HttpRequest) -> dict[str, Any]:
    """``open_moderation_cases``: a cached callable giving the queue's open count, for
    people who can act as moderators now (role and second factor), else nothing.

    Lazy: one COUNT, only on a page that renders the header for a moderator, and kept
    per content generation (``shared_fragment``: the same for every moderator, renewed
    by any write), so most pages read it from the cache. Anonymous
    visitors get nothing, so the count never lands in a page the cache keeps for them
    (``common.pagecache`` stores anonymous pages only).
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_moderator:
        return {}
    return {
        "open_moderation_cases": cache(
            lambda: (
                shared_fragment("moderation.open_cases", (), open_case_count)
                if can_act_as(user, Role.MODERATOR)
                else None
            )
        )
    }
