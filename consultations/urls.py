"""URLs under /consultas/. Core pages (consultations, proposals, supports, answers, map)
are in urls_core.py; surveys and results in urls_surveys.py."""

from consultations import urls_core, urls_surveys

app_name = "consultations"

urlpatterns = [*urls_core.urlpatterns, *urls_surveys.urlpatterns]
