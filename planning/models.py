"""The government's plan: planning instruments (sections, commitments and outcomes arrive
with the moderation and accountability issues)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class PlanningInstrument(models.Model):
    """A regional planning instrument that participation informs (ERD, PROT, …)."""

    class Kind(models.TextChoices):
        ERD = "erd", _("Estrategia Regional de Desarrollo")
        PROT = "prot", _("Plan Regional de Ordenamiento Territorial")
        POLICY = "policy", _("Política regional")
        INVESTMENT = "investment", _("Plan de inversiones")
        OTHER = "other", _("Otro instrumento")

    name = models.CharField(_("nombre"), max_length=200)
    slug = models.SlugField(_("identificador"), max_length=80, unique=True)
    kind = models.CharField(_("tipo"), max_length=12, choices=Kind)
    description = models.TextField(_("descripción"), blank=True)
    period_start = models.PositiveSmallIntegerField(_("desde el año"), null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(_("hasta el año"), null=True, blank=True)

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
