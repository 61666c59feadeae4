"""The conversation engine's rows, and the contribution base every app builds on."""

from functools import cache
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.urls import get_script_prefix, reverse
from django.utils import dates, timezone, translation
from django.utils.translation import gettext_lazy as _

from deliberation.fields import SanitizedHTMLField
from deliberation.registry import policy_for
from deliberation.sanitizer import plain_text


class ContributionQuerySet(models.QuerySet):
    def visible(self) -> "ContributionQuerySet":
        """What anyone may see (``Contribution.VISIBLE_STATUSES``)."""
        return self.filter(moderation_status__in=Contribution.VISIBLE_STATUSES)

    def published(self) -> "ContributionQuerySet":
        return self.filter(moderation_status=Contribution.ModerationStatus.PUBLISHED)


class Contribution(models.Model):
    """What a person writes in any space: a proposal, a comment, a question, a post.

    Concrete models add their own fields and constraints. Moderation reports and outcomes
    point at contributions through contenttypes, so every kind is hidden, restored and
    traced the same way. The body is sanitised on the way in by its field. Nothing is
    deleted: hiding and withdrawing change ``moderation_status``; deleting an account
    leaves the author row as a tombstone ("Participante eliminado").
    """

    class ModerationStatus(models.TextChoices):
        PENDING = "pending", _("Pendiente de revisión")
        PUBLISHED = "published", _("Publicado")
        HIDDEN = "hidden", _("Oculto por moderación")
        WITHDRAWN = "withdrawn", _("Retirado por quien lo publicó")

    # What anyone may see: published, and withdrawn (shown marked as withdrawn). The one
    # definition of "visible": querysets, rows, access rules and open data all use it.
    VISIBLE_STATUSES = (ModerationStatus.PUBLISHED, ModerationStatus.WITHDRAWN)

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("autor"),
        on_delete=models.PROTECT,
        related_name="%(app_label)s_%(class)s_set",
    )
    # On whose behalf it was written: the author's division when they wrote it as an
    # official (``accounts.roles.division_spoken_for``), else None. Set once by the create
    # action and kept through edits, role changes and account deletion (a division is not
    # personal data): the badge tells who spoke then, not what the author is now. PROTECT:
    # a division that spoke in public cannot be deleted from under its words.
    speaks_for = models.ForeignKey(
        "accounts.Division",
        verbose_name=_("a nombre de la división"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # What the person typed (the Markdown subset, shown back in edit forms) and the HTML
    # readers see, made from it by ``markup.render_markdown``: actions set both.
    body_source = models.TextField(_("texto escrito"), blank=True)
    body = SanitizedHTMLField(_("texto"))
    moderation_status = models.CharField(
        _("estado de moderación"),
        max_length=10,
        choices=ModerationStatus,
        default=ModerationStatus.PUBLISHED,
        db_index=True,
    )
    moderation_reason = models.TextField(
        _("motivo público de moderación"),
        blank=True,
        help_text=_("Se muestra en lugar del texto cuando un aporte se oculta."),
    )
    created_at = models.DateTimeField(_("creado el"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("actualizado el"), auto_now=True)
    edited_at = models.DateTimeField(_("editado el"), null=True, blank=True)

    objects = ContributionQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def author_name(self) -> str:
        """The public name, or "Participante eliminado" for a deleted account."""
        return self.author.public_name

    @property
    def is_visible(self) -> bool:
        return self.moderation_status in self.VISIBLE_STATUSES

    @property
    def is_hidden(self) -> bool:
        return self.moderation_status == self.ModerationStatus.HIDDEN

    @property
    def is_withdrawn(self) -> bool:
        return self.moderation_status == self.ModerationStatus.WITHDRAWN

    @property
    def was_edited(self) -> bool:
        return self.edited_at is not None


class Discussion(models.Model):
    """The conversation attached to one commentable object (its owner).

    Who may read and write is decided by the owner's registration in
    ``deliberation.registry`` (a hidden proposal hides its discussion too). The owner's
    create action makes it, with ``actions.create_discussion(owner)``; its live room is
    ``/ws/discussions/<id>/`` (``rooms``).
    """

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("content_type", "object_id")
    uses_alignment = models.BooleanField(
        _("pide postura"),
        default=False,
        help_text=_("Cada comentario puede decir si está a favor, en contra o es neutral."),
    )
    is_closed = models.BooleanField(_("cerrada a nuevos comentarios"), default=False)
    is_premoderated = models.BooleanField(
        _("revisión previa"),
        default=False,
        help_text=_(
            "Los comentarios nuevos esperan la aprobación de moderación antes de publicarse."
        ),
    )
    # Published comments not deleted by their author (hidden ones do not count).
    comment_count = models.PositiveIntegerField(_("comentarios"), default=0)
    created_at = models.DateTimeField(_("creada el"), default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="one_discussion_per_owner"
            )
        ]
        verbose_name = _("conversación")
        verbose_name_plural = _("conversaciones")

    def __str__(self) -> str:
        return f"{self.content_type.model} #{self.object_id}"

    def get_absolute_url(self) -> str:
        return reverse("deliberation:discussion", args=[self.pk])

    def page_url(self, owner: Any = None) -> str:
        """Where the discussion is shown: the owner's page if it embeds the block, else
        the standalone page. Pass ``owner`` when it is loaded (else one query)."""
        owner = owner if owner is not None else self.owner
        policy = policy_for(owner)
        if policy.discussion_url is not None:
            return policy.discussion_url(owner)
        return self.get_absolute_url()


@cache
def _month_abbreviation(language: str | None, month: int) -> str:
    # English capitalises month names ("Nov"); Spanish does not ("nov").
    name = str(dates.MONTHS_3[month])
    return name.title() if (language or "").startswith("en") else name


_comment_prefixes: dict[str, str] = {}


def _comment_url_prefix(script_prefix: str) -> str:
    prefix = _comment_prefixes.get(script_prefix)
    if prefix is None:
        prefix = reverse("deliberation:comment_permalink", args=[1]).removesuffix("1/")
        _comment_prefixes[script_prefix] = prefix
    return prefix


class Comment(Contribution):
    """A comment in a discussion; replies nest up to three levels (depth 0, 1, 2).

    ``root`` is the top-level comment of the thread, so a batch of threads loads its
    replies with one query. ``reply_count`` counts every reply beneath the comment (for a
    top-level comment: its whole thread), which is what "most discussed" sorts by.
    Deleting by the author sets ``deleted_at`` (and withdraws a published comment): the row
    stays, shown as a placeholder so replies keep their context.
    """

    MAX_DEPTH = 2

    class Alignment(models.TextChoices):
        IN_FAVOUR = "favor", _("A favor")
        AGAINST = "contra", _("En contra")
        NEUTRAL = "neutral", _("Neutral")

    discussion = models.ForeignKey(Discussion, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replies"
    )
    root = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="descendants"
    )
    depth = models.PositiveSmallIntegerField(default=0)
    alignment = models.CharField(_("postura"), max_length=7, choices=Alignment, blank=True)
    upvotes = models.PositiveIntegerField(default=0)
    downvotes = models.PositiveIntegerField(default=0)
    score = models.GeneratedField(
        expression=models.F("upvotes") - models.F("downvotes"),
        output_field=models.IntegerField(),
        db_persist=True,
    )
    reply_count = models.PositiveIntegerField(default=0)
    deleted_at = models.DateTimeField(_("borrado por quien lo escribió el"), null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(depth__lte=2), name="comment_depth_at_most_2"
            ),
            models.CheckConstraint(
                condition=models.Q(depth=0, parent__isnull=True, root__isnull=True)
                | models.Q(depth__gt=0, parent__isnull=False, root__isnull=False),
                name="comment_reply_has_parent_and_root",
            ),
        ]
        indexes = [
            # Replies of a batch of threads, in reading order.
            models.Index(fields=["root", "created_at", "id"], name="comment_thread"),
            # One index per sort of top-level comments (cursor pagination reads them).
            models.Index(
                fields=["discussion", "-created_at", "-id"],
                condition=models.Q(depth=0),
                name="comment_recent",
            ),
            models.Index(
                fields=["discussion", "-score", "-id"],
                condition=models.Q(depth=0),
                name="comment_best",
            ),
            models.Index(
                fields=["discussion", "-reply_count", "-id"],
                condition=models.Q(depth=0),
                name="comment_discussed",
            ),
            models.Index(
                fields=["discussion", "alignment", "-created_at", "-id"],
                condition=models.Q(depth=0),
                name="comment_aligned",
            ),
        ]
        ordering = ["created_at", "pk"]
        verbose_name = _("comentario")
        verbose_name_plural = _("comentarios")

    def __str__(self) -> str:
        return f"{self.author_name}: {self.body[:40]}"

    def get_absolute_url(self) -> str:
        # Pages render hundreds of comments, each with several links built on this one:
        # reverse() once per script prefix, not once per link.
        return f"{_comment_url_prefix(get_script_prefix())}{self.pk}/"

    def page_url(self, owner: Any = None) -> str:
        """The page that opens the thread at this comment (where permalinks redirect)."""
        base = self.discussion.page_url(owner)
        return f"{base}?comentario={self.pk}#comentario-{self.pk}"

    def excerpt(self, length: int = 280) -> str:
        """The text as plain text, cut at ``length`` characters (notifications, titles)."""
        text = plain_text(self.body)
        return text if len(text) <= length else text[: length - 1].rstrip() + "…"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def left_thread(self) -> bool:
        """Deleted by its author before anyone replied: it leaves the thread, without the
        placeholder that keeps a replied comment's place (queries skip it too)."""
        return self.deleted_at is not None and self.reply_count == 0

    @property
    def created_label(self) -> str:
        """ "25 nov 2026, 14:05" in local time: the ``date`` filter, at a fraction of the
        cost (a batch shows up to 80 comments)."""
        moment = timezone.localtime(self.created_at)
        month = _month_abbreviation(translation.get_language(), moment.month)
        return f"{moment.day} {month} {moment.year}, {moment:%H:%M}"

    @property
    def shows_body(self) -> bool:
        """Whether the text may be shown: never for deleted, hidden or pending comments."""
        return (
            self.deleted_at is None
            and self.moderation_status == Contribution.ModerationStatus.PUBLISHED
        )

    @property
    def counts_as_visible(self) -> bool:
        """Whether the comment counts in ``Discussion.comment_count``."""
        return self.shows_body

    @property
    def can_have_replies(self) -> bool:
        return self.depth < self.MAX_DEPTH


