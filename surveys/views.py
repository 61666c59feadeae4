"""The survey pages, routed under their owner's URLs (``surveys.urls``): answering the
survey, its results, and the editor where the owner's editors build it.

Every view receives ``owner_type`` (the registered owner model's label, set by the URL
pattern) and the keyword arguments that name the owner (``slug`` for a consultation); the
owner's policy finds it. Thin views: access, form, one action, redirect or render.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.roles import Role, role_required
from common.csv import csv_response
from common.numbers import page_number
from common.pagecache import cache_for_anonymous
from surveys.access import (
    access_owner_for_survey_editing,
    access_question_for_editing,
    access_survey,
    access_survey_for_editing,
    access_text_question,
    may_see_survey_results,
    survey_of,
)
from surveys.actions import (
    check_answer_survey,
    check_delete_question,
    check_save_question,
    do_move_question,
    do_save_survey,
)
from surveys.editor_forms import QuestionForm, SurveySettingsForm, option_field
from surveys.forms import SurveyForm, initial_from_answers
from surveys.models import Question, Survey
from surveys.pages import owner_context, with_question_urls, with_text_answer_urls
from surveys.queries import (
    editor_questions,
    question_usage,
    questions_of,
    response_of,
    text_answers_page,
)
from surveys.registry import policy_by_label
from surveys.results import question_csv_rows, question_items, tally_survey
from surveys.rules import answering_refusal, may_edit_survey_of

# Who may open the editor at all; the owner's policy then decides which surveys (for a
# consultation: administrators, or officials of its division).
EDITORS = (Role.OFFICIAL, Role.ADMINISTRATOR)
MOVES = {"arriba": -1, "abajo": 1}

# The survey's own download: ``results.QUESTION_COLUMNS``, named in Spanish.
SURVEY_CSV_HEADER = [
    "pregunta_orden",
    "pregunta",
    "tipo",
    "personas_que_respondieron",
    "opcion_o_valor",
    "personas",
    "porcentaje",
    "lugar_promedio",
    "primeros_lugares",
    "puntos",
]


def _survey_context(survey: Survey, **extra: Any) -> dict[str, Any]:
    return {"survey": survey, **owner_context(survey.owner), **extra}


def _editor_page(request: HttpRequest, owner_type: str, **kwargs: Any) -> str:
    """Where the editor's buttons are (for the login's ``next``: no query)."""
    kwargs.pop("pk", None)
    _model, policy = policy_by_label(owner_type)
    return reverse(f"{policy.url_namespace}:edit_survey", kwargs=kwargs)


def _back_to_editor(survey: Survey, question: Question | None = None) -> HttpResponse:
    """The editor, scrolled to ``question`` when given."""
    url = survey.url_for("edit_survey")
    if question is not None:
        url += f"#pregunta-{question.pk}"
    return redirect(url)


# --- Answering -------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def answer_survey(request: HttpRequest, owner_type: str, **owner: Any) -> HttpResponse:
    survey = access_survey(request.user, owner_type, owner)
    questions = questions_of(survey)
    response = response_of(request.user, survey)
    refusal = answering_refusal(request.user, survey, has_questions=bool(questions))
    context = _survey_context(survey, response=response)
    # A survey without questions has no form to show or to send: explain, whatever the method.
    if refusal is not None and (request.method != "POST" or refusal.code == "not_ready"):
        status = 403 if refusal.code == "not_allowed" or request.method == "POST" else 200
        # Its editors, told what residents are told, also read the questions as they will
        # show (a survey that opens later, or one they may not answer themselves).
        preview = (
            SurveyForm(questions=questions)
            if questions and may_edit_survey_of(request.user, survey.owner)
            else None
        )
        # "Ver los resultados" only where the viewer may read them (not before a survey
        # whose results wait for its closing opens, nor without questions).
        results_visible = refusal.code != "not_ready" and may_see_survey_results(
            request.user, survey
        )
        return render(
            request,
            "surveys/answer.html",
            {**context, "refusal": refusal, "preview": preview, "results_visible": results_visible},
            status=status,
        )
    if request.method != "POST":
        initial = initial_from_answers(questions, response.answer_list) if response else {}
        form = SurveyForm(
            initial={**initial, "revision": response.revision if response else 0},
            questions=questions,
        )
        return render(request, "surveys/answer.html", {**context, "form": form})

    form = SurveyForm(request.POST, questions=questions)
    if not form.is_valid():
        # The error summary above the form says it (one banner, not a message as well).
        return render(request, "surveys/answer.html", {**context, "form": form}, status=400)
    try:
        check_answer_survey(
            request.user,
            survey=survey,
            answers=form.answers(),
            revision=form.cleaned_data["revision"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        # What the person typed stays in the form. After a duplicate refusal it carries
        # the stored revision, so sending it again replaces the stored answer on purpose.
        stored = response_of(request.user, survey)
        form.data = form.data.copy()
        form.data["revision"] = stored.revision if stored else 0
        status = 409 if error.code == "duplicate" else 403
        return render(
            request,
            "surveys/answer.html",
            {**context, "response": stored, "form": form},
            status=status,
        )
    if response is None:
        messages.success(
            request,
            _(
                "¡Gracias! Guardamos tus respuestas. Puedes cambiarlas hasta que cierre "
                "la encuesta."
            ),
        )
    else:
        messages.success(request, _("Guardamos los cambios a tus respuestas."))
    return redirect(survey.url_for("answer_survey"))


# --- Results ---------------------------------------------------------------------------


def _pending_results(request: HttpRequest, survey: Survey) -> HttpResponse:
    return render(request, "surveys/results_pending.html", _survey_context(survey), status=403)


@require_safe
@cache_for_anonymous
def survey_results(request: HttpRequest, owner_type: str, **owner: Any) -> HttpResponse:
    survey = access_survey(request.user, owner_type, owner)
    if not may_see_survey_results(request.user, survey):
        return _pending_results(request, survey)
    # Lazy: the page's content is shared by every viewer ({% shared %}).
    results = SimpleLazyObject(lambda: with_text_answer_urls(tally_survey(survey)))
    return render(request, "surveys/results.html", _survey_context(survey, results=results))


@require_safe
def download_survey_results(request: HttpRequest, owner_type: str, **owner: Any) -> HttpResponse:
    """The survey's aggregates as CSV (no text answers: only their count)."""
    survey = access_survey(request.user, owner_type, owner)
    if not may_see_survey_results(request.user, survey):
        return _pending_results(request, survey)
    name = "-".join(str(value) for value in owner.values())
    response, writer = csv_response(f"encuesta-{name}.csv")
    writer.writerow(SURVEY_CSV_HEADER)
    for item in question_items(tally_survey(survey)):
        writer.writerows(question_csv_rows(item))
    return response


