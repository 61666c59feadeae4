"""Permission-checked fetches for surveys and results (STYLE.md §1: a missing object and a
forbidden one look the same, 404).

A consultation is reachable here when ``queries.visible_consultations`` shows it to the
person: published, or a draft for officials and administrators previewing it. Open data
and the API never use these: they show published consultations only.
"""

from typing import Any

from django.http import Http404

from consultations.models import Consultation, Question, Survey
from consultations.queries import can_preview_drafts, visible_consultations


def access_consultation_results(user: Any, slug: str) -> Consultation:
    """A consultation the person may see, with its survey if any (one query)."""
    try:
        return visible_consultations(user).select_related("survey").get(slug=slug)
    except Consultation.DoesNotExist:
        raise Http404 from None


def access_survey(user: Any, slug: str) -> Survey:
    """The survey of a consultation the person may see (one query); 404 when none.

    Anyone may read it; whether this person may answer now is the action's business
    (``survey_actions.answering_refusal``), so the page can explain why not.
    """
    try:
        return Survey.objects.select_related("consultation").get(
            consultation__in=visible_consultations(user), consultation__slug=slug
        )
    except Survey.DoesNotExist:
        raise Http404 from None


def may_see_survey_results(user: Any, survey: Survey) -> bool:
    """Public results (the survey closed, or shows them while open by choice); officials
    and administrators (with two-factor) see them any time. Views answer 403 with an
    explanation otherwise: the survey itself is public, only its results wait."""
    return survey.results_are_public() or can_preview_drafts(user)


def access_text_question(user: Any, survey: Survey, pk: int) -> Question:
    """An open-text question of ``survey`` (the caller checked may_see_survey_results)."""
    try:
        return survey.questions.get(pk=pk, kind__in=Question.TEXT_KINDS)
    except Question.DoesNotExist:
        raise Http404 from None
