"""Cursor pagination for every list of the API.

Items come in ascending id; ``next`` is the full URL of the following page (the same
query with a new ``cursor``), or null on the last one. The cursor is opaque to clients
(base64 of ``v1:<last id>``), so its format may change with a new prefix. A row added
meanwhile never shifts a page: the next page starts after the last id seen.
"""

import base64
import binascii
from collections.abc import Callable
from typing import Annotated, Any

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import BeforeValidator, Field

from common.datasets import Item
from opendata.api.base import ApiError, explain_parameter

DEFAULT_LIMIT = 50
MAX_LIMIT = 100
CURSOR_PREFIX = "v1:"


def _digits_only(value: Any) -> Any:
    """Plain digits, nothing else: pydantic would also take "+5", " 5", "5.0" or "1_0"."""
    if isinstance(value, str):
        if not value.isdigit():
            raise ValueError("limit")
        return int(value)
    return value


class PageParameters(Schema):
    cursor: str | None = Field(
        None, description="Opaco: tómalo del enlace `next` de la página anterior."
    )
    # The bounds first, so the document shows them (minimum, maximum) on the integer.
    limit: Annotated[int, Field(ge=1, le=MAX_LIMIT), BeforeValidator(_digits_only)] = Field(
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
    invalid = ApiError(
        400,
        "invalid_cursor",
        _("El cursor no es válido: usa el enlace «next» de la respuesta anterior."),
    )
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise invalid from None
    if not raw.startswith(CURSOR_PREFIX) or not raw[len(CURSOR_PREFIX) :].isdigit():
        raise invalid
    return int(raw[len(CURSOR_PREFIX) :])


def paginate(
    request: HttpRequest,
    queryset: QuerySet,
    page: PageParameters,
    rows: Callable[[list[Model]], list[Item]],
) -> dict[str, Any]:
    """One page of ``queryset`` after the cursor, as ``{"items": rows(objects), "next"}``:
    one query for the objects (plus the queryset's prefetches and what ``rows`` reads),
    fetching one extra to know whether a next page exists."""
    if page.cursor:
        queryset = queryset.filter(pk__gt=decode_cursor(page.cursor))
    objects = list(queryset.order_by("pk")[: page.limit + 1])
    next_url = None
    if len(objects) > page.limit:
        objects = objects[: page.limit]
        params = request.GET.copy()
        params["cursor"] = encode_cursor(objects[-1].pk)
        next_url = request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
    return {"items": rows(objects), "next": next_url}
