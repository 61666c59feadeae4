"""Open data (/datos/) and the read-only JSON API (/api/v1/): the ``data`` namespace."""

from django.urls import include, path

from opendata import api, views
from opendata.api.base import public_read_only
from opendata.api.document import serve_openapi_document

app_name = "data"

urlpatterns = [
    path("datos/", views.data_index, name="index"),
    path(
        "datos/<slug:dataset>.csv",
        views.download_dataset,
        {"file_format": "csv"},
        name="download_csv",
    ),
    path(
        "datos/<slug:dataset>.json",
        views.download_dataset,
        {"file_format": "json"},
        name="download_json",
    ),
    path("api/v1/openapi.json", public_read_only(serve_openapi_document), name="api_openapi"),
    path("api/v1/", include(api.urlpatterns())),
]
