"""Writes about people: notifications, profile, verification, account deletion."""

from collections.abc import Iterable
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts import privacy
from accounts.models import AuditEntry, Notification, User
from accounts.roles import Role, require_role
from accounts.tasks import send_notification_emails
from accounts.territory import comuna_name

SUBJECT_LENGTH = Notification._meta.get_field("subject").max_length


def in_every_language(text: Any, *, limit: int | None = None) -> dict[str, str]:
    """``text`` (maybe a lazy translation) rendered in each site language, by code."""
    rendered = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            rendered[code] = str(text)[:limit]
    return rendered


def notify(
    recipients: Iterable[User],
    *,
    kind: str,
    subject: Any,
    body: Any = "",
    url: str = "",
    urgent: bool = False,
    exclude: User | None = None,
    source: str = "",
) -> list[Notification]:
    """Put a notification in each recipient's centre and e-mail it per their preference.

    Any code may call it, inside or outside a transaction. ``subject`` and ``body`` may be
    lazy translations: each is rendered in the recipient's language. E-mail goes after
    commit: at once for people who chose immediate mail and for urgent notices (official
    answers, moderation); the others wait for the daily digest. ``exclude`` drops the
    person who caused the event. Deleted and inactive accounts are skipped. ``source``
    names what ``body`` quotes (see ``requote_notifications``).
    """
    people = {
        person.pk: person
        for person in recipients
        if person is not None
        and person.is_active
        and person.deleted_at is None
        and (exclude is None or person.pk != exclude.pk)
    }
    if not people:
        return []
    now = timezone.now()
    subjects = in_every_language(subject, limit=SUBJECT_LENGTH)
    bodies = in_every_language(body)
    notifications = []
    for person in people.values():
        with translation.override(person.language):
            notifications.append(
                Notification(
                    recipient=person,
                    kind=kind,
                    subject=str(subject)[:SUBJECT_LENGTH],
                    body=str(body),
                    subjects=subjects,
                    bodies=bodies,
                    url=url,
                    source=source,
                    is_urgent=urgent,
                    created_at=now,
                )
            )
    created = Notification.objects.bulk_create(notifications)
    to_email = [
        n.pk
        for n in created
        if n.recipient.email_frequency == User.EmailFrequency.IMMEDIATE
        or (urgent and n.recipient.email_frequency != User.EmailFrequency.NEVER)
    ]
    if to_email:
        transaction.on_commit(lambda: send_notification_emails.enqueue(to_email))
    return created


