"""Permission-checked fetches for surveys and their results (STYLE.md §1: a missing
object and a forbidden one look the same, 404).

Survey pages are routed under their owner's URLs; the owner's policy
(``surveys.registry``) finds the owner the person may see from the URL's keyword
arguments. Open data and the API never use these: they publish what is public to all.
"""

from typing import Any

from django.db.models import Prefetch
from django.http import Http404

from surveys.models import Option, Question, Survey
from surveys.registry import policy_by_label, policy_for


def access_owner(user: Any, owner_type: str, owner_kwargs: dict[str, Any]) -> Any:
    """The owner named by a survey URL (``owner_type``: the registered model's label), if
    ``user`` may see it; Http404 otherwise. One query (the owner's policy)."""
    try:
        _model, policy = policy_by_label(owner_type)
    except LookupError:
        raise Http404 from None
    return policy.access(user, **owner_kwargs)


def survey_of(owner: Any) -> Survey | None:
    """The owner's survey, or None, with its owner set (one query)."""
    survey = Survey.objects.of(owner).first()
    if survey is not None:
        survey.owner = owner
    return survey


def access_survey(user: Any, owner_type: str, owner_kwargs: dict[str, Any]) -> Survey:
    """The survey of an owner the person may see (two queries); 404 when it has none.

    Anyone may read it; whether this person may answer now is the action's business
    (``rules.answering_refusal``), so the page can explain why not.
    """
    survey = survey_of(access_owner(user, owner_type, owner_kwargs))
    if survey is None:
        raise Http404
    return survey


def may_see_survey_results(user: Any, survey: Survey) -> bool:
    """Public results (``Survey.results_are_public``), or the owner's staff previewing
    them (its policy's ``can_preview_results``). Views answer 403 with an explanation
    otherwise: the survey itself is public, only its results wait."""
    return survey.results_are_public() or policy_for(survey.owner).can_preview_results(
        user, survey.owner
    )


def access_text_question(survey: Survey, pk: int) -> Question:
    """An open-text question of ``survey`` (the caller checked may_see_survey_results)."""
    try:
        return survey.questions.get(pk=pk, kind__in=Question.TEXT_KINDS)
    except Question.DoesNotExist:
        raise Http404 from None


# --- Building a survey (the editor) ----------------------------------------------------------


def access_owner_for_survey_editing(user: Any, owner_type: str, owner_kwargs: dict) -> Any:
    """An owner whose survey the person may build (its policy's ``can_edit``); 404 for an
    owner they may not see or edit (another division's consultation, as a missing one).
    Views guard the role first (``role_required``), so people without it get 403."""
    owner = access_owner(user, owner_type, owner_kwargs)
    if not policy_for(owner).can_edit(user, owner):
        raise Http404
    return owner


def access_survey_for_editing(user: Any, owner_type: str, owner_kwargs: dict) -> Survey:
    """The survey of an owner the person may build (see above); 404 when it has none yet."""
    survey = survey_of(access_owner_for_survey_editing(user, owner_type, owner_kwargs))
    if survey is None:
        raise Http404
    return survey


def access_question_for_editing(survey: Survey, pk: int) -> Question:
    """A question of ``survey`` (from ``access_survey_for_editing``) with its options in
    order (two queries); a question of another survey is not found."""
    try:
        question = survey.questions.prefetch_related(
            Prefetch("options", queryset=Option.objects.order_by("position", "pk"))
        ).get(pk=pk)
    except Question.DoesNotExist:
        raise Http404 from None
    question.survey = survey
    return question