@require_safe
@cache_for_anonymous
def survey_text_answers(
    request: HttpRequest, owner_type: str, pk: int, **owner: Any
) -> HttpResponse:
    survey = access_survey(request.user, owner_type, owner)
    if not may_see_survey_results(request.user, survey):
        return _pending_results(request, survey)
    question = access_text_question(survey, pk)
    return render(
        request,
        "surveys/text_answers.html",
        _survey_context(
            survey,
            question=question,
            page=text_answers_page(question, page_number(request.GET.get("pagina"))),
        ),
    )


# --- The editor ------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(*EDITORS)
def edit_survey(request: HttpRequest, owner_type: str, **owner_kwargs: Any) -> HttpResponse:
    owner = access_owner_for_survey_editing(request.user, owner_type, owner_kwargs)
    survey = survey_of(owner)
    form = SurveySettingsForm(
        request.POST if request.method == "POST" else None,
        initial=SurveySettingsForm.initial_for(survey),
    )
    if form.is_valid():
        saved, created = do_save_survey(request.user, owner=owner, **form.cleaned_data)
        if created:
            messages.success(request, _("Creaste la encuesta. Ahora agrégale preguntas."))
        else:
            messages.success(request, _("Guardaste los datos de la encuesta."))
        return _back_to_editor(saved)
    questions = with_question_urls(survey, editor_questions(survey)) if survey else []
    return render(
        request,
        "surveys/edit.html",
        {**owner_context(owner), "survey": survey, "form": form, "questions": questions},
        status=400 if form.is_bound else 200,
    )


def _question_page(
    request: HttpRequest, survey: Survey, question: Question | None, form: QuestionForm
) -> HttpResponse:
    return render(
        request,
        "surveys/edit_question.html",
        _survey_context(survey, question=question, form=form),
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
    return _back_to_editor(survey, saved)


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(*EDITORS)
def create_question(request: HttpRequest, owner_type: str, **owner: Any) -> HttpResponse:
    survey = access_survey_for_editing(request.user, owner_type, owner)
    form = QuestionForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        return _save_question(request, survey, None, form)
    return _question_page(request, survey, None, form)


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(*EDITORS)
def edit_question(request: HttpRequest, owner_type: str, pk: int, **owner: Any) -> HttpResponse:
    survey = access_survey_for_editing(request.user, owner_type, owner)
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
def move_question(request: HttpRequest, owner_type: str, pk: int, **owner: Any) -> HttpResponse:
    survey = access_survey_for_editing(request.user, owner_type, owner)
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
    return _back_to_editor(survey, question)


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(*EDITORS)
def delete_question(request: HttpRequest, owner_type: str, pk: int, **owner: Any) -> HttpResponse:
    survey = access_survey_for_editing(request.user, owner_type, owner)
    question = access_question_for_editing(survey, pk)
    if request.method == "POST":
        try:
            check_delete_question(request.user, question=question)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return _back_to_editor(survey, question)
        messages.success(request, _("Borraste la pregunta «%(text)s».") % {"text": question.text})
        return _back_to_editor(survey)
    question.edit_url = survey.url_for("edit_question", question.pk)
    return render(
        request,
        "surveys/edit_delete.html",
        _survey_context(survey, question=question, usage=question_usage(question)),
    )
