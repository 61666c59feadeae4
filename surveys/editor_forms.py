"""Forms of the survey editor: the survey's settings and one question.

They validate what the person typed and hand the action plain values; they never save.
The rules are the Django admin's (both say ``surveys.rules``' sentences): single choice,
multiple choice and ranking need at least two options, scales and texts carry none, and
once people answered a question its kind is fixed and the options they chose stay (their
text may change).
Every refusal is a Spanish sentence next to its field, with what was typed kept.

A question's options: the saved ones are one text input each (renaming keeps the option,
and its answers), with a "Quitar" checkbox; new ones are typed in one text area, one per
line. Both work without JavaScript.
"""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BoundField
from django.utils.translation import gettext_lazy as _

from common.forms import LocalDateTimeField, WholeNumberField
from surveys.actions import QuestionFields
from surveys.forms import TEXT_TOO_LONG
from surveys.models import Option, Question, Survey
from surveys.queries import QuestionUsage
from surveys.rules import KIND_LOCKED, NEEDS_TWO_OPTIONS, OPTION_CHOSEN

OPTION_MAX_LENGTH = Option._meta.get_field("text").max_length


def _too_long() -> dict[str, Any]:
    return {"max_length": TEXT_TOO_LONG}


class SurveySettingsForm(forms.Form):
    title = forms.CharField(
        label=_("Título de la encuesta"),
        max_length=Survey._meta.get_field("title").max_length,
        error_messages={"required": _("Escribe un título para la encuesta."), **_too_long()},
    )
    introduction = forms.CharField(
        label=_("Introducción (opcional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Para qué se usarán las respuestas y cuánto toma responder. Se muestra sobre "
            "las preguntas."
        ),
    )
    opens_at = LocalDateTimeField(
        label=_("Abre"),
        help_text=_("Fecha y hora de Chile continental."),
        error_messages={
            "required": _("Indica cuándo abre la encuesta."),
            "invalid": _("Escribe una fecha y hora válidas, por ejemplo 2026-09-01T09:00."),
        },
    )
    closes_at = LocalDateTimeField(
        label=_("Cierra"),
        help_text=_(
            "Fecha y hora de Chile continental. Desde ese momento no se reciben respuestas."
        ),
        error_messages={
            "required": _("Indica cuándo cierra la encuesta."),
            "invalid": _("Escribe una fecha y hora válidas, por ejemplo 2026-09-30T23:59."),
        },
    )
    results_while_open = forms.BooleanField(
        label=_("Mostrar los resultados mientras está abierta"),
        required=False,
        help_text=Survey._meta.get_field("results_while_open").help_text,
    )

    @classmethod
    def initial_for(cls, survey: Survey | None) -> dict[str, Any]:
        if survey is None:
            return {}
        return {
            "title": survey.title,
            "introduction": survey.introduction,
            "opens_at": survey.opens_at,
            "closes_at": survey.closes_at,
            "results_while_open": survey.results_while_open,
        }

    def clean_title(self) -> str:
        return " ".join(self.cleaned_data["title"].split())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        opens_at, closes_at = data.get("opens_at"), data.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error(
                "closes_at",
                _(
                    "La encuesta debe cerrar después de abrir: elige un cierre posterior a "
                    "la apertura."
                ),
            )
        return data


@dataclass
class OptionRow:
    """A saved option in the form: its text input, its "Quitar" checkbox (None when people
    chose it) and how many times it was chosen."""

    option: Option
    text: BoundField
    remove: BoundField | None
    chosen: int


def option_field(option: Option) -> str:
    return f"option_{option.pk}"


def remove_field(option: Option) -> str:
    return f"remove_{option.pk}"


