"""Writes of the survey editor: a consultation's survey, its questions and their options.

Who: officials (with 2FA) of the consultation's division and administrators (with 2FA),
``access.can_edit_consultation``. Each action runs in its own durable transaction, so
when it returns the change is committed; then it forgets the survey's cached results
(``survey_queries.forget_tallies``), and the next results page counts again. Nothing is
broadcast.

The rules that depend on stored answers are checked again here, under a lock: a question
someone answered keeps its kind and the options people chose, and cannot be deleted (the
answers would go with it).
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from consultations.access import can_edit_consultation
from consultations.models import Answer, Consultation, Option, Question, Survey
from consultations.survey_manage_forms import KIND_LOCKED, OPTION_CHOSEN, QuestionFields
from consultations.survey_queries import forget_tallies

QUESTION_ANSWERED = _(
    "Esta pregunta ya tiene respuestas: no se puede borrar, porque sus respuestas se "
    "perderían. Puedes corregir su texto o moverla."
)


def require_survey_editor(user: User, consultation: Consultation) -> None:
    if not can_edit_consultation(user, consultation):
        raise PermissionDenied


def do_save_survey(
    editor: User,
    *,
    consultation: Consultation,
    title: str,
    introduction: str,
    opens_at: datetime,
    closes_at: datetime,
    results_while_open: bool,
) -> tuple[Survey, bool]:
    """Create the consultation's survey, or change its title, introduction, dates and
    whether results show while it is open. Returns (survey, created).

    Assumes valid values (closes after it opens). Locks the consultation row, so two
    editors creating the survey at once make one.
    """
    require_survey_editor(editor, consultation)
    fields = {
        "title": title,
        "introduction": introduction,
        "opens_at": opens_at,
        "closes_at": closes_at,
        "results_while_open": results_while_open,
    }
    with transaction.atomic(durable=True):
        Consultation.objects.select_for_update().get(pk=consultation.pk)
        survey, created = Survey.objects.update_or_create(
            consultation=consultation, defaults=fields
        )
    # Committed (durable): the results page must not keep serving figures computed
    # under other dates (a survey moved to "closed" keeps its tally an hour).
    forget_tallies(survey)
    return survey, created


def check_save_question(
    editor: User, *, survey: Survey, question: Question | None, fields: QuestionFields
) -> Question:
    """Add a question at the end of ``survey`` (``question=None``) or change one, with its
    options, from a valid ``QuestionForm``.

    Locks the survey row (questions of one survey are written one at a time, so positions
    do not collide) and re-checks, against the stored answers, what the form checked when
    it was shown: raises ValidationError with ``code`` "kind_locked", or "option_chosen"
    (``params["option"]`` is the option's id), if answers arrived in between.
    """
    require_survey_editor(editor, survey.consultation)
    with transaction.atomic(durable=True):
        Survey.objects.select_for_update().get(pk=survey.pk)
        if question is None:
            last = survey.questions.aggregate(last=Max("position"))["last"] or 0
            question = Question(survey=survey, position=last + 1)
        else:
            _check_answers_allow(question, fields)
        edited = [
            "kind",
            "text",
            "help_text",
            "is_required",
            "max_choices",
            "scale_min_label",
            "scale_max_label",
        ]
        for name in edited:
            setattr(question, name, getattr(fields, name))
        if question.pk is None:
            question.save()
        else:
            # Only what the form edits: the position may have been moved by another editor
            # since this question was loaded.
            question.save(update_fields=edited)
        _save_options(question, fields)
    forget_tallies(survey)
    return question


def _check_answers_allow(question: Question, fields: QuestionFields) -> None:
    """Refuse what the stored answers forbid. The rows are locked first: on PostgreSQL an
    answer being written holds a key-share lock on its question and option, which FOR
    UPDATE waits for, so no answer slips in between this check and the write."""
    answers = Answer.objects.filter(question=question)
    stored_kind = (
        Question.objects.select_for_update().values_list("kind", flat=True).get(pk=question.pk)
    )
    if fields.kind != stored_kind and answers.exists():
        raise ValidationError(KIND_LOCKED, code="kind_locked")
    if fields.removed:
        list(Option.objects.select_for_update().filter(question=question, pk__in=fields.removed))
        chosen = (
            answers.filter(option_id__in=fields.removed)
            .values("option_id", "option__text", "option__position")
            .annotate(count=Count("id"))
            .order_by("option__position", "option_id")
            .values_list("option_id", "option__text", "count")
            .first()
        )
        if chosen:
            option_id, text, count = chosen
            raise ValidationError(
                OPTION_CHOSEN,
                code="option_chosen",
                params={"option": option_id, "text": text, "count": count},
            )


def _save_options(question: Question, fields: QuestionFields) -> None:
    """Kept options in order, then the new ones; removed ones deleted (none of them was
    chosen: checked above)."""
    if fields.removed:
        Option.objects.filter(question=question, pk__in=fields.removed).delete()
    stored = {option.pk: option for option in Option.objects.filter(question=question)}
    changed = []
    position = 0
    for pk, text in fields.kept:
        option = stored.get(pk)
        if option is None:  # deleted meanwhile by another editor: nothing to keep
            continue
        position += 1
        if option.text != text or option.position != position:
            option.text, option.position = text, position
            changed.append(option)
    if changed:
        Option.objects.bulk_update(changed, ["text", "position"])
    Option.objects.bulk_create(
        Option(question=question, position=position + index, text=text)
        for index, text in enumerate(fields.added, start=1)
    )


def do_move_question(editor: User, *, question: Question, offset: int) -> bool:
    """Move ``question`` one place up (``offset=-1``) or down (``+1``) in its survey.

    Locks the survey's questions and numbers them 1, 2, 3… in their new order (older
    rows may share a position). Returns False, changing nothing, at either end.
    """
    survey = question.survey
    require_survey_editor(editor, survey.consultation)
    with transaction.atomic(durable=True):
        ordered = list(
            Question.objects.select_for_update()
            .filter(survey=survey)
            .order_by("position", "pk")
            .only("pk", "position")
        )
        index = next((i for i, row in enumerate(ordered) if row.pk == question.pk), None)
        target = None if index is None else index + offset
        if target is None or not 0 <= target < len(ordered):
            return False
        ordered[index], ordered[target] = ordered[target], ordered[index]
        for position, row in enumerate(ordered, start=1):
            row.position = position
        Question.objects.bulk_update(ordered, ["position"])
    forget_tallies(survey)
    return True


def check_delete_question(editor: User, *, question: Question) -> None:
    """Delete a question nobody answered, with its options. Locks the question row (see
    ``_check_answers_allow``); raises ValidationError (``code`` "answered") once someone
    answered it."""
    survey = question.survey
    require_survey_editor(editor, survey.consultation)
    with transaction.atomic(durable=True):
        locked = Question.objects.select_for_update().filter(pk=question.pk).first()
        if locked is None:
            return
        if Answer.objects.filter(question=locked).exists():
            raise ValidationError(QUESTION_ANSWERED, code="answered")
        locked.delete()
    forget_tallies(survey)
