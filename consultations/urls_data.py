"""Open data (/datos/) and the read-only JSON API (/api/v1/)."""

from django.urls import path

from consultations import api, opendata

app_name = "data"

urlpatterns = [
    path("datos/", opendata.data_index, name="index"),
    path("datos/<slug:dataset>.csv", opendata.download_csv, name="download_csv"),
    path("datos/<slug:dataset>.json", opendata.download_json, name="download_json"),
    path("api/v1/", api.api_root, name="api_root"),
    path("api/v1/openapi.json", api.api_openapi, name="api_openapi"),
    path("api/v1/consultations/", api.api_consultations, name="api_consultations"),
    path("api/v1/consultations/<slug:slug>/", api.api_consultation, name="api_consultation"),
    path(
        "api/v1/consultations/<slug:slug>/proposals/",
        api.api_proposals,
        name="api_proposals",
    ),
    path(
        "api/v1/consultations/<slug:slug>/proposals/<int:pk>/",
        api.api_proposal,
        name="api_proposal",
    ),
    path("api/v1/consultations/<slug:slug>/results/", api.api_results, name="api_results"),
]
