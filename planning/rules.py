"""Who may record outcomes, and the Spanish sentences of refusal that pages and actions
share (``consultations/rules.py`` is the model)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from accounts.roles import Role, can_act_as
from planning.registry import ResolvedContribution

# Roles that decide what became of contributions (with the second factor passed).
CURATING_ROLES = (Role.MODERATOR, Role.OFFICIAL)

MISSING_CONTRIBUTION = _(
    "No existe un aporte de ese tipo con ese número. Revisa el enlace o el número."
)
HIDDEN_CONTRIBUTION = _(
    "Ese aporte está oculto o pendiente de revisión: no se le puede registrar un destino "
    "hasta que sea visible."
)
ALREADY_LINKED = _(
    "Ese aporte ya tiene un destino. Para cambiarlo, actualiza ese destino en su página."
)
PROGRESS_OUT_OF_RANGE = _("El avance debe ser un número entero entre 0 y 100.")
NO_SECTIONS = _("Elige al menos una sección u objetivo de un instrumento.")
NO_CONTRIBUTIONS = _("Indica al menos un aporte.")
NOTHING_CHANGED = _("No cambiaste nada: indica una nueva decisión, un avance o una nota.")
DEVOLUTION_ALREADY_PUBLISHED = _("La devolución de esta consulta ya está publicada.")


def can_record_outcomes(user: Any) -> bool:
    """Moderators and officials, in a session that passed the second factor."""
    return any(can_act_as(user, role) for role in CURATING_ROLES)


def contribution_refusal(contribution: ResolvedContribution | None) -> Any:
    """Why an outcome cannot point at ``contribution`` (None when it can)."""
    if contribution is None:
        return MISSING_CONTRIBUTION
    if not contribution.is_visible:
        return HIDDEN_CONTRIBUTION
    return None


def progress_refusal(progress: int | None) -> Any:
    if progress is None or not 0 <= progress <= 100:
        return PROGRESS_OUT_OF_RANGE
    return None
