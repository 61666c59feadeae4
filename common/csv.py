"""The one CSV writer: every file the platform hands out goes through ``SafeWriter``.

OWASP's advice against CSV injection: a text cell that a spreadsheet would read as a
formula (proposal titles, survey options, anything people write) starts with an
apostrophe instead. Files start with a byte-order mark, so spreadsheet programs read the
accents as UTF-8.
"""

import csv
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def spreadsheet_safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """``csv.writer`` that neutralises formula-like text cells (see FORMULA_STARTS)."""

    def __init__(self, target: Any) -> None:
        self._writer = csv.writer(target)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([spreadsheet_safe(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class Echo:
    """A file-like object whose write() returns the line: ``SafeWriter(Echo())`` builds
    the lines of a streamed file one at a time."""

    def write(self, value: str) -> str:
        return value


def csv_response(filename: str) -> tuple[HttpResponse, SafeWriter]:
    """An attachment response of ``filename`` (BOM written) and the writer to fill it."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write(BOM)
    return response, SafeWriter(response)
