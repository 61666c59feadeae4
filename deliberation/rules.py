"""Who may do what in a discussion now, and why not: one Spanish sentence per refusal.

Pages use these to hide a form or a button and say why; the actions call the same
functions and refuse with the same sentence (``ValidationError``), so a rule is stated
once. Each returns None when the person may go ahead. The owner's own rules (a closed
consultation, an unverified resident) come from its ``OwnerPolicy.comment_refusal``.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from deliberation.models import Comment, Discussion
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
    return policy_for(owner).comment_refusal(user, owner)


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
