"""The government's plan: planning instruments, their sections (or strategic objectives),
the participatory instances that informed them, and the outcomes that say what became of
each contribution (traceability and devolución)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PlanningInstrument(models.Model):
    """A regional planning instrument that participation informs (ERD, PROT, …)."""

    class Kind(models.TextChoices):
        ERD = "erd", _("Estrategia Regional de Desarrollo")
        PROT = "prot", _("Plan Regional de Ordenamiento Territorial")
        POLICY = "policy", _("Política regional")
        INVESTMENT = "investment", _("Plan de inversiones")
        OTHER = "other", _("Otro instrumento")

    class Status(models.TextChoices):
        ELABORATION = "elaboracion", _("En elaboración")
        CONSULTATION = "consulta", _("En consulta")
        APPROVED = "aprobado", _("Aprobado")
        EXECUTION = "ejecucion", _("En ejecución")

    name = models.CharField(_("nombre"), max_length=200)
    slug = models.SlugField(_("identificador"), max_length=80, unique=True)
    kind = models.CharField(_("tipo"), max_length=12, choices=Kind)
    status = models.CharField(
        _("estado"), max_length=12, choices=Status, default=Status.ELABORATION
    )
    description = models.TextField(_("descripción"), blank=True)
    period_start = models.PositiveSmallIntegerField(_("desde el año"), null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(_("hasta el año"), null=True, blank=True)
    # The year t the instrument was elaborated: the strategic indicator counts instruments
    # elaborated in year t (planning.indicators).
    elaboration_year = models.PositiveSmallIntegerField(
        _("año de elaboración"), null=True, blank=True
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__isnull=True)
                | models.Q(period_start__isnull=True)
                | models.Q(period_end__gte=models.F("period_start")),
                name="instrument_period_in_order",
            )
        ]
        ordering = ["name"]
        verbose_name = _("instrumento de planificación")
        verbose_name_plural = _("instrumentos de planificación")

    def __str__(self) -> str:
        if self.period_start and self.period_end:
            return f"{self.name} ({self.period_start}–{self.period_end})"  # noqa: RUF001
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("planning:instrument", args=[self.slug])


class InstrumentSection(models.Model):
    """A section or strategic objective of an instrument ("OE 1 · Movilidad sostenible"):
    what outcomes point at."""

    instrument = models.ForeignKey(
        PlanningInstrument,
        verbose_name=_("instrumento"),
        on_delete=models.CASCADE,
        related_name="sections",
    )
    code = models.CharField(_("código"), max_length=20, blank=True)
    title = models.CharField(_("título"), max_length=200)
    description = models.TextField(_("descripción"), blank=True)
    position = models.PositiveSmallIntegerField(_("posición"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "position"], name="one_section_per_position"
            )
        ]
        ordering = ["instrument", "position"]
        verbose_name = _("sección u objetivo estratégico")
        verbose_name_plural = _("secciones u objetivos estratégicos")

    def __str__(self) -> str:
        return f"{self.code} · {self.title}" if self.code else self.title

    def get_absolute_url(self) -> str:
        return reverse("planning:section", args=[self.instrument.slug, self.position])


class ParticipatoryInstance(models.Model):
    """A participatory instance that informed an instrument (a consultation, a session, a
    public account, a workshop), with the facts the strategic indicator reads."""

    class Kind(models.TextChoices):
        CONSULTATION = "consultation", _("Consulta ciudadana")
        SESSION = "session", _("Sesión o cabildo")
        PUBLIC_ACCOUNT = "public_account", _("Cuenta pública participativa")
        WORKSHOP = "workshop", _("Taller")
        OTHER = "other", _("Otra instancia")

    instrument = models.ForeignKey(
        PlanningInstrument,
        verbose_name=_("instrumento"),
        on_delete=models.CASCADE,
        related_name="instances",
    )
    title = models.CharField(_("nombre"), max_length=200)
    kind = models.CharField(_("tipo"), max_length=16, choices=Kind)
    url = models.URLField(_("dirección"), blank=True)
    starts_on = models.DateField(_("comienza el"))
    ends_on = models.DateField(_("termina el"))
    open_to_all_residents = models.BooleanField(
        _("abierta a toda persona residente del territorio"), default=False
    )
    results_published_on = models.DateField(_("resultados publicados el"), null=True, blank=True)
    devolution_sent_on = models.DateField(_("devolución enviada el"), null=True, blank=True)
    # The process it records, when it ran on the platform (a consultation): its
    # participants come from there, and publishing its devolución dates this row.
    process_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("tipo de proceso"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    process_id = models.PositiveBigIntegerField(_("proceso"), null=True, blank=True)
    # For instances held in person, with no online data.
    participants = models.PositiveIntegerField(_("participantes"), null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="instance_dates_in_order",
            ),
            models.CheckConstraint(
                condition=models.Q(process_type__isnull=True, process_id__isnull=True)
                | models.Q(process_type__isnull=False, process_id__isnull=False),
                name="instance_process_whole",
            ),
        ]
        indexes = [models.Index(fields=["process_type", "process_id"], name="instance_process")]
        ordering = ["starts_on", "pk"]
        verbose_name = _("instancia participativa")
        verbose_name_plural = _("instancias participativas")

    def __str__(self) -> str:
        return self.title


class Outcome(models.Model):
    """What became of one or more contributions (duplicates grouped): a decision on one
    or more instrument sections, with its justification and later progress."""

    class Decision(models.TextChoices):
        INCORPORATED = "incorporada", _("Incorporada")
        PARTIAL = "parcial", _("Incorporada parcialmente")
        NOT_INCORPORATED = "no_incorporada", _("No incorporada")
        UNDER_STUDY = "en_estudio", _("En estudio")

    decision = models.CharField(_("decisión"), max_length=16, choices=Decision)
    justification = models.TextField(_("justificación"))
    sections = models.ManyToManyField(
        InstrumentSection, verbose_name=_("secciones"), related_name="outcomes"
    )
    progress = models.PositiveSmallIntegerField(_("avance (%)"), default=0)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decidido por"),
        on_delete=models.PROTECT,
        related_name="planning_outcomes",
    )
    decided_at = models.DateTimeField(_("decidido el"), default=timezone.now)
    updated_at = models.DateTimeField(_("actualizado el"), default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="outcome_progress_at_most_100"
            )
        ]
        ordering = ["-decided_at", "-pk"]
        verbose_name = _("destino de un aporte")
        verbose_name_plural = _("destinos de aportes")

    def __str__(self) -> str:
        return f"{self.get_decision_display()} ({self.progress} %)"

    def get_absolute_url(self) -> str:
        return reverse("planning:outcome", args=[self.pk])


class OutcomeLink(models.Model):
    """A contribution (any registered type, through contenttypes) and its outcome: a
    contribution has one fate (a constraint)."""

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="links")
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    linked_at = models.DateTimeField(_("vinculado el"), default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="one_outcome_per_contribution"
            )
        ]
        indexes = [models.Index(fields=["outcome", "content_type"], name="outcome_link_kind")]
        verbose_name = _("aporte con destino")
        verbose_name_plural = _("aportes con destino")

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id} → {self.outcome_id}"


class OutcomeUpdate(models.Model):
    """The history of an outcome (append-only): its first decision, each change of
    decision and each dated progress report."""

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="updates")
    decision = models.CharField(_("decisión"), max_length=16, choices=Outcome.Decision)
    progress = models.PositiveSmallIntegerField(_("avance (%)"))
    note = models.TextField(_("nota"), blank=True)
    on = models.DateField(_("fecha"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="outcome_update_progress_at_most_100"
            )
        ]
        ordering = ["outcome", "on", "pk"]
        verbose_name = _("avance de un destino")
        verbose_name_plural = _("avances de destinos")

    def __str__(self) -> str:
        return f"{self.outcome_id} {self.on} {self.progress} %"


class Devolution(models.Model):
    """The published devolución of a space (a consultation): one per space."""

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    introduction = models.TextField(_("introducción"), blank=True)
    published_at = models.DateTimeField(_("publicada el"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("publicada por"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="one_devolution_per_space"
            )
        ]
        verbose_name = _("devolución")
        verbose_name_plural = _("devoluciones")

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id}"


# The indicators' precomputed figures live beside their code; imported here so that they
# are planning's models (migrations, admin).
from planning.indicators.models import ParticipationCell, ParticipationPeriod  # noqa: E402, F401
