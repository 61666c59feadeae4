from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from config import views

urlpatterns = [
    path("", views.home, name="home"),
    path("buscar/", views.site_search, name="site_search"),
    path("privacidad/", views.privacy_policy, name="privacy_policy"),
    path("idioma/", views.switch_language, name="switch_language"),
    path("consultas/", include("consultations.urls")),
    path("planificacion/", include("planning.urls")),
    path("indicadores/", include("planning.indicators.urls")),
    path("moderacion/", include("deliberation.moderation_urls")),
    path("conversaciones/", include("deliberation.urls")),
    path("", include("opendata.urls")),
    path("cuenta/", include("accounts.urls")),
    path("cuenta/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    # Uploaded images in development; production serves MEDIA_ROOT from its own storage.
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]

handler400 = "config.views.bad_request"
handler403 = "config.views.permission_denied"
handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"
handler429 = "config.views.too_many_requests"