class CommentRevision(models.Model):
    """An earlier text of an edited comment (kept for moderation and transparency)."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="revisions")
    body_source = models.TextField(_("texto anterior escrito"), blank=True)
    body = SanitizedHTMLField(_("texto anterior"))
    created_at = models.DateTimeField(_("reemplazado el"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("versión anterior")
        verbose_name_plural = _("versiones anteriores")

    def __str__(self) -> str:
        return f"{self.comment_id} @ {self.created_at:%Y-%m-%d %H:%M}"


class CommentVote(models.Model):
    """One person's up or down vote on a comment; the counters live on ``Comment``."""

    class Value(models.IntegerChoices):
        UP = 1, _("A favor")
        DOWN = -1, _("En contra")

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_votes"
    )
    value = models.SmallIntegerField(choices=Value)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "voter"], name="one_vote_per_comment"),
            models.CheckConstraint(
                condition=models.Q(value__in=[1, -1]), name="comment_vote_up_or_down"
            ),
        ]
        verbose_name = _("voto de comentario")
        verbose_name_plural = _("votos de comentarios")

    def __str__(self) -> str:
        return f"{self.voter_id} {self.value:+d} #{self.comment_id}"


class RoomEvent(models.Model):
    """One change in a live room (any object: a discussion, later a COSOC session), in order.

    Its id is what live clients resume from. It stores no text: ``kind`` names what
    changed and how (``comment.created``), ``subject_id`` which row of that kind (the
    room type knows the model), and catch-up renders the row as it is now, so content
    hidden after the event never leaks through a replay. Written inside the writing
    action's transaction by ``rooms.record_event``.
    """

    id = models.BigAutoField(primary_key=True)
    room_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, related_name="+"
    )
    room_id = models.PositiveBigIntegerField()
    room = GenericForeignKey("room_type", "room_id")
    kind = models.CharField(max_length=40)
    subject_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["room_type", "room_id", "id"], name="room_event_resume")]
        verbose_name = _("evento en vivo")
        verbose_name_plural = _("eventos en vivo")

    def __str__(self) -> str:
        return f"{self.pk} {self.kind}"


