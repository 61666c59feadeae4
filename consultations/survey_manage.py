"""The survey editor under /consultas/<slug>/encuesta/: officials of the consultation's
division and administrators (both with 2FA) create the survey, then add, edit, reorder
and delete its questions. Thin views: access, form, one action, redirect or render.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.roles import Role, role_required
from consultations.models import Question, Survey
from consultations.survey_access import (
    access_consultation_for_survey,
    access_question_for_editing,
    access_survey_for_editing,
)
from consultations.survey_manage_actions import (
    check_delete_question,
    check_save_question,
    do_move_question,
    do_save_survey,
)
from consultations.survey_manage_forms import (
    QuestionForm,
    SurveySettingsForm,
    option_field,
)
from consultations.survey_queries import editor_questions, question_usage

EDITORS = (Role.OFFICIAL, Role.ADMINISTRATOR)
MOVES = {"arriba": -1, "abajo": 1}


def _editor_page(request: HttpRequest, slug: str, **_kwargs: Any) -> str:
    """Where the editor's buttons are (for the login's ``next``: no query)."""
    return reverse("consultations:edit_survey", args=[slug])


def _back_to_editor(slug: str, question: Question | None = None) -> HttpResponse:
    """The editor, scrolled to ``question`` when given."""
    url = reverse("consultations:edit_survey", args=[slug])
    if question is not None:
        url += f"#pregunta-{question.pk}"
    return redirect(url)


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(*EDITORS)
def edit_survey(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = access_consultation_for_survey(request.user, slug)
    try:
        survey = consultation.survey
    except Survey.DoesNotExist:
        survey = None
    form = SurveySettingsForm(
        request.POST if request.method == "POST" else None,
        initial=SurveySettingsForm.initial_for(survey),
    )
    if form.is_valid():
        _saved, created = do_save_survey(
            request.user, consultation=consultation, **form.cleaned_data
        )
        if created:
            messages.success(request, _("Creaste la encuesta. Ahora agrégale preguntas."))
        else:
            messages.success(request, _("Guardaste los datos de la encuesta."))
        return _back_to_editor(slug)
    return render(
        request,
        "consultations/survey_edit.html",
        {
            "consultation": consultation,
            "survey": survey,
            "form": form,
            "questions": editor_questions(survey) if survey else [],
        },
        status=400 if form.is_bound else 200,
    )


def _question_page(
    request: HttpRequest, survey: Survey, question: Question | None, form: QuestionForm
) -> HttpResponse:
    return render(
        request,
        "consultations/survey_edit_question.html",
        {
            "consultation": survey.consultation,
            "survey": survey,
            "question": question,
            "form": form,
        },
        status=400 if form.is_bound else 200,
    )


def _save_question(
    request: HttpRequest, survey: Survey, question: Question | None, form: QuestionForm
) -> HttpResponse:
    try:
        saved = check_save_question(
            request.user, survey=survey, question=question, fields=form.question_fields()
        )
    except ValidationError as error:
        # Answers arrived after the form was shown: say so next to the field.
        if error.code == "kind_locked":
            form.add_error("kind", error)
        else:
            option = next(o for o in form.options if o.pk == error.params["option"])
            form.add_error(option_field(option), error)
        return _question_page(request, survey, question, form)
    if question is None:
        messages.success(request, _("Agregaste la pregunta «%(text)s».") % {"text": saved.text})
    else:
        messages.success(request, _("Guardaste la pregunta «%(text)s».") % {"text": saved.text})
    return _back_to_editor(survey.consultation.slug, saved)


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(*EDITORS)
def create_question(request: HttpRequest, slug: str) -> HttpResponse:
    survey = access_survey_for_editing(request.user, slug)
    form = QuestionForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        return _save_question(request, survey, None, form)
    return _question_page(request, survey, None, form)


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(*EDITORS)
def edit_question(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    survey = access_survey_for_editing(request.user, slug)
    question = access_question_for_editing(survey, pk)
    form = QuestionForm(
        request.POST if request.method == "POST" else None,
        question=question,
        usage=question_usage(question),
    )
    if form.is_valid():
        return _save_question(request, survey, question, form)
    return _question_page(request, survey, question, form)


@require_POST
@role_required(*EDITORS, page=_editor_page)
def move_question(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    survey = access_survey_for_editing(request.user, slug)
    question = access_question_for_editing(survey, pk)
    offset = MOVES.get(request.POST.get("direccion", ""))
    if offset is None:
        raise BadRequest("direccion: arriba o abajo")
    if do_move_question(request.user, question=question, offset=offset):
        if offset < 0:
            message = _("Subiste la pregunta «%(text)s».")
        else:
            message = _("Bajaste la pregunta «%(text)s».")
        messages.success(request, message % {"text": question.text})
    return _back_to_editor(slug, question)


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(*EDITORS)
def delete_question(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    survey = access_survey_for_editing(request.user, slug)
    question = access_question_for_editing(survey, pk)
    if request.method == "POST":
        try:
            check_delete_question(request.user, question=question)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return _back_to_editor(slug, question)
        messages.success(request, _("Borraste la pregunta «%(text)s».") % {"text": question.text})
        return _back_to_editor(slug)
    return render(
        request,
        "consultations/survey_edit_delete.html",
        {
            "consultation": survey.consultation,
            "survey": survey,
            "question": question,
            "usage": question_usage(question),
        },
    )
