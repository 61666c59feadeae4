"""Background work for accounts: e-mail copies of notifications.

Runs through Django's task framework: immediately by default, in ``manage.py db_worker``
when ``TASKS_BACKEND=database``.
"""

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import ngettext

from accounts.models import Notification, User


def _absolute(url: str) -> str:
    return url if url.startswith("http") else f"{settings.CABILDO_SITE_URL}{url}"


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    """E-mail each notification once, in its recipient's language; return how many went."""
    sent = 0
    with mailers.default as connection:
        for notification in (
            Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True)
            .select_related("recipient")
            .order_by("pk")
        ):
            recipient = notification.recipient
            if not recipient.is_active or not recipient.email:
                continue
            with translation.override(recipient.language):
                body = render_to_string(
                    "accounts/email/notification.txt",
                    {
                        "notification": notification,
                        "url": _absolute(notification.url) if notification.url else "",
                        "preferences_url": _absolute("/cuenta/perfil/"),
                        "recipient": recipient,
                    },
                )
                subject = f"[Cabildo] {notification.shown_subject}"
            connection.send_messages([EmailMessage(subject, body, to=[recipient.email])])
            Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
            sent += 1
    return sent


@task()
def send_daily_digests() -> int:
    """One e-mail per person with daily copies pending; return how many people got one."""
    pending = (
        Notification.objects.filter(
            emailed_at__isnull=True,
            read_at__isnull=True,
            recipient__email_frequency=User.EmailFrequency.DAILY,
            recipient__is_active=True,
        )
        .select_related("recipient")
        .order_by("recipient_id", "created_at")
    )
    by_person: dict[int, list[Notification]] = {}
    for notification in pending:
        by_person.setdefault(notification.recipient_id, []).append(notification)
    with mailers.default as connection:
        for notifications in by_person.values():
            recipient = notifications[0].recipient
            with translation.override(recipient.language):
                body = render_to_string(
                    "accounts/email/digest.txt",
                    {
                        "recipient": recipient,
                        "items": [(n, _absolute(n.url) if n.url else "") for n in notifications],
                        "inbox_url": _absolute("/cuenta/notificaciones/"),
                        "preferences_url": _absolute("/cuenta/perfil/"),
                    },
                )
                subject = "[Cabildo] " + ngettext(
                    "Tu resumen diario (%(count)d novedad)",
                    "Tu resumen diario (%(count)d novedades)",
                    len(notifications),
                ) % {"count": len(notifications)}
            connection.send_messages([EmailMessage(subject, body, to=[recipient.email])])
            with transaction.atomic():
                Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
                    emailed_at=timezone.now()
                )
    return len(by_person)
