"""The conversation engine's rows, and the contribution base every app builds on."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from deliberation.fields import SanitizedHTMLField


class ContributionQuerySet(models.QuerySet):
    def visible(self) -> "ContributionQuerySet":
        """What anyone may see: published, and withdrawn (shown marked as withdrawn)."""
        return self.filter(
            moderation_status__in=[
                Contribution.ModerationStatus.PUBLISHED,
                Contribution.ModerationStatus.WITHDRAWN,
            ]
        )

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
        WITHDRAWN = "withdrawn", _("Retirado por su autor")

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("autor"),
        on_delete=models.PROTECT,
        related_name="%(app_label)s_%(class)s_set",
    )
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
        return self.moderation_status in {
            self.ModerationStatus.PUBLISHED,
            self.ModerationStatus.WITHDRAWN,
        }

    @property
    def is_hidden(self) -> bool:
        return self.moderation_status == self.ModerationStatus.HIDDEN

    @property
    def is_withdrawn(self) -> bool:
        return self.moderation_status == self.ModerationStatus.WITHDRAWN

    @property
    def was_edited(self) -> bool:
        return self.edited_at is not None
