"""Shapes of input for outcomes: Spanish messages next to their fields; the actions check
the rules again (``planning.rules``)."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.forms import WholeNumberField
from common.numbers import parse_int
from planning import rules
from planning.models import InstrumentSection, Outcome
from planning.registry import contribution_resolver


class SectionsField(forms.ModelMultipleChoiceField):
    """Sections chosen by id: ASCII digits only (``int()`` would read a fullwidth "1")."""

    def clean(self, value: Any) -> Any:
        for item in value or []:
            if parse_int(str(item)) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": item},
                )
        return super().clean(value)

    def label_from_instance(self, obj: InstrumentSection) -> str:
        return f"{obj.instrument.name}: {obj}"


def _progress_field(**kwargs: Any) -> WholeNumberField:
    return WholeNumberField(
        label=_("Avance (%)"),
        min_value=0,
        max_value=100,
        error_messages={
            "min_value": rules.PROGRESS_OUT_OF_RANGE,
            "max_value": rules.PROGRESS_OUT_OF_RANGE,
            "required": rules.PROGRESS_OUT_OF_RANGE,
        },
        **kwargs,
    )


def kind_choices() -> list[tuple[str, Any]]:
    return [(kind.slug, kind.label) for kind in contribution_resolver().kinds()]


def contribution_key(slug: str, object_id: int) -> tuple[int, int] | None:
    kind = next((k for k in contribution_resolver().kinds() if k.slug == slug), None)
    return (kind.content_type_id, object_id) if kind is not None else None


class ContributionRefForm(forms.Form):
    """Which contribution: its kind and its number."""

    kind = forms.ChoiceField(label=_("Tipo de aporte"), choices=kind_choices)
    contribution_id = WholeNumberField(
        label=_("Número del aporte"),
        min_value=1,
        help_text=_("El número que aparece en la dirección del aporte."),
        error_messages={"required": _("Indica el número del aporte.")},
    )

    def contribution(self) -> tuple[int, int] | None:
        return contribution_key(self.cleaned_data["kind"], self.cleaned_data["contribution_id"])


class OutcomeForm(ContributionRefForm):
    decision = forms.ChoiceField(
        label=_("Decisión"),
        choices=Outcome.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Elige una decisión.")},
    )
    justification = forms.CharField(
        label=_("Justificación"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Se publica junto al aporte y en la devolución."),
        error_messages={"required": _("Escribe la justificación de la decisión.")},
    )
    sections = SectionsField(
        label=_("Secciones u objetivos del instrumento"),
        queryset=InstrumentSection.objects.select_related("instrument").order_by(
            "instrument__name", "position"
        ),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": rules.NO_SECTIONS},
    )
    progress = _progress_field(initial=0)
    on = forms.DateField(
        label=_("Fecha"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Escribe una fecha válida (día, mes y año).")},
    )


class OutcomeChangeForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decisión"),
        choices=Outcome.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Elige una decisión.")},
    )
    progress = _progress_field()
    on = forms.DateField(
        label=_("Fecha del avance"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Escribe una fecha válida (día, mes y año).")},
    )
    note = forms.CharField(
        label=_("Nota del avance"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    justification = forms.CharField(
        label=_("Nueva justificación (opcional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
