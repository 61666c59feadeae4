"""The dataset files: CSV and JSON written as the items arrive.

Every registered dataset (``common.datasets``) gets both files. The CSV goes through the
one CSV writer (``common.csv.SafeWriter``: formula-like text is neutralised for
spreadsheets); the JSON keeps the text as written. Both stream for real under WSGI and
ASGI, so a 30 MB file never sits in memory.
"""

import json
from collections.abc import AsyncIterator, Iterator
from itertools import islice
from typing import Any

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIRequest
from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone

from common.csv import BOM, Echo, SafeWriter
from common.datasets import Dataset

LICENSE = "CC-BY-4.0"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/deed.es"


def csv_lines(dataset: Dataset, request: HttpRequest) -> Iterator[str]:
    writer = SafeWriter(Echo())
    # The byte-order mark, so spreadsheet programs read the accents as UTF-8.
    yield BOM + writer.writerow(dataset.columns)
    for item in dataset.items(request):
        for row in dataset.csv_rows(item):
            yield writer.writerow(row)


def json_parts(dataset: Dataset, request: HttpRequest) -> Iterator[str]:
    """``{"dataset", "license", "generated_at", "items": [...]}``, one item at a time."""
    head = {
        "dataset": dataset.name,
        "license": LICENSE,
        "generated_at": timezone.localtime().isoformat(),
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "items": ['
    for index, item in enumerate(dataset.items(request)):
        yield ("," if index else "") + json.dumps(item, ensure_ascii=False)
    yield "]}"


def filename(dataset: Dataset, extension: str) -> str:
    return f"cabildo-{dataset.slug}-{timezone.localdate().isoformat()}.{extension}"


def streaming_response(request: HttpRequest, parts: Iterator[str], content_type: str) -> Any:
    """A streaming response of ``parts``, streamed for real under both servers.

    Under ASGI, Django reads a synchronous iterator whole into a list before sending it
    (with a warning). There the parts are pulled in batches from the same generator, in
    the thread that runs the ORM, by an asynchronous iterator; under WSGI the generator is
    handed over as it is.
    """
    if isinstance(request, ASGIRequest):
        return StreamingHttpResponse(_in_async_batches(parts), content_type=content_type)
    return StreamingHttpResponse(parts, content_type=content_type)


async def _in_async_batches(parts: Iterator[str], size: int = 500) -> AsyncIterator[str]:
    def next_batch() -> str:
        return "".join(islice(parts, size))

    while batch := await sync_to_async(next_batch, thread_sensitive=True)():
        yield batch