class ReportReason(models.TextChoices):
    """Why a contribution is reported, and the category of a moderator's decision."""

    SPAM = "spam", _("Spam o publicidad")
    OFFENSIVE = "ofensivo", _("Ofensivo o discriminatorio")
    OFF_TOPIC = "fuera_de_tema", _("Fuera de tema")
    PERSONAL_DATA = "datos_personales", _("Expone datos personales")
    OTHER = "otro", _("Otro motivo")


class ModerationDecision(models.Model):
    """One moderation decision on a contribution of any registered type (the audit trail
    and the public log's rows).

    Nothing is deleted: the contribution keeps its row and text, and this keeps who
    decided (nobody for a hide by reports), when, why (a category and the public reason)
    and what the contribution was before (restoring returns it there: a withdrawn
    proposal stays withdrawn). Written by the moderation actions in ``actions``.
    """

    class Action(models.TextChoices):
        HIDE = "hide", _("Ocultado")
        AUTO_HIDE = "autohide", _("Ocultado por reportes, en espera de revisión")
        RESTORE = "restore", _("Restaurado")
        DISMISS = "dismiss", _("Reportes descartados")
        ASK_EDIT = "ask_edit", _("Se pidió a su autor editarlo")
        APPROVE = "approve", _("Aprobado en revisión previa")
        UPHOLD = "uphold", _("Apelación rechazada: sigue oculto")
        OVERTURN = "overturn", _("Apelación acogida: restaurado")

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    contribution = GenericForeignKey("content_type", "object_id")
    action = models.CharField(_("decisión"), max_length=8, choices=Action)
    # None: decided by the reports themselves (``AUTO_HIDE``).
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("persona moderadora"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="moderation_decisions",
    )
    category = models.CharField(_("motivo"), max_length=16, blank=True, choices=ReportReason)
    reason = models.TextField(_("motivo público"), blank=True)
    status_before = models.CharField(
        _("estado anterior"), max_length=10, choices=Contribution.ModerationStatus
    )
    created_at = models.DateTimeField(_("decidido el"), default=timezone.now, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["content_type", "object_id", "-id"], name="moderation_of")]
        verbose_name = _("decisión de moderación")
        verbose_name_plural = _("decisiones de moderación")

    def __str__(self) -> str:
        return f"{self.action} {self.content_type_id}:{self.object_id}"


