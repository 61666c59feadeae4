"""People: the user, their territory, their roles and their notifications."""

from collections.abc import Collection
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.names import public_suffix
from accounts.territory import comuna_name
from common.collation import spanish_order
from common.numbers import format_rut, parse_rut


class Region(models.Model):
    cut = models.CharField(_("código CUT"), max_length=2, primary_key=True)
    name = models.CharField(_("nombre"), max_length=80)

    class Meta:
        ordering = ["cut"]
        verbose_name = _("región")
        verbose_name_plural = _("regiones")

    def __str__(self) -> str:
        return self.name


class Comuna(models.Model):
    cut = models.CharField(_("código CUT"), max_length=5, primary_key=True)
    name = models.CharField(_("nombre"), max_length=80)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="comunas")
    province_cut = models.CharField(_("código CUT de la provincia"), max_length=3)
    province = models.CharField(_("provincia"), max_length=80)
    latitude = models.FloatField(_("latitud"))
    longitude = models.FloatField(_("longitud"))

    class Meta:
        ordering = [spanish_order("name")]
        verbose_name = _("comuna")
        verbose_name_plural = _("comunas")

    def __str__(self) -> str:
        return self.name


class Division(models.Model):
    """A division of the regional government on whose behalf officials answer."""

    name = models.CharField(_("nombre"), max_length=150, unique=True)
    acronym = models.CharField(_("sigla"), max_length=20, blank=True)

    class Meta:
        ordering = [spanish_order("name")]
        verbose_name = _("división")
        verbose_name_plural = _("divisiones")

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        fields.setdefault("display_name", "Administración")
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. The e-mail is the login; only ``display_name`` is ever shown publicly."""

    class Gender(models.TextChoices):
        FEMALE = "F", _("Femenino")
        MALE = "M", _("Masculino")
        NON_BINARY = "NB", _("No binario")
        OTHER = "O", _("Otro")
        UNDISCLOSED = "ND", _("Prefiero no decirlo")

    class AgeRange(models.TextChoices):
        UNDER_18 = "0-17", _("Menos de 18 años")
        FROM_18 = "18-29", _("18 a 29 años")
        FROM_30 = "30-44", _("30 a 44 años")
        FROM_45 = "45-59", _("45 a 59 años")
        FROM_60 = "60+", _("60 años o más")
        UNDISCLOSED = "ND", _("Prefiero no decirlo")

    class EmailFrequency(models.TextChoices):
        IMMEDIATE = "immediate", _("Al momento")
        DAILY = "daily", _("Un resumen diario")
        NEVER = "never", _("Nunca (solo en la plataforma)")

    email = models.EmailField(_("correo electrónico"), unique=True)
    display_name = models.CharField(
        _("nombre público"),
        max_length=60,
        help_text=_("Así te verán las demás personas. Puede ser tu nombre o un seudónimo."),
    )
    comuna = models.ForeignKey(
        Comuna,
        verbose_name=_("comuna de residencia"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="residents",
    )
    gender = models.CharField(_("género"), max_length=2, choices=Gender, blank=True)
    age_range = models.CharField(_("tramo de edad"), max_length=5, choices=AgeRange, blank=True)
    # Always in the form common.numbers.parse_rut gives ("12345678-5", ASCII digits), so
    # one RUT has one spelling and the unique constraint means one account per RUT.
    rut = models.CharField(_("RUT"), max_length=12, null=True, blank=True, unique=True)
    # A RUT the person typed in their profile while another account held it. Kept aside
    # (not unique) so the profile reads the same as for any RUT: saying "that RUT belongs
    # to another account" would tell anyone whether a RUT has an account. An official who
    # checks the identity card settles it (actions.check_set_verified_resident).
    claimed_rut = models.CharField(
        _("RUT declarado que figura en otra cuenta"),
        max_length=12,
        blank=True,
        default="",
        # Also in the database: bulk loaders (bench data) copy rows without this column.
        db_default="",
        db_index=True,
    )
    language = models.CharField(_("idioma"), max_length=10, default="es-cl")
    email_frequency = models.CharField(
        _("copias por correo"),
        max_length=10,
        choices=EmailFrequency,
        default=EmailFrequency.DAILY,
    )

    is_verified_resident = models.BooleanField(_("residente verificado"), default=False)
    verified_at = models.DateTimeField(_("verificado el"), null=True, blank=True)
    verified_by = models.ForeignKey(
        "self",
        verbose_name=_("verificado por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The comuna the official saw on the person's profile when checking their papers
    # (actions.check_set_verified_resident). It stays when the person changes their
    # profile comuna: a consultation for verified residents reads this one.
    verified_comuna = models.ForeignKey(
        Comuna,
        verbose_name=_("comuna verificada"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    is_cosoc_member = models.BooleanField(_("integrante del COSOC"), default=False)
    is_moderator = models.BooleanField(_("moderador"), default=False)
    is_official = models.BooleanField(_("funcionario"), default=False)
    division = models.ForeignKey(
        Division,
        verbose_name=_("división"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officials",
        help_text=_("Obligatoria con el rol de funcionario: responde a nombre de esta división."),
    )

    is_staff = models.BooleanField(
        _("administrador"),
        default=False,
        help_text=_("Puede entrar al panel de administración (con doble factor)."),
    )
    # Until when a moderator blocked the person from taking part (the far future for a
    # block for good), kept in step with their ``deliberation.Block`` rows by the block
    # actions: the rules read it from the row every request loads anyway.
    blocked_until = models.DateTimeField(_("bloqueada hasta"), null=True, blank=True)
    is_active = models.BooleanField(_("activo"), default=True)
    date_joined = models.DateTimeField(_("fecha de registro"), default=timezone.now)
    deleted_at = models.DateTimeField(_("cuenta eliminada el"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(is_official=False) | Q(division__isnull=False),
                name="official_has_division",
                violation_error_message=_("El rol de funcionario exige una división."),
            ),
            models.CheckConstraint(
                condition=Q(is_verified_resident=False) | Q(rut__isnull=False),
                name="verified_resident_has_rut",
                violation_error_message=_("Para verificar a una persona debe tener RUT."),
            ),
            models.CheckConstraint(
                condition=Q(is_verified_resident=True) | Q(verified_comuna__isnull=True),
                name="verified_comuna_only_when_verified",
                violation_error_message=_("Solo una persona verificada tiene comuna verificada."),
            ),
        ]
        verbose_name = _("persona")
        verbose_name_plural = _("personas")

    def __str__(self) -> str:
        return self.public_name

    def get_absolute_url(self) -> str:
        return reverse("accounts:profile")

    @property
    def public_name(self) -> str:
        if self.deleted_at is not None:
            return str(_("Participante eliminado"))
        return self.display_name

    @property
    def public_suffix(self) -> str:
        """The short tag shown after the name ("4F2A"), so two people with the same name
        stay apart; none for a deleted account (its contributions read "Participante
        eliminado", nothing that ties them together)."""
        if self.deleted_at is not None:
            return ""
        return public_suffix(self.pk)

    @property
    def shows_verified_mark(self) -> bool:
        """Whether what the person wrote on their own behalf carries the "Residente
        verificado/a" mark (it describes the person now). What an official wrote for a
        division carries the division's badge instead (``Contribution.speaks_for``)."""
        return self.is_verified_resident and self.deleted_at is None

    @property
    def verified_comuna_name(self) -> str:
        """The name of the comuna where the residence was verified ("Quilpué"), or "";
        from the data file, without a query."""
        if not self.is_verified_resident or not self.verified_comuna_id:
            return ""
        return comuna_name(self.verified_comuna_id)

    @property
    def moved_since_verification(self) -> bool:
        """Whether the profile now names another comuna (or none) than the verified one."""
        return bool(self.verified_comuna_name) and self.comuna_id != self.verified_comuna_id

    def clean_fields(self, exclude: Collection[str] | None = None) -> None:
        """A RUT typed in a model form (the admin's included) is stored in its one form,
        or refused."""
        errors: dict[str, Any] = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if "rut" not in (exclude or ()) and "rut" not in errors:
            rut = parse_rut(self.rut) if self.rut else None
            if self.rut and rut is None:
                errors["rut"] = [_("Escribe un RUT válido, por ejemplo 12.345.678-5.")]
            else:
                self.rut = rut
        if errors:
            raise ValidationError(errors)

    @property
    def declared_rut(self) -> str | None:
        """The RUT the person gave, whether their account holds it or another one does
        (``claimed_rut``): what their own pages and their data export show."""
        return self.rut or self.claimed_rut or None

    @property
    def formatted_rut(self) -> str:
        """The declared RUT as people write it, with dots: 12.345.678-5 (stored as
        12345678-5; anything else is shown as stored, never read as another number)."""
        return format_rut(self.declared_rut)

    def get_full_name(self) -> str:
        return self.public_name

    def get_short_name(self) -> str:
        return self.public_name


class Notification(models.Model):
    """One message in a person's notification centre; e-mailed per their preference."""

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("tipo"), max_length=50)
    subject = models.CharField(_("asunto"), max_length=200)
    body = models.TextField(_("detalle"), blank=True)
    url = models.CharField(_("enlace"), max_length=500, blank=True)
    # What the body quotes ("deliberation.comment:42"), so the quote can follow it: when
    # the comment is edited, deleted or hidden, requote_notifications() rewrites the body.
    source = models.CharField(_("origen"), max_length=80, blank=True, editable=False)
    # The subject and body in every site language ({"es-cl": …, "en": …}), written by
    # notify() and kept by requote/retitle: the centre shows the language the person reads
    # now (``shown_subject``), not the one they had when it was written (subject, body).
    subjects = models.JSONField(_("asunto en cada idioma"), default=dict, editable=False)
    bodies = models.JSONField(_("detalle en cada idioma"), default=dict, editable=False)
    is_urgent = models.BooleanField(
        _("urgente"),
        default=False,
        help_text=_("Respuestas oficiales y avisos de moderación: el correo sale de inmediato."),
    )
    created_at = models.DateTimeField(_("creada el"), default=timezone.now)
    read_at = models.DateTimeField(_("leída el"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("enviada por correo el"), null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["recipient", "-created_at"],
                name="notification_inbox",
            ),
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            ),
            models.Index(fields=["source"], condition=~Q(source=""), name="notification_source"),
        ]
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notificación")
        verbose_name_plural = _("notificaciones")

    def __str__(self) -> str:
        return self.subject

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def shown_subject(self) -> str:
        """The subject in the active language (as written, for notifications older than
        ``subjects``)."""
        return self.subjects.get(translation.get_language() or "", self.subject)

    @property
    def shown_body(self) -> str:
        """The body in the active language (as written, for notifications older than
        ``bodies``)."""
        return self.bodies.get(translation.get_language() or "", self.body)


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise TypeError("The audit log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("The audit log is append-only.")


class AuditEntry(models.Model):
    """One entry of the append-only audit log for administrators: who did what to which
    row, with what it was before and after (moderation decisions, reports that hid
    something, blocks, appeals, outcomes). Written by ``actions.audit`` inside the
    action's transaction; never updated or deleted (the queryset and ``save`` refuse)."""

    actor = models.ForeignKey(
        User,
        verbose_name=_("quién"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("qué"), max_length=40)
    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("tipo"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    object_id = models.PositiveBigIntegerField(_("id"), null=True, blank=True)
    before = models.JSONField(_("antes"), default=dict, blank=True)
    after = models.JSONField(_("después"), default=dict, blank=True)
    created_at = models.DateTimeField(_("cuándo"), default=timezone.now, db_index=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["content_type", "object_id", "id"], name="audit_of")]
        ordering = ["-created_at", "-id"]
        verbose_name = _("registro de auditoría")
        verbose_name_plural = _("registro de auditoría")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Append-only: an entry, once written, is never changed.
        if not self._state.adding:
            raise TypeError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("The audit log is append-only.")
