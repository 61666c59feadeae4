"""URLs under /consultas/: consultations (and their editor), proposals, supports, official
answers, the proposals map and results; the survey pages come from ``surveys.urls``."""

from django.urls import path

from consultations import views
from surveys.urls import survey_patterns

app_name = "consultations"

urlpatterns = [
    path("", views.list_consultations, name="list"),
    # Before "<slug:slug>/": "nueva" is reserved (rules.is_reserved_slug asks this URLconf).
    path("nueva/", views.create_consultation, name="create"),
    path("<slug:slug>/", views.consultation_detail, name="detail"),
    path("<slug:slug>/editar/", views.edit_consultation, name="edit"),
    path("<slug:slug>/publicar/", views.publish_consultation, name="publish"),
    path("<slug:slug>/fases/<str:kind>/cerrar/", views.close_phase, name="close_phase"),
    path("<slug:slug>/respuestas/publicar/", views.publish_answers, name="publish_answers"),
    path("<slug:slug>/propuestas/", views.list_proposals, name="list_proposals"),
    path("<slug:slug>/propuestas/mapa/", views.proposals_map, name="proposals_map"),
    path("<slug:slug>/propuestas/nueva/", views.create_proposal, name="create_proposal"),
    path("<slug:slug>/propuestas/lugar/", views.place_of_point, name="place_of_point"),
    path("<slug:slug>/propuestas/<int:pk>/", views.proposal_detail, name="proposal"),
    path("<slug:slug>/propuestas/<int:pk>/editar/", views.edit_proposal, name="edit_proposal"),
    path(
        "<slug:slug>/propuestas/<int:pk>/retirar/",
        views.withdraw_proposal,
        name="withdraw_proposal",
    ),
    path(
        "<slug:slug>/propuestas/<int:pk>/apoyar/", views.support_proposal, name="support_proposal"
    ),
    path(
        "<slug:slug>/propuestas/<int:pk>/quitar-apoyo/",
        views.withdraw_support,
        name="withdraw_support",
    ),
    path(
        "<slug:slug>/propuestas/<int:pk>/respuesta/",
        views.answer_proposal,
        name="answer_proposal",
    ),
    path("<slug:slug>/resultados/", views.consultation_results, name="consultation_results"),
    path(
        "<slug:slug>/resultados/resumen.csv",
        views.download_results_summary,
        name="download_results_summary",
    ),
    *survey_patterns("<slug:slug>/", owner="consultations.consultation"),
]

# The devolución (planning outcomes of the consultation's contributions).
urlpatterns += [
    path("<slug:slug>/devolucion/", views.devolution, name="devolution"),
    path("<slug:slug>/devolucion.csv", views.download_devolution, name="download_devolution"),
    path("<slug:slug>/devolucion/publicar/", views.publish_devolution, name="publish_devolution"),
]