class Report(models.Model):
    """A person reports a contribution, once, with a reason. Open reports (not dismissed)
    count towards hiding it pending review (``settings.CABILDO_REPORTS_TO_HIDE``)."""

    Reason = ReportReason

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    contribution = GenericForeignKey("content_type", "object_id")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("quien reporta"),
        on_delete=models.PROTECT,
        related_name="reports_made",
    )
    reason = models.CharField(_("motivo"), max_length=16, choices=Reason)
    details = models.TextField(_("detalles"), blank=True)
    created_at = models.DateTimeField(_("reportado el"), default=timezone.now)
    # Set when a moderator restores or keeps the contribution: the report stops counting.
    dismissed_at = models.DateTimeField(_("descartado el"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "reporter"], name="one_report_per_person"
            )
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id", "reason"], name="report_of"),
        ]
        verbose_name = _("reporte")
        verbose_name_plural = _("reportes")

    def __str__(self) -> str:
        return f"{self.reason} {self.content_type_id}:{self.object_id}"


class ModerationCase(models.Model):
    """A contribution in the moderators' queue: one row per contribution that was ever
    reported, pre-moderated or appealed, kept up to date by the moderation actions so the
    queue reads one indexed table whatever its size."""

    class State(models.TextChoices):
        REPORTED = "reported", _("Reportado")
        REVIEW = "review", _("Oculto en espera de revisión")
        PENDING = "pending", _("En revisión previa")
        APPEALED = "appealed", _("Apelación por resolver")
        EDIT_REQUESTED = "edit", _("Esperando edición de su autor")
        CLOSED = "closed", _("Resuelto")

    OPEN_STATES = (State.REPORTED, State.REVIEW, State.PENDING, State.APPEALED)

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    contribution = GenericForeignKey("content_type", "object_id")
    # The contribution type's slug ("comentario") and its space (``registry.Space``), for
    # the queue's filters.
    kind = models.CharField(_("tipo"), max_length=20)
    space_key = models.CharField(_("espacio"), max_length=40, blank=True)
    space_title = models.CharField(_("nombre del espacio"), max_length=300, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("estado"), max_length=8, choices=State)
    open_reports = models.PositiveIntegerField(_("reportes abiertos"), default=0)
    opened_at = models.DateTimeField(_("abierto el"), default=timezone.now)
    updated_at = models.DateTimeField(_("última novedad"), default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="one_case_per_contribution"
            )
        ]
        indexes = [
            models.Index(fields=["state", "-updated_at", "-id"], name="case_queue"),
            models.Index(fields=["space_key", "state", "-updated_at"], name="case_space"),
            models.Index(fields=["kind", "state", "-updated_at"], name="case_kind"),
        ]
        verbose_name = _("caso de moderación")
        verbose_name_plural = _("casos de moderación")

    def __str__(self) -> str:
        return f"{self.kind} #{self.object_id} ({self.state})"

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES


