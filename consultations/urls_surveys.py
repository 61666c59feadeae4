"""Surveys and results under /consultas/<slug>/ (namespace ``consultations``), and the
survey editor (``survey_manage``)."""

from django.urls import path

from consultations import survey_manage, survey_views

urlpatterns = [
    path("<slug:slug>/encuesta/", survey_views.answer_survey, name="answer_survey"),
    path("<slug:slug>/encuesta/editar/", survey_manage.edit_survey, name="edit_survey"),
    path(
        "<slug:slug>/encuesta/preguntas/nueva/",
        survey_manage.create_question,
        name="create_question",
    ),
    path(
        "<slug:slug>/encuesta/preguntas/<int:pk>/editar/",
        survey_manage.edit_question,
        name="edit_question",
    ),
    path(
        "<slug:slug>/encuesta/preguntas/<int:pk>/mover/",
        survey_manage.move_question,
        name="move_question",
    ),
    path(
        "<slug:slug>/encuesta/preguntas/<int:pk>/borrar/",
        survey_manage.delete_question,
        name="delete_question",
    ),
    path(
        "<slug:slug>/encuesta/resultados/",
        survey_views.survey_results,
        name="survey_results",
    ),
    path(
        "<slug:slug>/encuesta/resultados.csv",
        survey_views.download_survey_results,
        name="download_survey_results",
    ),
    path(
        "<slug:slug>/encuesta/resultados/preguntas/<int:pk>/",
        survey_views.survey_text_answers,
        name="survey_text_answers",
    ),
    path("<slug:slug>/resultados/", survey_views.consultation_results, name="consultation_results"),
    path(
        "<slug:slug>/resultados/resumen.csv",
        survey_views.download_results_summary,
        name="download_results_summary",
    ),
]
