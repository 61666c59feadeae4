"""Processes that ask residents: consultations with phases, proposals and supports, and
official answers. A consultation may own a survey (``surveys``)."""

import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import GenericTaggedItemBase, TagBase

from accounts.geo import point_label
from accounts.territory import comuna_label, comuna_name, region_comuna_cuts
from common.text import spanish_key, spanish_sorted
from deliberation.fields import SanitizedHTMLField
from deliberation.models import Contribution
from surveys.models import Survey


class Topic(TagBase):
    """A topic from the list administrators keep (the Django admin): consultations and
    proposals choose among the active ones; nobody types new ones. ``name`` (Spanish) is what
    open data publishes; pages show ``label``, the name in the page's language."""

    name_en = models.CharField(_("nombre en inglés"), max_length=100)
    is_active = models.BooleanField(
        _("activo"),
        default=True,
        help_text=_(
            "Solo los temas activos se ofrecen al crear o editar una consulta. Desactivar un "
            "tema no lo quita de las consultas y propuestas que ya lo tienen."
        ),
    )

    class Meta:
        verbose_name = _("tema")
        verbose_name_plural = _("temas")

    @property
    def label(self) -> str:
        """Its name in the active language: English on English pages, else Spanish."""
        language = get_language() or ""
        if language.startswith("en") and self.name_en:
            return self.name_en
        return self.name


class TaggedTopic(GenericTaggedItemBase):
    """A topic on a consultation or a proposal (taggit's generic through model)."""

    tag = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="tagged_items")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "tag"], name="one_topic_per_object"
            )
        ]
        verbose_name = _("tema asignado")
        verbose_name_plural = _("temas asignados")


def by_name(topics: Iterable[Topic]) -> list[Topic]:
    """Topics in Spanish order of their name in the page's language ("Agua", "Áreas verdes",
    "Ruralidad"; ñ after n), not in the order they were chosen. No query."""
    return spanish_sorted(topics, key=lambda topic: topic.label)


