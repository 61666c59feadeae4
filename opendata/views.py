"""/datos/: the list of registered datasets and their files. Public, the same for
everyone (who is signed in changes nothing), readable from any site (CORS)."""

from collections.abc import Callable, Iterator

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from common.datasets import Dataset, dataset_for, registered_datasets
from common.pagecache import cache_for_anonymous
from opendata.files import LICENSE_URL, csv_lines, filename, json_parts, streaming_response

# Each file format: what writes it, and its content type.
FORMATS: dict[str, tuple[Callable[[Dataset, HttpRequest], Iterator[str]], str]] = {
    "csv": (csv_lines, "text/csv; charset=utf-8"),
    "json": (json_parts, "application/json; charset=utf-8"),
}


@require_safe
@cache_for_anonymous
def data_index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "opendata/index.html",
        {"datasets": registered_datasets(), "license_url": LICENSE_URL},
    )


@require_safe
def download_dataset(request: HttpRequest, dataset: str, file_format: str) -> StreamingHttpResponse:
    """A registered dataset's whole file, streamed (``file_format`` comes from the URL)."""
    chosen = dataset_for(dataset)
    if chosen is None:
        raise Http404
    write, content_type = FORMATS[file_format]
    response = streaming_response(request, write(chosen, request), content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename(chosen, file_format)}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
