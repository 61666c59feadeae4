"""The survey form, built from the survey's questions.

Every question kind works without JavaScript: single choice and the 1-5 scale are radio
buttons, multiple choice is checkboxes (with a maximum), ranking is one "place" select per
option (validated as a permutation), and text answers are inputs or text areas. The
template renders inputs from ``SurveyForm.blocks()``, one block per question, so errors,
help texts and ``aria-describedby`` are tied to the question they belong to.
"""

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from common.forms import WholeNumberField
from surveys.actions import AnswerInput
from surveys.models import Answer, Question

SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 5000

REQUIRED = _("Responde esta pregunta: es obligatoria.")
INVALID_CHOICE = _("Elige una de las opciones de la lista.")
TOO_MANY = ngettext_lazy(
    "Elige como máximo %(max)d opción (marcaste %(count)d).",
    "Elige como máximo %(max)d opciones (marcaste %(count)d).",
    "max",
)
RANK_INCOMPLETE = _(
    "Ordena todas las opciones: dale a cada una un lugar distinto, del 1 al %(count)d."
)
RANK_REPEATED = _("El lugar %(place)d está repetido: usa cada lugar una sola vez.")
TEXT_TOO_LONG = _("Escribe como máximo %(limit_value)d caracteres (escribiste %(show_value)d).")


@dataclass
class Choice:
    value: str
    label: str
    id: str
    checked: bool


@dataclass
class RankRow:
    label: str
    name: str
    id: str
    value: str
    invalid: bool


@dataclass
class QuestionBlock:
    """What the template needs to render one question accessibly."""

    question: Question
    name: str
    errors: list[str]
    help_id: str
    error_id: str
    choices: list[Choice] = field(default_factory=list)
    rank_rows: list[RankRow] = field(default_factory=list)
    places: list[int] = field(default_factory=list)
    value: str = ""
    max_length: int = 0

    @property
    def has_help(self) -> bool:
        """Every kind but single choice explains how to answer; single choice only when
        the question has its own help text."""
        return bool(self.question.help_text) or self.question.kind != Question.Kind.SINGLE

    @property
    def describedby(self) -> str:
        ids = [self.help_id] if self.has_help else []
        if self.errors:
            ids.append(self.error_id)
        return " ".join(ids)

    @property
    def uses_fieldset(self) -> bool:
        return not self.question.is_text


def field_name(question: Question) -> str:
    return f"q{question.pk}"


def rank_field_name(question: Question, option_id: int) -> str:
    return f"q{question.pk}_o{option_id}"


def scale_label(question: Question, value: int) -> str:
    if value == 1 and question.scale_min_label:
        return f"1 · {question.scale_min_label}"
    if value == 5 and question.scale_max_label:
        return f"5 · {question.scale_max_label}"
    return str(value)


def initial_from_answers(questions: list[Question], answers: list[Answer]) -> dict[str, Any]:
    """The form's initial data from a person's stored answers (to edit them)."""
    by_question: dict[int, list[Answer]] = {}
    for answer in answers:
        by_question.setdefault(answer.question_id, []).append(answer)
    initial: dict[str, Any] = {}
    for question in questions:
        rows = sorted(by_question.get(question.pk, []), key=lambda row: row.rank or 0)
        if not rows:
            continue
        name = field_name(question)
        match question.kind:
            case Question.Kind.SINGLE:
                initial[name] = str(rows[0].option_id)
            case Question.Kind.MULTIPLE:
                initial[name] = [str(row.option_id) for row in rows]
            case Question.Kind.RANKING:
                for row in rows:
                    initial[rank_field_name(question, row.option_id)] = str(row.rank)
            case Question.Kind.SCALE:
                initial[name] = str(rows[0].scale_value)
            case _:
                initial[name] = rows[0].text
    return initial


