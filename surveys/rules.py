"""Who may answer and build a survey now, and why not: one Spanish sentence per refusal.

Actions raise these sentences; pages, forms and the admin show the same ones, so what a
page offers and what the server accepts never disagree. Reads only.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from common.formats import when
from surveys.models import Survey
from surveys.registry import policy_for

NOT_READY = _("Esta encuesta todavía no está lista: aún no tiene preguntas. Vuelve más tarde.")
NOT_OPEN_YET = _("La encuesta abre el %(date)s. Vuelve entonces para responder.")
CLOSED = _("La encuesta cerró el %(date)s: ya no se pueden enviar ni cambiar respuestas.")
DUPLICATE = _(
    "Ya habías respondido esta encuesta (quizás en otra pestaña o dispositivo), y solo se "
    "guarda una respuesta por persona. Revisa lo que escribiste aquí: si lo envías de "
    "nuevo, reemplazará tu respuesta anterior."
)

# Building a survey: the editor's forms, its actions and the Django admin say the same.
NEEDS_TWO_OPTIONS = _("Esta pregunta necesita al menos dos opciones.")
NO_OPTIONS = _("Las preguntas de escala y de texto no llevan opciones: bórralas.")
KIND_LOCKED = _(
    "Esta pregunta ya tiene respuestas: su tipo no se puede cambiar. Si necesitas otro tipo, "
    "agrega una pregunta nueva."
)
OPTION_CHOSEN = ngettext_lazy(
    "«%(text)s» ya fue elegida %(count)d vez: no se puede quitar, pero puedes corregir su texto.",
    "«%(text)s» ya fue elegida %(count)d veces: no se puede quitar, pero puedes corregir su texto.",
    "count",
)
QUESTION_ANSWERED = _(
    "Esta pregunta ya tiene respuestas: no se puede borrar, porque sus respuestas se "
    "perderían. Puedes corregir su texto o moverla."
)


def answering_refusal(
    user: Any, survey: Survey, *, has_questions: bool | None = None
) -> ValidationError | None:
    """Why ``user`` may not answer ``survey`` now (a Spanish message), or None.

    The one place the rules live: the action enforces them, the page explains them. A
    survey without questions is not offered, even while open (its officials are still
    writing it). ``has_questions``: pass it when the questions are already loaded; else
    one query. Whether the person may take part in the owner at all (signed in,
    published, verified residency) is the owner's policy.
    """
    now = timezone.now()
    if now < survey.opens_at:
        return ValidationError(
            NOT_OPEN_YET, code="not_open_yet", params={"date": when(survey.opens_at)}
        )
    if survey.has_closed(now):
        return ValidationError(CLOSED, code="closed", params={"date": when(survey.closes_at)})
    if has_questions is None:
        has_questions = survey.questions.exists()
    if not has_questions:
        return ValidationError(NOT_READY, code="not_ready")
    reason = policy_for(survey.owner).participation_refusal(user, survey.owner)
    if reason is not None:
        return ValidationError(reason, code="not_allowed")
    return None


def may_edit_survey_of(user: Any, owner: Any) -> bool:
    """Whether ``user`` may build ``owner``'s survey: its policy's editors (for a
    consultation: administrators, or officials of its division, with 2FA)."""
    return bool(policy_for(owner).can_edit(user, owner))
