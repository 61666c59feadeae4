"""The participation indicators' precomputed figures (imported by ``planning.models``, so
they belong to the planning app).

Counting every act of every participant takes seconds over 100,000 people; the page reads
these rows instead (a few dozen per year). ``planning.indicators.actions.
do_refresh_indicators`` writes them: a closed year once, with its breakdowns, and never
again (``final``: a table of people is published once, common/disclosure.py); the open
year, totals only, at every refresh. The rows keep true counts: what is published
(rounded, small cells withheld) is decided when read, the same way every time.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ParticipationPeriod(models.Model):
    """One calendar year (America/Santiago) of participation, as last computed."""

    year = models.PositiveSmallIntegerField(_("año"), unique=True)
    # The year had ended when it was computed: its figures and breakdowns are published
    # and never computed again.
    final = models.BooleanField(_("cerrado"), default=False)
    computed_at = models.DateTimeField(_("calculado el"))

    class Meta:
        ordering = ["year"]
        verbose_name = _("período de participación")
        verbose_name_plural = _("períodos de participación")

    def __str__(self) -> str:
        return str(self.year)


class ParticipationCell(models.Model):
    """The people, contributions and answered contributions of one period, in one cell:
    the whole year or one month (``month``), and everyone (``TOTAL``) or those with one
    value of a personal attribute (``key``: a comuna's CUT code, a gender, an age range;
    "" for none stated, or a comuna outside the region)."""

    class Dimension(models.TextChoices):
        TOTAL = "total", _("Total")
        COMUNA = "comuna", _("Comuna")
        GENDER = "genero", _("Género")
        AGE_RANGE = "edad", _("Tramo de edad")

    period = models.ForeignKey(ParticipationPeriod, on_delete=models.CASCADE, related_name="cells")
    # 0: the whole year.
    month = models.PositiveSmallIntegerField(_("mes"), default=0)
    dimension = models.CharField(_("dimensión"), max_length=6, choices=Dimension)
    key = models.CharField(_("valor"), max_length=8, blank=True)
    participants = models.PositiveIntegerField(_("personas"))
    contributions = models.PositiveIntegerField(_("aportes"))
    answered = models.PositiveIntegerField(_("aportes respondidos"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["period", "month", "dimension", "key"],
                name="one_participation_cell",
            ),
            models.CheckConstraint(
                condition=models.Q(month__lte=12),
                name="participation_cell_month_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(answered__lte=models.F("contributions")),
                name="participation_cell_answered_within",
            ),
        ]
        ordering = ["period", "dimension", "month", "key"]
        verbose_name = _("cifra de participación")
        verbose_name_plural = _("cifras de participación")

    def __str__(self) -> str:
        return f"{self.period_id} {self.month} {self.dimension}:{self.key}"
