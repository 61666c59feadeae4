"""Writes for surveys: answering (and re-answering) a survey."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from consultations.models import Answer, Response, Survey
from consultations.rules import participation_refusal, when
from consultations.survey_forms import AnswerInput

NOT_READY = _("Esta encuesta todavía no está lista: aún no tiene preguntas. Vuelve más tarde.")
NOT_OPEN_YET = _("La encuesta abre el %(date)s. Vuelve entonces para responder.")
CLOSED = _("La encuesta cerró el %(date)s: ya no se pueden enviar ni cambiar respuestas.")
DUPLICATE = _(
    "Ya habías respondido esta encuesta (quizás en otra pestaña o dispositivo), y solo se "
    "guarda una respuesta por persona. Revisa lo que escribiste aquí: si lo envías de "
    "nuevo, reemplazará tu respuesta anterior."
)


class StaleResponse(Exception):
    """The stored response is not the one the form was filled in on."""


def answering_refusal(
    user: User, survey: Survey, *, has_questions: bool | None = None
) -> ValidationError | None:
    """Why ``user`` may not answer ``survey`` now (a Spanish message), or None.

    The one place the rules live: the action enforces them, the page explains them. A
    survey without questions is not offered, even while open (its officials are still
    writing it). ``has_questions``: pass it when the questions are already loaded; else
    one query.
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
    # Signed in, published, verified resident when the consultation requires one.
    reason = participation_refusal(user, survey.consultation)
    if reason is not None:
        return ValidationError(reason, code="not_allowed")
    return None


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
    within a minute (``survey_queries.TALLY_SECONDS_OPEN``).
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
