from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    # allauth's e-mail page, saying when a resend waits (before allauth's own URLs).
    path("email/", views.ManageEmailView.as_view(), name="manage_email"),
    path("perfil/", views.profile, name="profile"),
    path("notificaciones/", views.notifications, name="notifications"),
    path("notificaciones/<int:pk>/abrir/", views.open_notification, name="open_notification"),
    path(
        "notificaciones/leer-todas/",
        views.mark_all_notifications_read,
        name="mark_all_notifications_read",
    ),
    path("privacidad/", views.privacy_centre, name="privacy"),
    path("privacidad/exportar/", views.export_data, name="export_data"),
    path("privacidad/eliminar/", views.delete_account, name="delete_account"),
    path("verificacion/", views.verification, name="verification"),
    path("verificacion/<int:pk>/", views.set_verification, name="set_verification"),
]
