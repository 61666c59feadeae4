"""Surveys: questionnaires with questions and options, one response per person.

A survey belongs to an owner (a consultation now; a public account, a COSOC session or a
commitment later) through contenttypes and ``surveys.registry``, as discussions do.
"""

from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SurveyQuerySet(models.QuerySet):
    def results_public(self, now: datetime | None = None) -> "SurveyQuerySet":
        """Surveys whose results anyone may read now (``Survey.results_are_public``)."""
        return self.filter(Survey.results_public_condition(now))

    def of(self, owner: models.Model) -> "SurveyQuerySet":
        """The survey of ``owner`` (at most one)."""
        from django.contrib.contenttypes.models import ContentType

        return self.filter(
            content_type=ContentType.objects.get_for_model(owner), object_id=owner.pk
        )


class Survey(models.Model):
    """An owner's questionnaire: one response per person, editable while it is open.

    Results are public once the survey closes; showing them earlier is an explicit choice
    (``results_while_open``), because partial results can sway later answers.
    """

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("content_type", "object_id")
    title = models.CharField(_("título"), max_length=200)
    introduction = models.TextField(_("introducción"), blank=True)
    opens_at = models.DateTimeField(_("abre"))
    closes_at = models.DateTimeField(_("cierra"))
    results_while_open = models.BooleanField(
        _("mostrar resultados mientras está abierta"),
        default=False,
        help_text=_(
            "Si no se marca, los resultados se publican al cerrar la encuesta: ver resultados "
            "parciales puede influir en las respuestas."
        ),
    )

    objects = SurveyQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="one_survey_per_owner"
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="survey_closes_after_opening"
            ),
        ]
        verbose_name = _("encuesta")
        verbose_name_plural = _("encuestas")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.url_for("answer_survey")

    def url_for(self, name: str, pk: int | None = None) -> str:
        """A survey page (a URL name of ``surveys.urls``; ``pk`` for a question's pages),
        routed under its owner's URLs."""
        from surveys.registry import survey_page_url

        return survey_page_url(self.owner, name, pk)

    def is_open(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def is_upcoming(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) < self.opens_at

    def has_closed(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.closes_at

    # Results are public once the survey closes, or while open when the owner chose to
    # show them: the one rule, for a row and for a query.
    def results_are_public(self, now: datetime | None = None) -> bool:
        return self.results_while_open or self.has_closed(now)

    @staticmethod
    def results_public_condition(now: datetime | None = None) -> Q:
        return Q(results_while_open=True) | Q(closes_at__lte=now or timezone.now())


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Una opción")
        MULTIPLE = "multiple", _("Varias opciones")
        SCALE = "scale", _("Escala de 1 a 5")
        RANKING = "ranking", _("Ordenar opciones")
        SHORT_TEXT = "short", _("Texto corto")
        LONG_TEXT = "long", _("Texto largo")

    OPTION_KINDS = frozenset({Kind.SINGLE, Kind.MULTIPLE, Kind.RANKING})
    TEXT_KINDS = frozenset({Kind.SHORT_TEXT, Kind.LONG_TEXT})
    # What the survey editor and the admin change on a question (its options aside).
    EDITED_FIELDS = (
        "kind",
        "text",
        "help_text",
        "is_required",
        "max_choices",
        "scale_min_label",
        "scale_max_label",
    )

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("orden"), default=0)
    kind = models.CharField(_("tipo"), max_length=8, choices=Kind)
    text = models.CharField(_("pregunta"), max_length=300)
    help_text = models.CharField(_("ayuda"), max_length=300, blank=True)
    is_required = models.BooleanField(_("obligatoria"), default=True)
    max_choices = models.PositiveSmallIntegerField(
        _("máximo de opciones"), null=True, blank=True, help_text=_("Solo para varias opciones.")
    )
    scale_min_label = models.CharField(
        _("significado del 1"),
        max_length=60,
        blank=True,
        help_text=_("Solo para escalas. Por ejemplo: «Nada importante»."),
    )
    scale_max_label = models.CharField(
        _("significado del 5"),
        max_length=60,
        blank=True,
        help_text=_("Solo para escalas. Por ejemplo: «Muy importante»."),
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(max_choices__isnull=True) | Q(kind="multiple", max_choices__gte=1),
                name="max_choices_only_for_multiple",
                violation_error_message=_(
                    "El máximo de opciones solo se usa en preguntas de varias opciones, y es "
                    "al menos 1."
                ),
            ),
        ]
        ordering = ["position", "pk"]
        verbose_name = _("pregunta")
        verbose_name_plural = _("preguntas")

    def __str__(self) -> str:
        return self.text

    @property
    def has_options(self) -> bool:
        return self.kind in self.OPTION_KINDS

    @property
    def is_text(self) -> bool:
        return self.kind in self.TEXT_KINDS


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(_("orden"), default=0)
    text = models.CharField(_("opción"), max_length=200)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("opción")
        verbose_name_plural = _("opciones")

    def __str__(self) -> str:
        return self.text


class Response(models.Model):
    """One person's answers to a survey (one per person; editable while it is open)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="survey_responses"
    )
    # Bumped by every edit; the form carries it so a stale tab cannot overwrite silently.
    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "respondent"], name="one_response_per_person")
        ]
        verbose_name = _("respuesta a encuesta")
        verbose_name_plural = _("respuestas a encuestas")

    def __str__(self) -> str:
        return f"{self.survey_id} · {self.respondent_id}"


class Answer(models.Model):
    """One answer to one question: an option (one row per chosen option, with its rank for
    ranking questions), a scale value or a text."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    option = models.ForeignKey(
        Option, on_delete=models.CASCADE, null=True, blank=True, related_name="answers"
    )
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    scale_value = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(scale_value__isnull=True) | Q(scale_value__gte=1, scale_value__lte=5),
                name="scale_between_1_and_5",
            ),
            models.CheckConstraint(
                condition=Q(rank__isnull=True) | Q(rank__gte=1, option__isnull=False),
                name="rank_is_a_place_of_an_option",
            ),
            models.UniqueConstraint(
                fields=["response", "question", "option"],
                condition=Q(option__isnull=False),
                name="one_answer_per_option",
            ),
            models.UniqueConstraint(
                fields=["response", "question"],
                condition=Q(option__isnull=True),
                name="one_value_per_question",
            ),
        ]
        indexes = [
            # Covers the results' GROUP BY (question, option, scale value, rank), so
            # PostgreSQL can tally from the index alone.
            models.Index(fields=["question", "option", "scale_value", "rank"], name="answer_tally"),
            # Open-text answers, listed per question in a stable order.
            models.Index(fields=["question", "id"], condition=~Q(text=""), name="answer_text"),
        ]
        verbose_name = _("respuesta")
        verbose_name_plural = _("respuestas")

    def __str__(self) -> str:
        return f"{self.response_id} · {self.question_id}"