class QuestionForm(forms.Form):
    """A new question (``question=None``) or a saved one, with its options.

    ``usage`` says what answers pin down (``queries.question_usage``). An answered
    question offers only its own kind; a chosen option offers no "Quitar" checkbox (the
    field still exists, so a stale page that sends it gets the reason instead of a silent
    no).
    """

    kind = forms.ChoiceField(
        label=_("Tipo de pregunta"),
        choices=Question.Kind.choices,
        help_text=_(
            "Una opción, varias opciones y ordenar opciones necesitan al menos dos opciones; "
            "la escala y los textos no llevan."
        ),
        error_messages={"required": _("Elige el tipo de pregunta.")},
    )
    text = forms.CharField(
        label=_("Pregunta"),
        max_length=Question._meta.get_field("text").max_length,
        error_messages={"required": _("Escribe la pregunta."), **_too_long()},
    )
    help_text = forms.CharField(
        label=_("Ayuda (opcional)"),
        required=False,
        max_length=Question._meta.get_field("help_text").max_length,
        help_text=_("Una aclaración que se muestra bajo la pregunta."),
        error_messages=_too_long(),
    )
    is_required = forms.BooleanField(
        label=_("Obligatoria: hay que responderla para enviar la encuesta"), required=False
    )
    new_options = forms.CharField(
        label=_("Opciones, una por línea"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Escribe cada opción en su propia línea, en el orden en que se mostrarán."),
    )
    max_choices = WholeNumberField(
        label=_("Máximo de opciones que se pueden marcar (opcional)"),
        required=False,
        min_value=1,
        help_text=_("Solo para «Varias opciones». Déjalo vacío para no poner límite."),
        error_messages={
            "invalid": _("Escribe un número entero, por ejemplo 2."),
            "min_value": _("Escribe un número mayor o igual a %(limit_value)s."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    scale_min_label = forms.CharField(
        label=_("Qué significa el 1 (opcional)"),
        required=False,
        max_length=Question._meta.get_field("scale_min_label").max_length,
        help_text=_("Solo para escalas. Por ejemplo: «Nada importante»."),
        error_messages=_too_long(),
    )
    scale_max_label = forms.CharField(
        label=_("Qué significa el 5 (opcional)"),
        required=False,
        max_length=Question._meta.get_field("scale_max_label").max_length,
        help_text=_("Solo para escalas. Por ejemplo: «Muy importante»."),
        error_messages=_too_long(),
    )

    def __init__(
        self,
        *args: Any,
        question: Question | None = None,
        usage: QuestionUsage | None = None,
        **kwargs: Any,
    ) -> None:
        if question is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(question)
        kwargs.setdefault("initial", {"kind": Question.Kind.SINGLE, "is_required": True})
        super().__init__(*args, **kwargs)
        self.question = question
        self.usage = usage or QuestionUsage()
        self.options: list[Option] = list(question.options.all()) if question else []
        if question is not None and self.usage.answered:
            kind = self.fields["kind"]
            kind.choices = [(question.kind, question.get_kind_display())]
            kind.help_text = _("Ya tiene respuestas: el tipo queda fijo.")
            kind.error_messages["invalid_choice"] = KIND_LOCKED
        if self.options:
            self.fields["new_options"].label = _("Opciones nuevas, una por línea (opcional)")
            self.fields["new_options"].help_text = _(
                "Se agregan después de las opciones de arriba."
            )
        for number, option in enumerate(self.options, start=1):
            self.fields[option_field(option)] = forms.CharField(
                label=_("Opción %(number)d") % {"number": number},
                max_length=OPTION_MAX_LENGTH,
                required=False,
                error_messages=_too_long(),
            )
            self.fields[remove_field(option)] = forms.BooleanField(
                label=_("Quitar la opción %(number)d") % {"number": number}, required=False
            )
            self.initial.setdefault(option_field(option), option.text)

    @staticmethod
    def initial_for(question: Question) -> dict[str, Any]:
        return {
            "kind": question.kind,
            "text": question.text,
            "help_text": question.help_text,
            "is_required": question.is_required,
            "max_choices": question.max_choices,
            "scale_min_label": question.scale_min_label,
            "scale_max_label": question.scale_max_label,
        }

    # --- Rendering -------------------------------------------------------------------------

    def option_rows(self) -> list[OptionRow]:
        return [
            OptionRow(
                option=option,
                text=self[option_field(option)],
                remove=None if self.usage.chosen.get(option.pk) else self[remove_field(option)],
                chosen=self.usage.chosen.get(option.pk, 0),
            )
            for option in self.options
        ]

    # --- Validation ------------------------------------------------------------------------

    def clean_text(self) -> str:
        return " ".join(self.cleaned_data["text"].split())

    def clean_help_text(self) -> str:
        return " ".join(self.cleaned_data["help_text"].split())

    def clean_new_options(self) -> list[str]:
        lines = [" ".join(line.split()) for line in self.cleaned_data["new_options"].splitlines()]
        lines = [line for line in lines if line]
        too_long = [line for line in lines if len(line) > OPTION_MAX_LENGTH]
        if too_long:
            raise ValidationError(
                _(
                    "Cada opción puede tener como máximo %(limit)d caracteres: «%(text)s…» "
                    "tiene %(length)d."
                ),
                params={
                    "limit": OPTION_MAX_LENGTH,
                    "text": too_long[0][:40],
                    "length": len(too_long[0]),
                },
            )
        return lines

    def ignored_fields(self, kind: str | None) -> frozenset[str]:
        """The names of the fields that do not apply to ``kind`` (None: all apply)."""
        if kind is None:
            return frozenset()
        ignored: set[str] = set()
        if kind not in Question.OPTION_KINDS:
            ignored.add("new_options")
            for option in self.options:
                ignored |= {option_field(option), remove_field(option)}
        if kind != Question.Kind.MULTIPLE:
            ignored.add("max_choices")
        if kind != Question.Kind.SCALE:
            ignored |= {"scale_min_label", "scale_max_label"}
        return frozenset(ignored)

    def _ignore_fields_that_do_not_apply(self, data: dict[str, Any]) -> None:
        """Fields of another kind (left over after the kind changed, or shown because
        JavaScript is off) are cleared, never refused: the editor shows them only for the
        kinds that use them. Saved options of a question that no longer takes options go
        (``question_fields``); none was chosen, or the kind could not change."""
        for name in self.ignored_fields(data.get("kind")):
            self._errors.pop(name, None)
            data[name] = self.fields[name].to_python("") if name != "new_options" else []

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self._ignore_fields_that_do_not_apply(data)
        kind = data.get("kind")
        if kind is not None and kind not in Question.OPTION_KINDS:
            return data
        kept = self._clean_saved_options(data)
        # Count the options only when each one was read: a refused line is explained
        # already, and "needs two options" on top of it would mislead.
        options_known = "new_options" in data and not any(
            option_field(option) in self.errors for option in self.options
        )
        if kind is None or not options_known:
            return data
        texts = [text for _pk, text in kept] + data["new_options"]
        if len(texts) < 2:
            self.add_error("new_options", NEEDS_TWO_OPTIONS)
        else:
            self._refuse_repeated(texts)
        max_choices = data.get("max_choices")
        if max_choices is not None and len(texts) >= 2 and max_choices > len(texts):
            self.add_error(
                "max_choices",
                _("El máximo no puede ser mayor que el número de opciones (hay %(count)d).")
                % {"count": len(texts)},
            )
        return data

    def _clean_saved_options(self, data: dict[str, Any]) -> list[tuple[int, str]]:
        """The saved options that stay, with their text; explains the refused ones."""
        kept = []
        for option in self.options:
            name = option_field(option)
            if name not in data:  # too long: already explained
                continue
            text = " ".join(data[name].split())
            chosen = self.usage.chosen.get(option.pk, 0)
            if data.get(remove_field(option)):
                if chosen:
                    self.add_error(name, OPTION_CHOSEN % {"text": option.text, "count": chosen})
                    kept.append((option.pk, text or option.text))
                continue
            if not text:
                self.add_error(
                    name,
                    _("Escribe el texto de la opción, o marca «Quitar» para borrarla.")
                    if not chosen
                    else _("Escribe el texto de la opción: ya fue elegida y no se puede quitar."),
                )
                continue
            kept.append((option.pk, text))
        return kept

    def _refuse_repeated(self, texts: list[str]) -> None:
        seen: set[str] = set()
        for text in texts:
            key = text.casefold()
            if key in seen:
                self.add_error(
                    "new_options",
                    _("La opción «%(text)s» está repetida: cada opción debe ser distinta.")
                    % {"text": text},
                )
                return
            seen.add(key)

    # --- Result ----------------------------------------------------------------------------

    def question_fields(self) -> QuestionFields:
        data = self.cleaned_data
        kept, removed = [], set()
        takes_options = data["kind"] in Question.OPTION_KINDS
        for option in self.options:
            if not takes_options or data.get(remove_field(option)):
                removed.add(option.pk)
            else:
                kept.append((option.pk, " ".join(data[option_field(option)].split())))
        return QuestionFields(
            kind=data["kind"],
            text=data["text"],
            help_text=data["help_text"],
            is_required=data["is_required"],
            max_choices=data["max_choices"],
            scale_min_label=data["scale_min_label"],
            scale_max_label=data["scale_max_label"],
            kept=tuple(kept),
            removed=frozenset(removed),
            added=tuple(data["new_options"]),
        )