def audit(
    actor: User | None,
    action: str,
    target: Any = None,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the administrators' audit log (inside the caller's
    transaction, so a write that rolls back leaves no entry). ``actor`` None: the system
    (reports that hid something). ``before`` and ``after``: the fields that changed."""
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        content_type=ContentType.objects.get_for_model(target) if target is not None else None,
        object_id=target.pk if target is not None else None,
        before=before or {},
        after=after or {},
    )


def requote_notifications(source: str, body: Any) -> int:
    """Rewrite the body of every notification that quotes ``source``, in each recipient's
    language (``body`` may be a lazy translation): a notification centre must not keep
    showing text that was edited, deleted or hidden by moderation (e-mail already sent
    cannot be recalled; the daily digest lists subjects only). Returns how many were
    rewritten."""
    if not source:
        return 0
    quoting = Notification.objects.filter(source=source)
    quoting.update(bodies=in_every_language(body))
    languages = quoting.order_by().values_list("recipient__language", flat=True).distinct()
    rewritten = 0
    for language in list(languages):
        with translation.override(language):
            rewritten += quoting.filter(recipient__language=language).update(body=str(body))
    return rewritten


# The quotation marks a subject puts around a title, in every site language: Spanish «…»,
# English “…” (what the catalogues use).
QUOTATION_MARKS = (("«", "»"), ("“", "”"))


def retitled(text: str, old: str, new: str) -> str:
    """``text`` with the quoted title ``old`` written as ``new`` (between the same marks),
    cut at the subject's length. A subject already cut inside the quote gets ``new`` in
    place of what is left of ``old``."""
    for opening, closing in QUOTATION_MARKS:
        before = f"{opening}{old}{closing}"
        if before in text:
            return text.replace(before, f"{opening}{new}{closing}")[:SUBJECT_LENGTH]
    if len(text) == SUBJECT_LENGTH:
        for opening, closing in QUOTATION_MARKS:
            start, after = text.rfind(opening), f"{opening}{new}{closing}"
            if start >= 0 and after not in text and old.startswith(text[start + 1 :]):
                return (text[:start] + after)[:SUBJECT_LENGTH]
    return text


def retitle_notifications(url: str, old: Any, new: Any) -> int:
    """Rewrite the quoted title ``old`` as ``new`` in the subjects of the notifications
    that link to ``url`` or an address under it (a proposal's page, its comments'
    permalinks): the subject in the recipient's language and the subject in every
    language (``subjects``), whatever marks the language quotes with (``retitled``);
    ``old`` and ``new`` may be lazy. A title moderation hid must not stay readable in a
    notification centre, in any language, and restoring it puts it back. Returns how many
    notifications were rewritten."""
    if not url:
        return 0
    linked = Notification.objects.filter(url__startswith=url)
    befores, afters = in_every_language(old), in_every_language(new)
    changed = []
    for notification in linked.only(
        "pk", "subject", "subjects", "recipient__language"
    ).select_related("recipient"):
        language = notification.recipient.language
        subject = retitled(
            notification.subject, befores.get(language, str(old)), afters.get(language, str(new))
        )
        subjects = {
            code: retitled(text, befores.get(code, str(old)), afters.get(code, str(new)))
            for code, text in notification.subjects.items()
        }
        if subject != notification.subject or subjects != notification.subjects:
            notification.subject, notification.subjects = subject, subjects
            changed.append(notification)
    return Notification.objects.bulk_update(changed, ["subject", "subjects"], batch_size=500)


def do_mark_notification_read(user: User, notification: Notification) -> None:
    """The recipient marks one notification as read (idempotent)."""
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )


def do_mark_all_notifications_read(user: User) -> int:
    """The person marks all their unread notifications as read; returns how many."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def do_set_profile_rut(user: User, rut: str | None) -> None:
    """The person sets, changes or clears the RUT in their profile (``rut`` in its stored
    form, from ``RutField``); nothing once they are verified (an office changes it).

    A RUT another account holds is kept in ``claimed_rut`` instead of ``rut``, and the
    person is told nothing different: their profile and their data export show the RUT
    they typed either way, so the profile cannot be used to find out whether a RUT has an
    account. An official who checks the identity card settles who holds it
    (``check_set_verified_resident``). Locks the person's row; the unique constraint on
    ``rut`` decides between two people saving the same RUT at once. Broadcasts nothing.
    """
    with transaction.atomic(durable=True):
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.is_verified_resident or (locked.rut, locked.claimed_rut) == (rut, ""):
            return
        try:
            with transaction.atomic():
                User.objects.filter(pk=locked.pk).update(rut=rut, claimed_rut="")
        except IntegrityError:
            User.objects.filter(pk=locked.pk).update(rut=None, claimed_rut=rut)
    user.refresh_from_db(fields=["rut", "claimed_rut"])


RUT_CHANGED = _(
    "Esta persona cambió su RUT mientras revisabas su cédula, así que no se verificó. "
    "Revisa el RUT que aparece ahora y compáralo de nuevo con la cédula."
)
RUT_VERIFIED_ELSEWHERE = _(
    "Ese RUT ya está verificado en otra cuenta, así que no se verificó. Si la cédula "
    "corresponde a esta persona, pide a la administración que revise ambas cuentas."
)
RUT_TAKEN_MEANWHILE = _(
    "Otra cuenta registró ese RUT en este mismo momento, así que no se verificó. "
    "Vuelve a intentarlo."
)
COMUNA_CHANGED = _(
    "Esta persona cambió la comuna de su perfil mientras la revisabas, así que no se "
    "verificó. Revisa la comuna que aparece ahora y compárala de nuevo con sus documentos."
)
COMUNA_MISSING = _(
    "Esta persona no ha indicado su comuna. Pídele que la agregue en su perfil antes de "
    "verificarla: la verificación queda registrada en esa comuna."
)


