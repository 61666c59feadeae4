"""Permission-checked fetches for surveys and results (STYLE.md §1: a missing object and a
forbidden one look the same, 404).

A consultation is reachable here when ``queries.visible_consultations`` shows it to the
person: published, or a draft for officials and administrators previewing it. Open data
and the API never use these: they show published consultations only.
"""

from typing import Any

from django.db.models import Prefetch
from django.http import Http404

from accounts.roles import Role, require_role
from consultations.access import can_edit_consultation
from consultations.models import Consultation, Option, Question, Survey
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


# --- Building a survey (survey_manage) -----------------------------------------------------


def access_consultation_for_survey(user: Any, slug: str) -> Consultation:
    """A consultation whose survey the person may build (those who may edit it:
    ``access.can_edit_consultation``), with its survey if any (one query).
    PermissionDenied for people who are neither officials nor administrators (with 2FA);
    404 for another division's consultation, as for a missing one."""
    require_role(user, Role.OFFICIAL, Role.ADMINISTRATOR)
    try:
        consultation = visible_consultations(user).select_related("survey").get(slug=slug)
    except Consultation.DoesNotExist:
        raise Http404 from None
    if not can_edit_consultation(user, consultation):
        raise Http404
    return consultation


def access_survey_for_editing(user: Any, slug: str) -> Survey:
    """The survey of a consultation the person may build (see above); 404 when the
    consultation has none yet."""
    consultation = access_consultation_for_survey(user, slug)
    try:
        survey = consultation.survey
    except Survey.DoesNotExist:
        raise Http404 from None
    survey.consultation = consultation
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
