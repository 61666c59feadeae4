from django.db.models import Q, QuerySet

from accounts.models import Notification, User
from common.numbers import parse_rut


def unread_notification_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_for(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def find_people_for_verification(query: str, *, limit: int = 20) -> QuerySet[User]:
    """People matching an e-mail or a RUT, for an official's search. The RUT is read by
    ``parse_rut`` (dots, dash and a lower-case k are fine; only ASCII digits), and finds
    both the account holding it and any account that typed it while another held it
    (``claimed_rut``): the official's look at the identity card settles which is right."""
    condition = Q(email__iexact=query)
    rut = parse_rut(query)
    if rut is not None:
        condition |= Q(rut=rut) | Q(claimed_rut=rut)
    return (
        User.objects.filter(condition, is_active=True, deleted_at__isnull=True)
        .select_related("comuna")
        .order_by("display_name")[:limit]
    )
