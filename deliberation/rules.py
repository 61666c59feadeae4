"""Who may do what in a discussion now, and why not: one Spanish sentence per refusal.

Pages use these to hide a form or a button and say why; the actions call the same
functions and refuse with the same sentence (``ValidationError``), so a rule is stated
once. Each returns None when the person may go ahead. The owner's own rules (a closed
consultation, an unverified resident) come from its ``OwnerPolicy.comment_refusal``.
"""

from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from deliberation.models import Block, Comment, Discussion
from deliberation.registry import policy_for

SIGN_IN_TO_TAKE_PART = _("Ingresa a tu cuenta para comentar y votar.")
DISCUSSION_CLOSED = _("Esta conversación está cerrada: ya no recibe comentarios.")
PARENT_GONE = _("El comentario que respondes ya no está disponible.")
TOO_DEEP = _("Las respuestas llegan hasta tres niveles: responde al comentario anterior.")
NOT_EDITABLE = _("Ya no puedes editar este comentario.")
OWN_COMMENT = _("No puedes votar tu propio comentario.")
NOT_VOTABLE = _("Este comentario ya no recibe votos.")


def commenting_refusal(user: Any, discussion: Discussion, owner: Any) -> Any:
    """Why ``user`` (possibly anonymous) may not comment or vote in ``discussion`` now."""
    if not user.is_authenticated:
        return SIGN_IN_TO_TAKE_PART
    if discussion.is_closed:
        return DISCUSSION_CLOSED
    return block_refusal(user) or policy_for(owner).comment_refusal(user, owner)


def replying_refusal(discussion: Discussion, parent: Comment) -> Any:
    """Why nobody may reply to ``parent`` in ``discussion`` (gone, hidden, too deep)."""
    if parent.discussion_id != discussion.pk or not parent.shows_body:
        return PARENT_GONE
    if not parent.can_have_replies:
        return TOO_DEEP
    return None


def editing_refusal(user: Any, comment: Comment) -> Any:
    """Only the author edits, while the comment is neither deleted nor hidden."""
    if not user.is_authenticated or comment.author_id != user.pk or not comment.shows_body:
        return NOT_EDITABLE
    return None


def voting_refusal(user: Any, comment: Comment, owner: Any) -> Any:
    """Whoever may comment votes on others' comments, while their text is shown."""
    refusal = commenting_refusal(user, comment.discussion, owner)
    if refusal is not None:
        return refusal
    if comment.author_id == user.pk:
        return OWN_COMMENT
    if not comment.shows_body:
        return NOT_VOTABLE
    return None