class SurveyForm(forms.Form):
    """One field per question (one per option for rankings), plus the response revision.

    ``revision`` is 0 for a first answer, else the stored response's revision when the
    form was shown: the action refuses a stale or duplicate submission instead of
    silently replacing answers given in another tab.
    """

    revision = WholeNumberField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self._add_fields(question)

    def _add_fields(self, question: Question) -> None:
        name = field_name(question)
        errors = {"required": REQUIRED, "invalid_choice": INVALID_CHOICE}
        options = [(str(option.pk), option.text) for option in question.options.all()]
        match question.kind:
            case Question.Kind.SINGLE:
                self.fields[name] = forms.ChoiceField(
                    choices=options, required=question.is_required, error_messages=errors
                )
            case Question.Kind.MULTIPLE:
                self.fields[name] = forms.MultipleChoiceField(
                    choices=options,
                    required=question.is_required,
                    error_messages={**errors, "invalid_list": INVALID_CHOICE},
                )
            case Question.Kind.SCALE:
                self.fields[name] = forms.TypedChoiceField(
                    choices=[(str(value), str(value)) for value in range(1, 6)],
                    coerce=int,
                    empty_value=None,
                    required=question.is_required,
                    error_messages=errors,
                )
            case Question.Kind.RANKING:
                places = [("", "—")] + [(str(n), str(n)) for n in range(1, len(options) + 1)]
                for option_id, _label in options:
                    self.fields[rank_field_name(question, int(option_id))] = forms.ChoiceField(
                        choices=places, required=False, error_messages=errors
                    )
            case _:
                limit = (
                    SHORT_TEXT_MAX if question.kind == Question.Kind.SHORT_TEXT else LONG_TEXT_MAX
                )
                self.fields[name] = forms.CharField(
                    max_length=limit,
                    required=question.is_required,
                    error_messages={**errors, "max_length": TEXT_TOO_LONG},
                )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for question in self.questions:
            if question.kind == Question.Kind.MULTIPLE and question.max_choices:
                chosen = cleaned.get(field_name(question)) or []
                if len(chosen) > question.max_choices:
                    self.add_error(
                        field_name(question),
                        TOO_MANY % {"max": question.max_choices, "count": len(chosen)},
                    )
            elif question.kind == Question.Kind.RANKING:
                self._clean_ranking(question, cleaned)
        return cleaned

    def _clean_ranking(self, question: Question, cleaned: dict[str, Any]) -> None:
        names = [rank_field_name(question, option.pk) for option in question.options.all()]
        if any(name in self.errors for name in names):
            return
        places = {name: cleaned.get(name) or "" for name in names}
        given = [place for place in places.values() if place]
        if not given:
            if question.is_required:
                self.add_error(names[0], REQUIRED)
            return
        counts: dict[str, int] = {}
        for place in given:
            counts[place] = counts.get(place, 0) + 1
        repeated = sorted((int(place) for place, n in counts.items() if n > 1))
        if repeated:
            message = RANK_REPEATED % {"place": repeated[0]}
            for name, place in places.items():
                if place and int(place) in repeated:
                    self.add_error(name, message)
            return
        if len(given) < len(names):
            message = RANK_INCOMPLETE % {"count": len(names)}
            for name, place in places.items():
                if not place:
                    self.add_error(name, message)

    # --- Results of a valid form -----------------------------------------------------------

    def answers(self) -> list[AnswerInput]:
        """Every answered question (empty optional ones are left out)."""
        result = []
        for question in self.questions:
            answer = self._answer_for(question)
            if not answer.is_empty:
                result.append(answer)
        return result

    def _answer_for(self, question: Question) -> AnswerInput:
        data = self.cleaned_data
        value = data.get(field_name(question))
        match question.kind:
            case Question.Kind.SINGLE:
                return AnswerInput(question.pk, option_ids=(int(value),) if value else ())
            case Question.Kind.MULTIPLE:
                chosen = {int(option_id) for option_id in value or []}
                ordered = tuple(o.pk for o in question.options.all() if o.pk in chosen)
                return AnswerInput(question.pk, option_ids=ordered)
            case Question.Kind.RANKING:
                places = {
                    option.pk: data.get(rank_field_name(question, option.pk))
                    for option in question.options.all()
                }
                ranked = sorted((int(p), pk) for pk, p in places.items() if p)
                return AnswerInput(question.pk, option_ids=tuple(pk for _p, pk in ranked))
            case Question.Kind.SCALE:
                return AnswerInput(question.pk, scale_value=value)
            case _:
                return AnswerInput(question.pk, text=(value or "").strip())

    # --- Rendering ------------------------------------------------------------------------

    def blocks(self) -> list[QuestionBlock]:
        return [self._block(question) for question in self.questions]

    def _errors_of(self, names: list[str]) -> list[str]:
        messages: list[str] = []
        for name in names:
            for message in self.errors.get(name, []):
                if message not in messages:
                    messages.append(message)
        return messages

    def _block(self, question: Question) -> QuestionBlock:
        name = field_name(question)
        base = {
            "question": question,
            "name": name,
            "help_id": f"{name}-ayuda",
            "error_id": f"{name}-error",
        }
        match question.kind:
            case Question.Kind.SINGLE | Question.Kind.MULTIPLE | Question.Kind.SCALE:
                value = self[name].value()
                selected = {str(v) for v in value} if isinstance(value, list) else {str(value)}
                choices = [
                    Choice(
                        value=choice_value,
                        label=scale_label(question, int(choice_value))
                        if question.kind == Question.Kind.SCALE
                        else label,
                        id=f"{name}-{index}",
                        checked=choice_value in selected,
                    )
                    for index, (choice_value, label) in enumerate(self.fields[name].choices)
                ]
                return QuestionBlock(**base, errors=self._errors_of([name]), choices=choices)
            case Question.Kind.RANKING:
                options = list(question.options.all())
                names = [rank_field_name(question, option.pk) for option in options]
                rows = [
                    RankRow(
                        label=option.text,
                        name=rank_name,
                        id=f"id_{rank_name}",
                        value=str(self[rank_name].value() or ""),
                        invalid=rank_name in self.errors,
                    )
                    for option, rank_name in zip(options, names, strict=True)
                ]
                return QuestionBlock(
                    **base,
                    errors=self._errors_of(names),
                    rank_rows=rows,
                    places=list(range(1, len(options) + 1)),
                )
            case _:
                return QuestionBlock(
                    **base,
                    errors=self._errors_of([name]),
                    value=self[name].value() or "",
                    max_length=self.fields[name].max_length,
                )

    def error_summary(self) -> list[tuple[str, str, list[str]]]:
        """(anchor, question text, messages) for each question with errors, in order."""
        summary = []
        for block in self.blocks():
            if block.errors:
                summary.append((block.name, block.question.text, block.errors))
        return summary
