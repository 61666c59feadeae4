"""Cursor pagination for every list of the API.

Items come in ascending id; ``next`` is the full URL of the following page (the same
query with a new ``cursor``), or null on the last one. The cursor is opaque to clients
(base64 of ``v1:<last id>``), so its format may change with a new prefix. A row added
meanwhile never shifts a page: the next page starts after the last id seen.
"""

import base64
import re
from collections.abc import Callable
from typing import Annotated, Any

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import BeforeValidator, Field

from common.datasets import Item
from common.numbers import MAX_DIGITS, parse_int
from opendata.api.base import ApiError, explain_parameter

DEFAULT_LIMIT = 50
MAX_LIMIT = 100
CURSOR_PREFIX = "v1:"


def _cursor_pattern() -> str:
    """The cursors ``decode_cursor`` takes, exactly: unpadded base64url of ``v1:`` and 1 to
    ``MAX_DIGITS`` ASCII digits (what ``parse_int`` reads), so that the document's pattern
    and the code refuse the same values.

    ``v1:`` is three bytes, "djE6". Three digits (0x30-0x39) are four characters: the
    first holds the top six bits of the first digit (M, N or O); the second its two low
    bits and the top half of the second digit, 0x3 (D, T, j or z; only D or T after O,
    as 8 and 9 end in 00 and 01); the third the low half of the second digit, 0-9, and
    the top two bits of the third digit, 00 (A, E, I, ..., k); the fourth the low six bits
    of the third digit (w-z, 0-5). One or two trailing digits are two or three characters
    whose unused low bits are zero: only the canonical spelling of each cursor matches.
    """
    lead = "(?:[MN][DTjz]|O[DT])"
    group = f"{lead}[AEIMQUYcgk][w-z0-5]"
    one_digit, two_digits = "(?:[MN][AQgw]|O[AQ])", f"{lead}[AEIMQUYcgk]"
    prefix = base64.urlsafe_b64encode(CURSOR_PREFIX.encode()).decode()
    return (
        f"^{prefix}(?:(?:{group}){{1,{MAX_DIGITS // 3}}}"
        f"|(?:{group}){{0,{(MAX_DIGITS - 1) // 3}}}{one_digit}"
        f"|(?:{group}){{0,{(MAX_DIGITS - 2) // 3}}}{two_digits})$"
    )


CURSOR_PATTERN = _cursor_pattern()
_CURSOR = re.compile(CURSOR_PATTERN, re.ASCII)


def _limit(value: Any) -> Any:
    """ASCII digits only (``common.numbers``): pydantic would also take " 5", "+5",
    "1_0", or 12 in fullwidth or Arabic-Indic digits."""
    if isinstance(value, str):
        number = parse_int(value)
        if number is None:
            raise ValueError("limit")
        return number
    return value


class PageParameters(Schema):
    # A string or absent: no null in a query string, so the document says no null either.
    cursor: str = Field(
        None,
        description="Opaco: tómalo del enlace `next` de la página anterior.",
        json_schema_extra={"pattern": CURSOR_PATTERN},
    )
    # The bounds first, so the document shows them (minimum, maximum) on the integer.
    limit: Annotated[int, Field(ge=1, le=MAX_LIMIT), BeforeValidator(_limit)] = Field(
        DEFAULT_LIMIT, description="Elementos por página."
    )


explain_parameter(
    "limit",
    "invalid_limit",
    lambda: _("«limit» debe ser un número entero entre 1 y %(max)d.") % {"max": MAX_LIMIT},
)


def encode_cursor(last_id: int) -> str:
    raw = f"{CURSOR_PREFIX}{last_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """The id a cursor of ``encode_cursor`` carries; 400 ``invalid_cursor`` for anything
    outside ``CURSOR_PATTERN`` (which the OpenAPI document shows)."""
    if not _CURSOR.fullmatch(cursor):
        raise ApiError(
            400,
            "invalid_cursor",
            _("El cursor no es válido: usa el enlace «next» de la respuesta anterior."),
        )
    raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    last_id = parse_int(raw.removeprefix(CURSOR_PREFIX))
    assert last_id is not None  # the pattern admits only ASCII digits after the prefix
    return last_id


def paginate(
    request: HttpRequest,
    queryset: QuerySet,
    page: PageParameters,
    rows: Callable[[list[Model]], list[Item]],
) -> dict[str, Any]:
    """One page of ``queryset`` after the cursor, as ``{"items": rows(objects), "next"}``:
    one query for the objects (plus the queryset's prefetches and what ``rows`` reads),
    fetching one extra to know whether a next page exists."""
    if page.cursor is not None:
        queryset = queryset.filter(pk__gt=decode_cursor(page.cursor))
    objects = list(queryset.order_by("pk")[: page.limit + 1])
    next_url = None
    if len(objects) > page.limit:
        objects = objects[: page.limit]
        params = request.GET.copy()
        params["cursor"] = encode_cursor(objects[-1].pk)
        next_url = request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
    return {"items": rows(objects), "next": next_url}