def waiting_time(seconds: int) -> str:
    """A wait as people say it: seconds under a minute and a half, then minutes (rounded
    up) under an hour and a half, then hours (rounded up): never "3412 segundos"."""
    if seconds < 90:
        return ngettext("%(count)d segundo", "%(count)d segundos", seconds) % {"count": seconds}
    minutes = -(-seconds // 60)
    if minutes < 90:
        return ngettext("%(count)d minuto", "%(count)d minutos", minutes) % {"count": minutes}
    hours = -(-seconds // 3600)
    return ngettext("%(count)d hora", "%(count)d horas", hours) % {"count": hours}


def rate_limited(action: str, wait: int) -> str:
    """The refusal of a person who posts, edits or votes too often: wait ``wait`` seconds."""
    if action == "vote":
        message = _("Estás votando muy seguido. Espera %(wait)s y vuelve a intentarlo.")
    elif action == "preview":
        message = _(
            "Estás pidiendo vistas previas muy seguido. Espera %(wait)s y vuelve a "
            "intentarlo: tu texto sigue aquí."
        )
    else:
        message = _(
            "Estás publicando muy seguido. Espera %(wait)s y vuelve a intentarlo: tu texto "
            "sigue aquí."
        )
    return message % {"wait": waiting_time(wait)}


# --- Moderation ------------------------------------------------------------------------

SIGN_IN_TO_REPORT = _("Ingresa a tu cuenta para reportar un aporte.")
OWN_CONTRIBUTION_REPORT = _("No puedes reportar tu propio aporte.")
ALREADY_REPORTED = _(
    "Ya reportaste este aporte. La moderación revisará tu reporte: no hace falta enviarlo otra vez."
)
NOT_REPORTABLE = _("Este aporte ya no está publicado: no hace falta reportarlo.")
OWN_CONTRIBUTION_MODERATION = _(
    "No puedes moderar un aporte tuyo: otra persona del equipo de moderación debe decidir."
)
NOT_APPEALABLE = _("Solo puedes apelar la ocultación de un aporte tuyo mientras siga oculto.")
ALREADY_APPEALED = _(
    "Ya apelaste esta decisión: cada aporte se puede apelar una sola vez. Te avisaremos "
    "cuando se resuelva."
)
OWN_DECISION_APPEAL = _(
    "Tú tomaste la decisión apelada: la apelación debe resolverla otra persona del equipo "
    "de moderación."
)
APPEAL_RESOLVED = _("Esta apelación ya fue resuelta.")
NOT_PENDING = _("Este aporte ya no espera revisión previa.")
BLOCK_SELF = _("No puedes bloquear tu propia cuenta.")


def block_refusal(user: Any, moment: Any = None) -> Any:
    """Why a blocked person may not take part now (write, support, vote, report), with
    the date it ends and the reason they were sent; None when they may. No query unless
    the person is blocked (``User.blocked_until``), then one for the reason."""
    if not user.is_authenticated or user.blocked_until is None:
        return None
    moment = moment or timezone.now()
    if user.blocked_until <= moment:
        return None
    block = (
        Block.objects.filter(user=user, lifted_at__isnull=True)
        .exclude(until__lte=moment)
        .order_by("-id")
        .first()
    )
    if block is None:
        return None
    if block.until is None:
        return _(
            "Tu cuenta está bloqueada de forma indefinida por moderación: no puedes "
            "participar. Motivo: %(reason)s"
        ) % {"reason": block.reason}
    return _(
        "Tu cuenta está bloqueada por moderación hasta el %(until)s: hasta entonces no "
        "puedes participar. Motivo: %(reason)s"
    ) % {
        "until": formats.date_format(timezone.localtime(block.until), "DATETIME_FORMAT"),
        "reason": block.reason,
    }


def reporting_refusal(user: Any, contribution: Any, *, already: bool) -> Any:
    """Why ``user`` may not report ``contribution`` (``already``: they did before)."""
    if not user.is_authenticated:
        return SIGN_IN_TO_REPORT
    if contribution.author_id == user.pk:
        return OWN_CONTRIBUTION_REPORT
    if already:
        return ALREADY_REPORTED
    if contribution.moderation_status != Comment.ModerationStatus.PUBLISHED or getattr(
        contribution, "deleted_at", None
    ):
        return NOT_REPORTABLE
    return block_refusal(user)


def moderating_refusal(moderator: Any, contribution: Any) -> Any:
    """A moderator never decides on their own contribution."""
    if contribution.author_id == moderator.pk:
        return OWN_CONTRIBUTION_MODERATION
    return None


def appealing_refusal(user: Any, contribution: Any, decision: Any, *, already: bool) -> Any:
    """The author of a contribution a moderator hid appeals once, while it is hidden."""
    if already:
        return ALREADY_APPEALED
    if (
        not user.is_authenticated
        or contribution.author_id != user.pk
        or contribution.moderation_status != Comment.ModerationStatus.HIDDEN
        or decision is None
    ):
        return NOT_APPEALABLE
    return None


def resolving_appeal_refusal(moderator: Any, appeal: Any) -> Any:
    """Someone other than the moderator who decided, and not on their own contribution."""
    if appeal.status != appeal.Status.OPEN:
        return APPEAL_RESOLVED
    if appeal.decision.moderator_id == moderator.pk:
        return OWN_DECISION_APPEAL
    if appeal.appellant_id == moderator.pk:
        return OWN_CONTRIBUTION_MODERATION
    return None