class Consultation(models.Model):
    """A participatory process with dated phases, on a territory and some topics."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Borrador")
        PUBLISHED = "published", _("Publicada")

    class Residency(models.TextChoices):
        """Who may take part: proposals, supports, comments and survey answers
        (``rules.participation_refusal``). The territory is its comunas, or the region."""

        ANYONE = "anyone", _("Cualquier persona con cuenta")
        DECLARED = "declared", _("Quienes declaran en su perfil vivir en su territorio")
        VERIFIED = "verified", _("Residentes verificados de su territorio")

    title = models.CharField(_("título"), max_length=200)
    slug = models.SlugField(_("identificador"), max_length=80, unique=True)
    summary = models.CharField(_("resumen"), max_length=300)
    # As typed (Markdown subset) and as shown (deliberation.markup.render_markdown).
    body_source = models.TextField(_("descripción escrita"), blank=True)
    body = SanitizedHTMLField(_("descripción"), blank=True)
    image = models.ImageField(_("imagen"), upload_to="consultas/", blank=True)
    image_alt = models.CharField(_("texto alternativo de la imagen"), max_length=200, blank=True)
    status = models.CharField(_("estado"), max_length=10, choices=Status, default=Status.DRAFT)
    whole_region = models.BooleanField(_("toda la región"), default=True)
    comunas = models.ManyToManyField(
        "accounts.Comuna", verbose_name=_("comunas"), blank=True, related_name="consultations"
    )
    topics = TaggableManager(_("temas"), through=TaggedTopic, blank=True)
    planning_instrument = models.ForeignKey(
        "planning.PlanningInstrument",
        verbose_name=_("instrumento de planificación que informa"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
    )
    residency_rule = models.CharField(
        _("quién puede participar"),
        max_length=10,
        choices=Residency,
        default=Residency.ANYONE,
        help_text=_(
            "Las comunas de la consulta (o la región, si es para toda la región) son su territorio."
        ),
    )
    edit_window_minutes = models.PositiveIntegerField(
        _("minutos para editar una propuesta"), default=60
    )
    premoderated = models.BooleanField(
        _("revisión previa"),
        default=False,
        help_text=_(
            "Las propuestas y los comentarios nuevos esperan la aprobación de moderación "
            "antes de publicarse (quien los escribió los ve «en revisión»)."
        ),
    )
    support_limit = models.PositiveIntegerField(
        _("máximo de apoyos por persona"),
        null=True,
        blank=True,
        help_text=_("Vacío: sin límite."),
    )
    support_threshold = models.PositiveIntegerField(
        _("apoyos para pasar a evaluación"),
        null=True,
        blank=True,
        help_text=_(
            "Al alcanzarlo, la propuesta pasa a «en evaluación» y se avisa a la división a cargo."
        ),
    )
    division = models.ForeignKey(
        "accounts.Division",
        verbose_name=_("división responsable"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
    )
    created_at = models.DateTimeField(_("creada el"), default=timezone.now)
    # PostgreSQL full-text search (Spanish); kept up to date by actions, unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    # Its survey, if any (at most one: ``one_survey_per_owner``). Read it with ``survey``;
    # the relation also lets queries filter surveys by their consultation.
    surveys = GenericRelation("surveys.Survey", related_query_name="consultation")

    class Meta:
        indexes = [GinIndex(fields=["search_vector"], name="consultation_search")]
        ordering = ["-created_at"]
        verbose_name = _("consulta")
        verbose_name_plural = _("consultas")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultations:detail", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def requires_verified_resident(self) -> bool:
        return self.residency_rule == self.Residency.VERIFIED

    @cached_property
    def territory_cuts(self) -> frozenset[str]:
        """The CUT codes of its comunas, or of the deployment region's when it covers the
        whole region. From the ``comunas`` prefetch when there is one, else one query
        (kept for the instance's life)."""
        if self.whole_region:
            return region_comuna_cuts(settings.CABILDO_REGION_CODE)
        return frozenset(comuna.cut for comuna in self.comunas.all())

    @property
    def territory_names(self) -> list[str]:
        """Its comunas' names in Spanish order (empty for the whole region). No query
        beyond ``territory_cuts``."""
        if self.whole_region:
            return []
        return sorted((comuna_name(cut) for cut in self.territory_cuts), key=spanish_key)

    @property
    def topics_by_name(self) -> list[Topic]:
        """Its topics sorted by name (``by_name``), from the prefetch when there is one."""
        return by_name(self.topics.all())

    @cached_property
    def survey(self) -> "Survey | None":
        """Its survey, or None: from ``prefetch_related("surveys")`` when there is one, else
        one query. The owner is set on it, so its pages need no query to name it."""
        survey = next(iter(self.surveys.all()), None)
        if survey is not None:
            survey.owner = self
        return survey

    def phase(self, kind: str) -> "Phase | None":
        """The phase of ``kind``, from ``phases`` (prefetch them to avoid a query each)."""
        return next((phase for phase in self.phases.all() if phase.kind == kind), None)

    def active_phases(self, now: datetime | None = None) -> list["Phase"]:
        now = now or timezone.now()
        return [phase for phase in self.phases.all() if phase.is_active(now)]

    def is_in_phase(self, kind: str, now: datetime | None = None) -> bool:
        phase = self.phase(kind)
        return phase is not None and phase.is_active(now)

    @property
    def is_open_for_proposals(self) -> bool:
        return self.is_published and self.is_in_phase(Phase.Kind.PROPOSALS)

    @property
    def is_open_for_supports(self) -> bool:
        return self.is_published and self.is_in_phase(Phase.Kind.SUPPORTS)


class Phase(models.Model):
    """A dated phase of a consultation. Phases may overlap (supports during proposals)."""

    class Kind(models.TextChoices):
        INFORMATION = "information", _("Información")
        PROPOSALS = "proposals", _("Propuestas")
        SUPPORTS = "supports", _("Apoyos")
        DELIBERATION = "deliberation", _("Deliberación")
        RESULTS = "results", _("Resultados")

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("fase"), max_length=12, choices=Kind)
    starts_at = models.DateTimeField(_("comienza"))
    ends_at = models.DateTimeField(_("termina"), null=True, blank=True)
    closed_at = models.DateTimeField(
        _("cerrada anticipadamente el"),
        null=True,
        blank=True,
        help_text=_("La división a cargo puede cerrar una fase antes de su término."),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["consultation", "kind"], name="one_phase_per_kind"),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="phase_ends_after_start",
            ),
        ]
        ordering = ["starts_at"]
        verbose_name = _("fase")
        verbose_name_plural = _("fases")

    def __str__(self) -> str:
        return f"{self.consultation} · {self.get_kind_display()}"

    @property
    def effective_end(self) -> datetime | None:
        """When the phase stops: its end date, or earlier if an official closed it."""
        ends = [moment for moment in (self.ends_at, self.closed_at) if moment is not None]
        return min(ends) if ends else None

    def is_active(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        end = self.effective_end
        return self.starts_at <= now and (end is None or now < end)

    def is_upcoming(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) < self.starts_at

    def is_over(self, now: datetime | None = None) -> bool:
        end = self.effective_end
        return end is not None and end <= (now or timezone.now())

    @property
    def was_closed_early(self) -> bool:
        return self.closed_at is not None and (
            self.ends_at is None or self.closed_at < self.ends_at
        )


def random_shuffle_key() -> int:
    """A proposal's place in the shared random order ("al azar"), drawn once."""
    return secrets.randbelow(2**31)


class Proposal(Contribution):
    """A resident's idea in a consultation; others support it, officials answer it."""

    class State(models.TextChoices):
        RECEIVED = "received", _("Recibida")
        EVALUATING = "evaluating", _("En evaluación")
        ACCEPTED = "accepted", _("Aceptada")
        REJECTED = "rejected", _("Rechazada")

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="proposals"
    )
    title = models.CharField(_("título"), max_length=150)
    topics = TaggableManager(_("temas"), through=TaggedTopic, blank=True)
    comuna = models.ForeignKey(
        "accounts.Comuna",
        verbose_name=_("comuna"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
    )
    latitude = models.FloatField(_("latitud"), null=True, blank=True)
    longitude = models.FloatField(_("longitud"), null=True, blank=True)
    state = models.CharField(_("estado"), max_length=10, choices=State, default=State.RECEIVED)
    support_count = models.PositiveIntegerField(_("apoyos"), default=0)
    # When the support threshold was first reached: the officials hear of it only then,
    # even if withdrawn supports take the proposal back below it and it is reached again.
    threshold_reached_at = models.DateTimeField(
        _("alcanzó el umbral de apoyos el"), null=True, blank=True, editable=False
    )
    comment_count = models.PositiveIntegerField(_("comentarios"), default=0)
    # "Al azar" walks the proposals in this order from a point chosen per visitor: random,
    # stable for the visit, and read from an index a page at a time.
    shuffle_key = models.PositiveIntegerField(default=random_shuffle_key, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (
                    Q(latitude__gte=-90, latitude__lte=90)
                    & Q(longitude__gte=-180, longitude__lte=180)
                ),
                name="proposal_point_complete_and_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["consultation", "-created_at", "-id"], name="proposal_recent"),
            models.Index(
                fields=["consultation", "-support_count", "-id"], name="proposal_supported"
            ),
            models.Index(
                fields=["consultation", "-comment_count", "-id"], name="proposal_commented"
            ),
            models.Index(
                fields=["consultation", "-created_at", "-id"],
                condition=Q(latitude__isnull=False),
                name="proposal_located",
            ),
            # The random order, a page at a time; counting a list reads it too (index-only
            # scans on PostgreSQL).
            models.Index(
                fields=["consultation", "moderation_status", "shuffle_key", "id"],
                name="proposal_shuffle",
            ),
            GinIndex(fields=["search_vector"], name="proposal_search"),
        ]
        verbose_name = _("propuesta")
        verbose_name_plural = _("propuestas")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultations:proposal", args=[self.consultation.slug, self.pk])

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def place_label(self) -> str:
        """Where it applies, as residents read it: "Quilpué (Valparaíso)", its comuna's,
        else its point's (official boundaries, no query), or ""."""
        if self.comuna_id:
            return comuna_label(self.comuna_id)
        if self.has_point:
            return point_label(self.latitude, self.longitude)  # type: ignore[arg-type]
        return ""

    @property
    def topics_by_name(self) -> list[Topic]:
        """Its topics sorted by name (``by_name``), from the prefetch when there is one."""
        return by_name(self.topics.all())

    @property
    def edit_deadline(self) -> datetime:
        """Until when the author may edit (the consultation's window, from creation)."""
        return self.created_at + timedelta(minutes=self.consultation.edit_window_minutes)

    @property
    def is_answered(self) -> bool:
        return self.state != self.State.RECEIVED

    @property
    def has_published_answer(self) -> bool:
        """Whether its official answer is public (supports are then closed). Reads the
        answer row: select it with the proposal (``select_related("answer")``) where
        many are shown."""
        try:
            return self.answer.is_published
        except ProposalAnswer.DoesNotExist:
            return False


class Support(models.Model):
    """One person's support for one proposal (a database constraint keeps it single)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supports"
    )
    # Denormalised so the per-person limit counts with one indexed query.
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="supports"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="one_support_per_person"),
        ]
        indexes = [models.Index(fields=["consultation", "user"], name="support_per_person")]
        verbose_name = _("apoyo")
        verbose_name_plural = _("apoyos")

    def __str__(self) -> str:
        return f"{self.user_id} → {self.proposal_id}"


class ProposalAnswer(models.Model):
    """An official's answer to a proposal; drafts are published later, all together."""

    proposal = models.OneToOneField(Proposal, on_delete=models.CASCADE, related_name="answer")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="proposal_answers"
    )
    division = models.ForeignKey(
        "accounts.Division", on_delete=models.PROTECT, related_name="proposal_answers"
    )
    state = models.CharField(_("nuevo estado"), max_length=10, choices=Proposal.State)
    # As typed (Markdown subset) and as shown (deliberation.markup.render_markdown).
    body_source = models.TextField(_("respuesta pública escrita"), blank=True)
    body = SanitizedHTMLField(_("respuesta pública"), blank=True)
    estimated_cost = models.PositiveBigIntegerField(
        _("costo estimado (CLP)"), null=True, blank=True
    )
    execution_period = models.CharField(_("plazo de ejecución"), max_length=100, blank=True)
    is_published = models.BooleanField(_("publicada"), default=False)
    published_at = models.DateTimeField(_("publicada el"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="received"), name="answer_moves_the_proposal"
            ),
            # A rejection is always explained in public.
            models.CheckConstraint(
                condition=~Q(state="rejected") | ~Q(body=""), name="rejection_has_a_reason"
            ),
        ]
        verbose_name = _("respuesta oficial")
        verbose_name_plural = _("respuestas oficiales")

    def __str__(self) -> str:
        return f"{self.proposal} · {self.get_state_display()}"

    @property
    def estimated_cost_clp(self) -> str:
        """The cost as Chileans write pesos, "$1.500.000", whatever the page's language."""
        if self.estimated_cost is None:
            return ""
        return "$" + f"{self.estimated_cost:,}".replace(",", ".")


class ParticipationSnapshot(models.Model):
    """A consultation's participation figures as frozen when participation closed.

    Breakdowns of people by comuna, gender and age range are published only once
    participation closes, and must never move afterwards: two readings that differ (after
    a profile edit, say) would tell one person's attributes apart. The raw aggregates are
    computed once, by the first reader after the close, and kept here (the cache keeps a
    copy); losing the cache changes nothing published. ``closed_at`` is the closing
    moment they were frozen for: an official who reopens participation gets new figures at
    the new close.
    """

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="participation_snapshots"
    )
    closed_at = models.DateTimeField(_("participación cerrada el"))
    # {"responses": n, "groups": [{"comuna_id", "gender", "age_range", "count"}, ...]}
    figures = models.JSONField(_("cifras"))
    computed_at = models.DateTimeField(_("calculadas el"), default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "closed_at"], name="one_snapshot_per_close"
            )
        ]
        verbose_name = _("cifras finales de participación")
        verbose_name_plural = _("cifras finales de participación")

    def __str__(self) -> str:
        return f"{self.consultation_id} @ {self.closed_at:%Y-%m-%d %H:%M}"
