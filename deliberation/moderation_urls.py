"""URLs under /moderacion/ (the moderators' queue, cases, blocks and the public log)."""

from django.urls import path

from deliberation import moderation_views as views

app_name = "moderation"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("registro/", views.log, name="log"),
    path("bloqueos/", views.blocks, name="blocks"),
    path("bloqueos/<int:pk>/levantar/", views.lift_block, name="lift_block"),
    # A contribution's case, by its type's slug ("comentario", "propuesta") and id.
    path("<slug:kind>/<int:pk>/", views.case, name="case"),
    path("<slug:kind>/<int:pk>/restaurar/", views.restore, name="restore"),
    path("<slug:kind>/<int:pk>/aprobar/", views.approve, name="approve"),
    path("<slug:kind>/<int:pk>/ocultar/", views.hide, name="hide"),
    path("<slug:kind>/<int:pk>/pedir-edicion/", views.ask_edit, name="ask_edit"),
    path("<slug:kind>/<int:pk>/bloquear/", views.block_author, name="block_author"),
    path("<slug:kind>/<int:pk>/apelacion/", views.resolve_appeal, name="resolve_appeal"),
    path("<slug:kind>/<int:pk>/nota/", views.add_note, name="add_note"),
]
