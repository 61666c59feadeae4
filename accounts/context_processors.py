from functools import cache
from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from accounts.queries import unread_notification_count
from accounts.roles import Role, can_act_as


def header(request: HttpRequest) -> dict[str, Any]:
    """What the header shows: unread notifications and the staff links a person may use.

    Lazy, so a page that never renders the header costs no query.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        # A cached callable, not a SimpleLazyObject: templates call it and get a real int,
        # which `{% blocktranslate count %}` needs (plural rules do arithmetic on it).
        "unread_notifications": cache(lambda: unread_notification_count(user)),
        "acting_roles": SimpleLazyObject(
            lambda: {role.value for role in Role if can_act_as(user, role)}
        ),
    }
