"""The survey pages, routed under their owner's URLs.

An owner app includes them in its own URLconf, after the part of the path that names the
owner, e.g. in ``consultations/urls.py``::

    *survey_patterns("<slug:slug>/", owner="consultations.consultation")

which serves ``/consultas/<slug>/encuesta/``, its results and its editor, named in the
owner's namespace (``consultations:answer_survey``). The views find the owner through its
``surveys.registry`` policy, from the URL's keyword arguments.
"""

from django.urls import URLPattern, path

from surveys import views


def survey_patterns(prefix: str, *, owner: str) -> list[URLPattern]:
    """The survey pages under ``prefix`` (the owner's part of the path) for the registered
    owner model ``owner`` (``app_label.model_name``)."""
    pages = [
        ("encuesta/", views.answer_survey, "answer_survey"),
        ("encuesta/editar/", views.edit_survey, "edit_survey"),
        ("encuesta/preguntas/nueva/", views.create_question, "create_question"),
        ("encuesta/preguntas/<int:pk>/editar/", views.edit_question, "edit_question"),
        ("encuesta/preguntas/<int:pk>/mover/", views.move_question, "move_question"),
        ("encuesta/preguntas/<int:pk>/borrar/", views.delete_question, "delete_question"),
        ("encuesta/resultados/", views.survey_results, "survey_results"),
        ("encuesta/resultados.csv", views.download_survey_results, "download_survey_results"),
        (
            "encuesta/resultados/preguntas/<int:pk>/",
            views.survey_text_answers,
            "survey_text_answers",
        ),
    ]
    return [
        path(f"{prefix}{route}", view, {"owner_type": owner}, name=name)
        for route, view, name in pages
    ]
