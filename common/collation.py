"""Spanish order and accent-blind comparison in SQL, the same on PostgreSQL and SQLite.

``spanish_order("name")`` is an ORDER BY term (for ``order_by()``, ``Meta.ordering`` or
``Window``) that sorts as Spanish speakers expect: "Áreas verdes" beside "Areas", Ñuñoa
after Nueva Imperial. On PostgreSQL it is the ICU collation ``es-CL-x-icu`` (imported by
initdb on every server built with ICU); on SQLite a collation of the same name, registered
on each new connection, compares with ``common.text.spanish_key``. Python code that sorts
lists itself uses ``common.text.spanish_sorted``: the three agree (tested on every comuna).

``Fold(expression)`` is ``common.text.fold`` in SQL: ``lower(unaccent(…))`` on PostgreSQL
(the ``unaccent`` extension, created by a deliberation migration) and a registered
``cabildo_fold`` function on SQLite. Compare it with an already folded text.

``PlainText(expression)`` is the text of sanitised HTML (tags off, character references
decoded), for the SQLite fallback of the search (``common.search.text_filter``), so "strong"
or "nofollow" do not find every comment with bold or a link. PostgreSQL needs none: its
text-search parser leaves tags out of the search vectors.

``install()`` is called once, from ``accounts``' ``AppConfig.ready()`` (the lowest app).
"""

import re
from functools import lru_cache
from html import unescape
from typing import Any

from django.db import NotSupportedError
from django.db.backends.signals import connection_created
from django.db.models import Expression, F, Func
from django.db.models.expressions import OrderBy
from django.db.models.functions import Collate

from common.text import fold, spanish_key

SPANISH_COLLATION = "es-CL-x-icu"
SQLITE_FOLD_FUNCTION = "cabildo_fold"
SQLITE_PLAIN_TEXT_FUNCTION = "cabildo_plain_text"
# Tags of sanitised HTML: attribute values have no raw ">" (the sanitiser escapes it).
_TAG = re.compile(r"<[^>]*>")


def spanish_order(field: str | Expression, *, descending: bool = False) -> OrderBy:
    """An ORDER BY term: ``field`` in Spanish order (ñ after n; accents and case break ties)."""
    expression = F(field) if isinstance(field, str) else field
    collated = Collate(expression, SPANISH_COLLATION)
    return collated.desc() if descending else collated.asc()


class Fold(Func):
    """``common.text.fold`` of a text expression, in SQL: lower case, no accents or tildes."""

    function = "lower"
    arity = 1

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="lower(unaccent(%(expressions)s))")

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, function=SQLITE_FOLD_FUNCTION)


class PlainText(Func):
    """The text of a sanitised HTML expression, on SQLite: each tag becomes a space (so
    paragraphs stay apart) and character references are decoded ("&amp;" is "&")."""

    function = SQLITE_PLAIN_TEXT_FUNCTION
    arity = 1

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        if connection.vendor != "sqlite":
            raise NotSupportedError(
                "PlainText is the SQLite search fallback's: PostgreSQL searches the "
                "HTML's search vector, whose parser leaves tags out."
            )
        return super().as_sql(compiler, connection, **extra)


@lru_cache(maxsize=4096)
def _cached_key(text: str) -> tuple:
    return spanish_key(text)


def _compare(left: str, right: str) -> int:
    left_key, right_key = _cached_key(left), _cached_key(right)
    return (left_key > right_key) - (left_key < right_key)


def _fold_or_null(text: Any) -> str | None:
    return None if text is None else fold(str(text))


def _plain_text_or_null(html: Any) -> str | None:
    return None if html is None else unescape(_TAG.sub(" ", str(html)))


def register_sqlite(connection: Any) -> None:
    """Give one SQLite connection the Spanish collation and the fold and plain-text
    functions."""
    raw = connection.connection
    raw.create_collation(SPANISH_COLLATION, _compare)
    raw.create_function(SQLITE_FOLD_FUNCTION, 1, _fold_or_null, deterministic=True)
    raw.create_function(SQLITE_PLAIN_TEXT_FUNCTION, 1, _plain_text_or_null, deterministic=True)


def _on_connection_created(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        register_sqlite(connection)


def install() -> None:
    """Register on every SQLite connection opened from now on (and any already open)."""
    from django.db import connections

    connection_created.connect(_on_connection_created, dispatch_uid="common.collation")
    for connection in connections.all(initialized_only=True):
        if connection.vendor == "sqlite" and connection.connection is not None:
            register_sqlite(connection)
