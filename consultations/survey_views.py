"""Views under /consultas/<slug>/: the survey, its results, and the consultation's results."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from consultations.opendata import SafeWriter
from consultations.results import answered_proposals_page, participation
from consultations.survey_access import (
    access_consultation_results,
    access_survey,
    access_text_question,
    may_see_survey_results,
)
from consultations.survey_actions import answering_refusal, check_answer_survey
from consultations.survey_forms import SurveyForm, initial_from_answers
from consultations.survey_queries import (
    questions_of,
    response_of,
    tally_survey,
    text_answers_page,
)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def answer_survey(request: HttpRequest, slug: str) -> HttpResponse:
    survey = access_survey(request.user, slug)
    questions = questions_of(survey)
    response = response_of(request.user, survey)
    refusal = answering_refusal(request.user, survey, has_questions=bool(questions))
    context = {"survey": survey, "consultation": survey.consultation, "response": response}
    # A survey without questions has no form to show or to send: explain, whatever the method.
    if refusal is not None and (request.method != "POST" or refusal.code == "not_ready"):
        status = 403 if refusal.code == "not_allowed" or request.method == "POST" else 200
        return render(
            request, "consultations/survey.html", {**context, "refusal": refusal}, status=status
        )
    if request.method != "POST":
        initial = initial_from_answers(questions, response.answer_list) if response else {}
        form = SurveyForm(
            initial={**initial, "revision": response.revision if response else 0},
            questions=questions,
        )
        return render(request, "consultations/survey.html", {**context, "form": form})

    form = SurveyForm(request.POST, questions=questions)
    if not form.is_valid():
        messages.error(request, _("Revisa las preguntas marcadas: no se guardó nada todavía."))
        return render(request, "consultations/survey.html", {**context, "form": form}, status=400)
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
            "consultations/survey.html",
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
    return redirect("consultations:answer_survey", slug=slug)


def _pending_results(request: HttpRequest, survey) -> HttpResponse:
    return render(
        request,
        "consultations/survey_results_pending.html",
        {"survey": survey, "consultation": survey.consultation},
        status=403,
    )


@require_safe
def survey_results(request: HttpRequest, slug: str) -> HttpResponse:
    survey = access_survey(request.user, slug)
    if not may_see_survey_results(request.user, survey):
        return _pending_results(request, survey)
    return render(
        request,
        "consultations/survey_results.html",
        {
            "survey": survey,
            "consultation": survey.consultation,
            "results": tally_survey(survey),
        },
    )


def _csv_response(filename: str) -> tuple[HttpResponse, SafeWriter]:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # A byte-order mark, so spreadsheet programs read the accents as UTF-8.
    response.write("\ufeff")
    return response, SafeWriter(response)


SURVEY_CSV_HEADER = [
    "pregunta_orden",
    "pregunta",
    "tipo",
    "opcion_o_valor",
    "personas",
    "porcentaje",
    "lugar_promedio",
    "primeros_lugares",
    "puntos",
    "personas_que_respondieron",
]


def survey_csv_rows(results) -> list[list]:
    """The survey's aggregates as CSV rows (no text answers: only their count)."""
    rows = []
    for position, result in enumerate(results.questions, start=1):
        question = result.question
        common = [position, question.text, question.kind]
        if result.is_text:
            rows.append([*common, "", result.text_count, "", "", "", "", result.respondents])
            continue
        for row in result.rows:
            rows.append(
                [
                    *common,
                    row.label,
                    row.count,
                    f"{row.percent:.1f}",
                    "" if row.average_place is None else f"{row.average_place:.2f}",
                    row.first_places if result.is_ranking else "",
                    row.points if result.is_ranking else "",
                    result.respondents,
                ]
            )
    return rows


@require_safe
def download_survey_results(request: HttpRequest, slug: str) -> HttpResponse:
    survey = access_survey(request.user, slug)
    if not may_see_survey_results(request.user, survey):
        return _pending_results(request, survey)
    results = tally_survey(survey)
    response, writer = _csv_response(f"encuesta-{slug}.csv")
    writer.writerow(SURVEY_CSV_HEADER)
    writer.writerows(survey_csv_rows(results))
    return response


@require_safe
def survey_text_answers(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    survey = access_survey(request.user, slug)
    if not may_see_survey_results(request.user, survey):
        return _pending_results(request, survey)
    question = access_text_question(request.user, survey, pk)
    return render(
        request,
        "consultations/survey_text_answers.html",
        {
            "survey": survey,
            "consultation": survey.consultation,
            "question": question,
            "page": text_answers_page(question, request.GET.get("pagina")),
        },
    )


@require_safe
def consultation_results(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = access_consultation_results(request.user, slug)
    survey = getattr(consultation, "survey", None)
    results = None
    if survey is not None and may_see_survey_results(request.user, survey):
        results = tally_survey(survey)
    return render(
        request,
        "consultations/results.html",
        {
            "consultation": consultation,
            "participation": participation(consultation),
            "answers": answered_proposals_page(consultation, request.GET.get("pagina")),
            "survey": survey,
            "results": results,
        },
    )


SUMMARY_CSV_HEADER = ["seccion", "pregunta", "categoria", "personas", "porcentaje", "nota"]


@require_safe
def download_results_summary(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = access_consultation_results(request.user, slug)
    figures = participation(consultation)
    response, writer = _csv_response(f"resultados-{slug}.csv")
    writer.writerow(SUMMARY_CSV_HEADER)
    for label, value in [
        (_("Personas participantes"), figures.participants),
        (_("Propuestas"), figures.proposals),
        (_("Apoyos"), figures.supports),
        (_("Respuestas a la encuesta"), figures.responses),
    ]:
        writer.writerow(["participacion", "", label, value, "", ""])
    for _value, label, count in figures.proposals_by_state:
        writer.writerow(["propuestas_por_estado", "", label, count, "", ""])
    for key, _title, cells in figures.breakdowns:
        for cell in cells:
            note = "" if cell.count is not None else _cell_note(cell)
            writer.writerow([f"participantes_por_{key}", "", cell.label, cell.count, "", note])
    survey = getattr(consultation, "survey", None)
    if survey is not None and may_see_survey_results(request.user, survey):
        for result in tally_survey(survey).questions:
            if result.is_text:
                note = _("respuestas abiertas: se publican en la página de la encuesta")
                writer.writerow(["encuesta", result.question.text, "", result.text_count, "", note])
            for row in result.rows:
                writer.writerow(
                    [
                        "encuesta",
                        result.question.text,
                        row.label,
                        row.count,
                        f"{row.percent:.1f}",
                        "",
                    ]
                )
    return response


def _cell_note(cell) -> str:
    return _("menos de 5") if cell.suppressed == "small" else _("reservado")
