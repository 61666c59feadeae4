"""Writes for surveys: answering (and re-answering) a survey, and building one.

``do_*`` assume valid input; ``check_*`` validate with ``rules`` first and raise
``ValidationError`` carrying a Spanish sentence. Each top-level action runs in its own
durable transaction. The editor's actions forget the survey's cached results after they
commit (``results.forget_tallies``), so the next results page counts again. Nothing is
broadcast.

Who builds a survey: the owner's editors (its ``surveys.registry`` policy's ``can_edit``;
for a consultation, administrators or officials of its division, with 2FA), checked by
every editor action. The rules that depend on stored answers are checked again here,
under a lock: a question someone answered keeps its kind and the options people chose,
and cannot be deleted (the answers would go with it).
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max
from django.utils import timezone

from accounts.models import User
from surveys.models import Answer, Option, Question, Response, Survey
from surveys.results import forget_tallies
from surveys.rules import (
    DUPLICATE,
    KIND_LOCKED,
    OPTION_CHOSEN,
    QUESTION_ANSWERED,
    answering_refusal,
    may_edit_survey_of,
)


@dataclass(frozen=True)
class AnswerInput:
    """One question's valid answer, as ``do_answer_survey`` stores it.

    ``option_ids`` are in order: the places of a ranking (first = place 1), otherwise the
    options' list order. Each becomes an Answer row whose ``rank`` is its position + 1, so
    the rows with rank 1 count the people who answered the question.
    """

    question_id: int
    option_ids: tuple[int, ...] = ()
    scale_value: int | None = None
    text: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.option_ids and self.scale_value is None and not self.text


@dataclass(frozen=True)
class QuestionFields:
    """A valid question editor, as ``check_save_question`` stores it.

    ``kept`` are the saved options that stay, in order, with their (possibly corrected)
    text; ``removed`` the saved options to delete; ``added`` the new options' texts, which
    go after the kept ones.
    """

    kind: str
    text: str
    help_text: str
    is_required: bool
    max_choices: int | None
    scale_min_label: str
    scale_max_label: str
    kept: tuple[tuple[int, str], ...] = ()
    removed: frozenset[int] = frozenset()
    added: tuple[str, ...] = ()


# --- Answering ---------------------------------------------------------------------------


class StaleResponse(Exception):
    """The stored response is not the one the form was filled in on."""


def check_answer_survey(
    user: User, *, survey: Survey, answers: list[AnswerInput], revision: int
) -> Response:
    """A signed-in person answers ``survey`` or replaces their answer; validates the rules.

    Raises ValidationError (Spanish message, ``code`` = not_open_yet, closed, not_ready,
    not_allowed or duplicate) when the survey is not open or has no questions yet, the
    consultation requires a verified resident and the person is not one, or the form was
    filled in on a response that changed since (another tab, or a first answer racing
    another one).
    """
    refusal = answering_refusal(user, survey)
    if refusal is not None:
        raise refusal
    try:
        return do_answer_survey(user, survey=survey, answers=answers, revision=revision)
    except (StaleResponse, IntegrityError):
        # IntegrityError: two first answers raced and one_response_per_person kept one.
        raise ValidationError(DUPLICATE, code="duplicate") from None


def do_answer_survey(
    user: User, *, survey: Survey, answers: list[AnswerInput], revision: int
) -> Response:
    """Store ``user``'s answers to ``survey``, replacing their previous ones.

    Assumes valid answers for this survey's questions. ``revision`` is 0 for a first
    answer, else the revision the form was filled in on; raises StaleResponse if the
    stored response differs. Locks the person's response row (select_for_update) while
    replacing its answers; the one_response_per_person constraint settles two first
    answers at once (IntegrityError). Broadcasts nothing; the cached results catch up
    within a minute (``results.TALLY_SECONDS_OPEN``).
    """
    with transaction.atomic(durable=True):
        response = (
            Response.objects.select_for_update().filter(survey=survey, respondent=user).first()
        )
        if response is None:
            if revision != 0:
                raise StaleResponse
            response = Response.objects.create(survey=survey, respondent=user)
        else:
            if response.revision != revision:
                raise StaleResponse
            Response.objects.filter(pk=response.pk).update(
                revision=F("revision") + 1, updated_at=timezone.now()
            )
            response.revision += 1
            response.answers.all().delete()
        Answer.objects.bulk_create(_rows(response, answers))
    return response


def _rows(response: Response, answers: list[AnswerInput]) -> list[Answer]:
    rows = []
    for answer in answers:
        if answer.option_ids:
            rows += [
                Answer(
                    response=response,
                    question_id=answer.question_id,
                    option_id=option_id,
                    rank=place,
                )
                for place, option_id in enumerate(answer.option_ids, start=1)
            ]
        elif answer.scale_value is not None:
            rows.append(
                Answer(
                    response=response,
                    question_id=answer.question_id,
                    scale_value=answer.scale_value,
                )
            )
        elif answer.text:
            rows.append(Answer(response=response, question_id=answer.question_id, text=answer.text))
    return rows


# --- Building a survey ----------------------------------------------------------------


def require_survey_editor(user: User, owner: Any) -> None:
    """PermissionDenied unless ``user`` may build ``owner``'s survey (``rules``)."""
    if not may_edit_survey_of(user, owner):
        raise PermissionDenied


def do_save_survey(
    editor: User,
    *,
    owner: Any,
    title: str,
    introduction: str,
    opens_at: datetime,
    closes_at: datetime,
    results_while_open: bool,
) -> tuple[Survey, bool]:
    """Create the owner's survey, or change its title, introduction, dates and whether
    results show while it is open. Returns (survey, created).

    The owner's editors (``require_survey_editor``). Assumes valid values (closes after
    it opens). Locks the owner's row, so two editors creating the survey at once make one.
    """
    require_survey_editor(editor, owner)
    fields = {
        "title": title,
        "introduction": introduction,
        "opens_at": opens_at,
        "closes_at": closes_at,
        "results_while_open": results_while_open,
    }
    content_type = ContentType.objects.get_for_model(owner)
    with transaction.atomic(durable=True):
        list(type(owner)._default_manager.select_for_update().filter(pk=owner.pk).values("pk"))
        survey, created = Survey.objects.update_or_create(
            content_type=content_type, object_id=owner.pk, defaults=fields
        )
    survey.owner = owner
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
    require_survey_editor(editor, survey.owner)
    with transaction.atomic(durable=True):
        Survey.objects.select_for_update().get(pk=survey.pk)
        if question is None:
            last = survey.questions.aggregate(last=Max("position"))["last"] or 0
            question = Question(survey=survey, position=last + 1)
        else:
            _check_answers_allow(question, fields)
        edited = list(Question.EDITED_FIELDS)
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
    require_survey_editor(editor, survey.owner)
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
    require_survey_editor(editor, survey.owner)
    with transaction.atomic(durable=True):
        locked = Question.objects.select_for_update().filter(pk=question.pk).first()
        if locked is None:
            return
        if Answer.objects.filter(question=locked).exists():
            raise ValidationError(QUESTION_ANSWERED, code="answered")
        locked.delete()
    forget_tallies(survey)