def check_set_verified_resident(
    official: User,
    person: User,
    *,
    verified: bool,
    rut: str | None = None,
    comuna: str | None = None,
) -> None:
    """An official (with 2FA) grants or revokes the verified-resident flag.

    Granting needs ``rut`` and ``comuna`` (a CUT code), the RUT and the profile comuna
    the official saw on the page and compared with the person's papers: under the
    person's row lock they must still be the person's, else ``ValidationError``
    (``RUT_CHANGED``, ``COMUNA_CHANGED``: they may have edited their profile meanwhile;
    ``COMUNA_MISSING`` when the profile names no comuna). The comuna is recorded as
    ``verified_comuna``, which later profile changes leave alone. Granting again to a
    verified person whose profile now names another comuna verifies that one (they
    moved); granting again the same comuna does nothing. When the person had typed a RUT
    that another, unverified account holds (``claimed_rut``), the card settles it: the
    RUT moves to this person and the other account keeps it only as claimed (its own
    pages read as before); if the other account is verified, ``RUT_VERIFIED_ELSEWHERE``.
    Revoking needs neither and clears the verified comuna. Locks the person's row and the
    other holder's, in id order; notifies the person (urgent: it changes what they can do).
    """
    require_role(official, Role.OFFICIAL)
    with transaction.atomic(durable=True):
        pks = {person.pk}
        if verified and rut:
            pks.update(User.objects.filter(rut=rut).values_list("pk", flat=True))
        # Id order, so two officials settling crossed claims cannot deadlock.
        rows = {
            row.pk: row
            for row in User.objects.select_for_update().filter(pk__in=pks).order_by("pk")
        }
        locked = rows[person.pk]
        if not verified and not locked.is_verified_resident:
            return
        if verified:
            if not rut or locked.declared_rut != rut:
                raise ValidationError(RUT_CHANGED, code="rut_changed")
            if locked.comuna_id is None:
                raise ValidationError(COMUNA_MISSING, code="comuna_missing")
            if comuna != locked.comuna_id:
                raise ValidationError(COMUNA_CHANGED, code="comuna_changed")
            if locked.is_verified_resident and locked.verified_comuna_id == comuna:
                return
            if locked.rut is None:
                holder = next((row for row in rows.values() if row.pk != locked.pk), None)
                if holder is not None and holder.rut == rut:
                    if holder.is_verified_resident:
                        raise ValidationError(RUT_VERIFIED_ELSEWHERE, code="verified_elsewhere")
                    User.objects.filter(pk=holder.pk).update(rut=None, claimed_rut=rut)
                locked.rut, locked.claimed_rut = rut, ""
        locked.is_verified_resident = verified
        locked.verified_at = timezone.now() if verified else None
        locked.verified_by = official if verified else None
        locked.verified_comuna_id = comuna if verified else None
        try:
            with transaction.atomic():
                locked.save(
                    update_fields=[
                        "rut",
                        "claimed_rut",
                        "is_verified_resident",
                        "verified_at",
                        "verified_by",
                        "verified_comuna",
                    ]
                )
        except IntegrityError:
            # Someone saved this RUT in their profile after the holders were read.
            raise ValidationError(RUT_TAKEN_MEANWHILE, code="rut_taken") from None
        notify(
            [locked],
            kind="account.verified" if verified else "account.unverified",
            subject=_("Tu cuenta fue verificada como residente")
            if verified
            else _("Tu verificación como residente fue retirada"),
            body=format_lazy(
                _(
                    "Tu residencia quedó verificada en {comuna}: ahora puedes participar en "
                    "los procesos para residentes verificados de esa comuna y de la región."
                ),
                comuna=comuna_name(comuna),
            )
            if verified
            else _("Si crees que es un error, acércate a una oficina del Gobierno Regional."),
            url="/cuenta/perfil/",
            urgent=True,
        )
    person.refresh_from_db()


def do_delete_account(request: HttpRequest, user: User) -> None:
    """The person deletes their own account.

    Personal data is removed and the row becomes a tombstone, so what they contributed
    stays (votes and supports keep counting) but shows "Participante eliminado". Each app
    anonymises its own data through ``privacy.register_anonymiser``. Logs the person out
    everywhere.
    """
    with transaction.atomic(durable=True):
        locked = User.objects.select_for_update().get(pk=user.pk)
        for anonymise in privacy.anonymisers():
            anonymise(locked)
        EmailAddress.objects.filter(user=locked).delete()
        Authenticator.objects.filter(user=locked).delete()
        Notification.objects.filter(recipient=locked).delete()
        locked.email = f"eliminado-{locked.pk}@cabildo.invalid"
        locked.display_name = ""
        locked.comuna = None
        locked.gender = ""
        locked.age_range = ""
        locked.rut = None
        locked.claimed_rut = ""
        locked.is_verified_resident = False
        locked.verified_at = None
        locked.verified_by = None
        locked.verified_comuna = None
        locked.is_cosoc_member = False
        locked.is_moderator = False
        locked.is_official = False
        locked.division = None
        locked.is_staff = False
        locked.is_superuser = False
        locked.is_active = False
        locked.deleted_at = timezone.now()
        locked.set_unusable_password()
        locked.save()
        locked.groups.clear()
        locked.user_permissions.clear()
    # The unusable password changes the session hash, which ends every other session.
    logout(request)