class ModeratorNote(models.Model):
    """A private note between moderators about a contribution (never shown to others)."""

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("nota"))
    created_at = models.DateTimeField(_("escrita el"), default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["content_type", "object_id", "id"], name="note_of")]
        ordering = ["created_at", "id"]
        verbose_name = _("nota de moderación")
        verbose_name_plural = _("notas de moderación")

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id} {self.text[:30]}"


class Appeal(models.Model):
    """The author asks to review a decision that hid their contribution, once per
    contribution; a moderator other than the one who decided resolves it."""

    class Status(models.TextChoices):
        OPEN = "open", _("Por resolver")
        UPHELD = "upheld", _("Rechazada: sigue oculto")
        OVERTURNED = "overturned", _("Acogida: restaurado")

    decision = models.OneToOneField(
        ModerationDecision, on_delete=models.PROTECT, related_name="appeal"
    )
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    contribution = GenericForeignKey("content_type", "object_id")
    appellant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appeals"
    )
    text = models.TextField(_("por qué pides revisarlo"))
    status = models.CharField(_("estado"), max_length=10, choices=Status, default=Status.OPEN)
    created_at = models.DateTimeField(_("apelada el"), default=timezone.now)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    resolution = models.TextField(_("respuesta"), blank=True)
    resolved_at = models.DateTimeField(_("resuelta el"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="one_appeal_per_contribution"
            )
        ]
        verbose_name = _("apelación")
        verbose_name_plural = _("apelaciones")

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id} ({self.status})"


class Block(models.Model):
    """A moderator blocks a person from taking part, for a time (``until``) or for good
    (None), with a reason they are sent. Lifting keeps the row."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("persona"),
        on_delete=models.PROTECT,
        related_name="blocks",
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("motivo"))
    created_at = models.DateTimeField(_("bloqueada el"), default=timezone.now)
    until = models.DateTimeField(_("hasta"), null=True, blank=True)
    lifted_at = models.DateTimeField(_("levantado el"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        indexes = [models.Index(fields=["user", "lifted_at"], name="block_of")]
        verbose_name = _("bloqueo")
        verbose_name_plural = _("bloqueos")

    def __str__(self) -> str:
        return f"{self.user_id} until {self.until or '∞'}"

    def is_active_at(self, moment: Any) -> bool:
        return self.lifted_at is None and (self.until is None or self.until > moment)


class Follow(models.Model):
    """A person follows something (a consultation, a proposal, a discussion, a thread)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"], name="one_follow_per_target"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="follow_target")]
        verbose_name = _("seguimiento")
        verbose_name_plural = _("seguimientos")

    def __str__(self) -> str:
        return f"{self.user_id} → {self.content_type_id}:{self.object_id}"
