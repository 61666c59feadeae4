"""Forms of the moderators' pages (/moderacion/): the queue's filters and each decision's
input. They check the shape of input; the actions check the rules (``deliberation.rules``)."""

import re
from collections.abc import Callable
from datetime import timedelta
from functools import cache
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.forms import WholeNumberField
from deliberation.forms import WrittenTextField
from deliberation.models import ModerationCase, ReportReason

SPACE_KEY = re.compile(r"[a-z0-9-]{1,40}")
REASON_TOO_LONG = _("El motivo tiene %(length)s caracteres; el máximo es %(limit)s.")


class QueueFilterForm(forms.Form):
    """``?espacio=&tipo=&motivo=&estado=``: a value not offered reads as "todos" (a stale
    link still shows a queue)."""

    espacio = forms.ChoiceField(label=_("Espacio"), required=False)
    tipo = forms.ChoiceField(label=_("Tipo de aporte"), required=False)
    motivo = forms.ChoiceField(
        label=_("Motivo de reporte"),
        required=False,
        choices=[("", _("Todos los motivos")), *ReportReason.choices],
    )
    estado = forms.ChoiceField(
        label=_("Estado"),
        required=False,
        choices=[("", _("Abiertos (por decidir)")), *ModerationCase.State.choices],
    )

    def __init__(
        self,
        data: Any,
        *,
        spaces: Callable[[], list[tuple[str, str]]],
        kinds: list[tuple[str, str]],
    ) -> None:
        super().__init__(data)
        # Read when the select is rendered (a queue from the shared cache skips it).
        self.fields["espacio"].choices = cache(lambda: [("", _("Todos los espacios")), *spaces()])
        self.fields["tipo"].choices = [("", _("Todos los tipos")), *kinds]

    def value(self, name: str) -> str:
        """The field's value if valid, else "" (all). A space is any key-like text (an
        unknown one lists nothing), so reading it needs no query."""
        if not self.is_bound:
            return ""
        raw = self.data.get(name, "")
        if name == "espacio":
            return raw if SPACE_KEY.fullmatch(raw) else ""
        return raw if raw in {str(key) for key, _label in self.fields[name].choices} else ""


class HideForm(forms.Form):
    """Hide with a category and the public reason shown in the contribution's place."""

    category = forms.ChoiceField(
        label=_("Regla que no cumple"),
        choices=[("", _("Elige una")), *ReportReason.choices],
        error_messages={
            "required": _("Elige la regla que no cumple."),
            "invalid_choice": _("Elige una de las reglas de la lista."),
        },
    )
    reason = WrittenTextField(
        label=_("Motivo público"),
        max_length=300,
        too_long=REASON_TOO_LONG,
        help_text=_(
            "Se muestra en su lugar, después de «Ocultado por moderación:». No cites el "
            "texto ni nombres a nadie."
        ),
        error_messages={"required": _("Escribe el motivo: se mostrará en lugar del texto.")},
    )


class AskEditForm(forms.Form):
    reason = WrittenTextField(
        label=_("Qué debe cambiar"),
        max_length=2000,
        too_long=REASON_TOO_LONG,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Se envía a su autor o autora; el aporte sigue como está."),
        error_messages={"required": _("Escribe qué debe cambiar su autor o autora.")},
    )


class BlockForm(forms.Form):
    FOR_DAYS = "dias"
    FOR_GOOD = "indefinido"

    length = forms.ChoiceField(
        label=_("Duración"),
        choices=[(FOR_DAYS, _("Por un número de días")), (FOR_GOOD, _("De forma indefinida"))],
        widget=forms.RadioSelect,
        initial=FOR_DAYS,
        error_messages={"required": _("Elige la duración del bloqueo.")},
    )
    days = WholeNumberField(
        label=_("Días"),
        required=False,
        min_value=1,
        max_value=3650,
        error_messages={
            "min_value": _("El bloqueo dura al menos un día."),
            "max_value": _("Para más de diez años, bloquea de forma indefinida."),
        },
    )
    reason = WrittenTextField(
        label=_("Motivo (se envía a la persona)"),
        max_length=2000,
        too_long=REASON_TOO_LONG,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Escribe el motivo: la persona lo recibirá.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        wants_days = data.get("length") == self.FOR_DAYS
        if wants_days and not data.get("days") and "days" not in self.errors:
            self.add_error("days", _("Indica cuántos días dura el bloqueo."))
        return data

    def until(self) -> Any:
        if self.cleaned_data["length"] == self.FOR_GOOD:
            return None
        return timezone.now() + timedelta(days=self.cleaned_data["days"])


class ResolveAppealForm(forms.Form):
    UPHOLD = "mantener"
    OVERTURN = "revertir"

    outcome = forms.ChoiceField(
        label=_("Decisión"),
        choices=[
            (UPHOLD, _("Rechazar la apelación: sigue oculto")),
            (OVERTURN, _("Acoger la apelación: restaurarlo")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Elige si acoges o rechazas la apelación.")},
    )
    resolution = WrittenTextField(
        label=_("Respuesta (se envía a su autor o autora)"),
        max_length=3000,
        too_long=_("La respuesta tiene %(length)s caracteres; el máximo es %(limit)s."),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Escribe la respuesta a la apelación.")},
    )

    @property
    def overturn(self) -> bool:
        return self.cleaned_data["outcome"] == self.OVERTURN


class NoteForm(forms.Form):
    text = WrittenTextField(
        label=_("Nota privada para el equipo"),
        max_length=3000,
        too_long=_("La nota tiene %(length)s caracteres; el máximo es %(limit)s."),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Solo la ve el equipo de moderación."),
        error_messages={"required": _("Escribe la nota.")},
    )
