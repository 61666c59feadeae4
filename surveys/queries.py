"""Reads for surveys: the questions, a person's answers, open-text answers and what the
editor shows. The aggregated results are in ``results``."""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch

from accounts.models import User
from surveys.models import Answer, Option, Question, Response, Survey

TEXT_ANSWERS_PER_PAGE = 20


def questions_of(survey: Survey) -> list[Question]:
    """The survey's questions in order, with their options (two queries)."""
    return list(
        survey.questions.prefetch_related(
            Prefetch("options", queryset=Option.objects.order_by("position", "pk"))
        ).order_by("position", "pk")
    )


def response_of(user: User, survey: Survey) -> Response | None:
    """The person's response with its answers (two queries), or None (one query)."""
    if not user.is_authenticated:
        return None
    response = Response.objects.filter(survey=survey, respondent=user).first()
    if response is not None:
        response.answer_list = list(response.answers.all())
    return response


def text_answers_page(question: Question, number: str | int | None) -> Page:
    """One page of a question's open-text answers, oldest first (two queries).

    Only the text: never who wrote it or when.
    """
    answers = (
        Answer.objects.filter(question=question)
        .exclude(text="")
        .order_by("id")
        .values_list("text", flat=True)
    )
    return Paginator(answers, TEXT_ANSWERS_PER_PAGE).get_page(number)


# --- The survey editor -------------------------------------------------------------------


def editor_questions(survey: Survey) -> list[Question]:
    """The survey's questions in order for the editor (two queries): each with its options,
    ``option_count`` and ``answered`` (whether anyone answered it: then it cannot be
    deleted)."""
    return list(
        survey.questions.annotate(
            option_count=Count("options"),
            answered=Exists(Answer.objects.filter(question=OuterRef("pk"))),
        )
        .prefetch_related(Prefetch("options", queryset=Option.objects.order_by("position", "pk")))
        .order_by("position", "pk")
    )


@dataclass(frozen=True)
class QuestionUsage:
    """What people's answers pin down in a question: once answered, its kind; and every
    option someone chose (option id → how many times it was chosen)."""

    answered: bool = False
    chosen: dict[int, int] = field(default_factory=dict)


def question_usage(question: Question | None) -> QuestionUsage:
    """One query (none for a question not saved yet)."""
    if question is None:
        return QuestionUsage()
    rows = list(
        Answer.objects.filter(question=question)
        .values("option_id")
        .annotate(count=Count("id"))
        .order_by()
        .values_list("option_id", "count")
    )
    return QuestionUsage(
        answered=bool(rows),
        chosen={option_id: count for option_id, count in rows if option_id is not None},
    )
