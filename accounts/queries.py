from django.db.models import Q, QuerySet

from accounts.models import Notification, User


def unread_notification_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_for(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def find_people_for_verification(query: str, *, limit: int = 20) -> QuerySet[User]:
    """People matching a RUT (any format) or an e-mail, for an official's search."""
    compact = query.replace(".", "").replace(" ", "").upper()
    condition = Q(email__iexact=query)
    if compact:
        condition |= Q(rut=compact)
        if "-" not in compact and len(compact) > 1:
            condition |= Q(rut=f"{compact[:-1]}-{compact[-1]}")
    return (
        User.objects.filter(condition, is_active=True, deleted_at__isnull=True)
        .select_related("comuna")
        .order_by("display_name")[:limit]
    )
