"""Open data (/datos/) and the read-only JSON API (/api/v1/): the ``data`` namespace."""

from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt

from opendata import api, views
from opendata.api.base import public_read_only, unknown_address
from opendata.api.document import serve_openapi_document

app_name = "data"

# The files are GET and HEAD only (``require_safe``): exempt from CSRF, so that a POST
# gets their 405 with its Allow header, not the CSRF page; nothing there writes.
download_dataset = csrf_exempt(views.download_dataset)

urlpatterns = [
    path("datos/", views.data_index, name="index"),
    path(
        "datos/<slug:dataset>.csv",
        download_dataset,
        {"file_format": "csv"},
        name="download_csv",
    ),
    path(
        "datos/<slug:dataset>.json",
        download_dataset,
        {"file_format": "json"},
        name="download_json",
    ),
    path("api/v1/openapi.json", public_read_only(serve_openapi_document), name="api_openapi"),
    path("api/v1/", include(api.urlpatterns())),
    # Last: whatever under /api/v1/ the endpoints above refuse gets the API's JSON 404
    # (any character, a newline too, which "." would leave to the HTML page).
    re_path(r"^api/v1/(?P<path>[\s\S]*)$", unknown_address, name="api_unknown"),
]
