"""URLs under /conversaciones/ (Spanish, stable: permalinks are shared)."""

from django.urls import path

from deliberation import views

app_name = "deliberation"

urlpatterns = [
    path("<int:pk>/", views.discussion, name="discussion"),
    path("<int:pk>/mas/", views.comment_batch, name="comment_batch"),
    path("<int:pk>/hilos/<int:root_id>/", views.comment_thread, name="comment_thread"),
    path("<int:pk>/comentar/", views.post_comment, name="post_comment"),
    path("comentarios/<int:pk>/", views.comment_permalink, name="comment_permalink"),
    path("comentarios/<int:pk>/editar/", views.edit_comment, name="edit_comment"),
    path("comentarios/<int:pk>/borrar/", views.delete_comment, name="delete_comment"),
    path("comentarios/<int:pk>/votar/", views.vote_comment, name="vote_comment"),
    path("comentarios/<int:pk>/historial/", views.comment_history, name="comment_history"),
    path("comentarios/<int:pk>/ocultar/", views.hide_comment, name="hide_comment"),
    path("comentarios/<int:pk>/restaurar/", views.restore_comment, name="restore_comment"),
    path(
        "comentarios/<int:pk>/reportar/",
        views.report_contribution,
        {"kind": "comentario"},
        name="report_comment",
    ),
    path(
        "comentarios/<int:pk>/apelar/",
        views.appeal_contribution,
        {"kind": "comentario"},
        name="appeal_comment",
    ),
    path("vista-previa/", views.preview_text, name="preview_text"),
    path("seguir/<int:content_type_id>/<int:object_id>/", views.follow, name="follow"),
    # Any registered contribution type, by its slug ("propuesta"); comments keep theirs.
    path(
        "aportes/<slug:kind>/<int:pk>/ocultar/", views.hide_contribution, name="hide_contribution"
    ),
    path(
        "aportes/<slug:kind>/<int:pk>/reportar/",
        views.report_contribution,
        name="report_contribution",
    ),
    path(
        "aportes/<slug:kind>/<int:pk>/apelar/",
        views.appeal_contribution,
        name="appeal_contribution",
    ),
    path(
        "aportes/<slug:kind>/<int:pk>/restaurar/",
        views.restore_contribution,
        name="restore_contribution",
    ),
]
