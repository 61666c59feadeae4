"""Permission-checked fetches. A missing object and a forbidden one both raise Http404."""

from django.http import Http404

from accounts.models import Notification, User
from accounts.roles import Role, require_role


def access_notification(user: User, pk: int) -> Notification:
    """The notification ``pk`` if it belongs to ``user``."""
    try:
        return Notification.objects.get(pk=pk, recipient=user)
    except Notification.DoesNotExist:
        raise Http404 from None


def access_person_for_verification(official: User, pk: int) -> User:
    """A live account an official (with 2FA) may verify; raises PermissionDenied otherwise."""
    require_role(official, Role.OFFICIAL)
    try:
        return User.objects.select_related("comuna").get(
            pk=pk, is_active=True, deleted_at__isnull=True
        )
    except User.DoesNotExist:
        raise Http404 from None
