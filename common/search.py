"""Search, accent- and case-blind, and the registry of the site-wide search (``/buscar/``).

Matching is the same everywhere: on PostgreSQL full-text search with the ``es_unaccent``
configuration (Spanish stemming after ``unaccent``: "arbol" finds "Árboles", "ciclovias"
finds "ciclovías"); on SQLite (``make run``) every word of the folded query, stripped of a
Spanish plural (``word_stems``), must begin a word of one of the folded fields
(``common.collation.Fold``), HTML fields by their text (``common.collation.PlainText``:
"strong" does not find bold). ``text_filter`` builds that condition.

Each space that wants its content found registers a ``SearchSource`` from its
``AppConfig.ready()`` (consultations: consultations and proposals; deliberation:
comments; later the public account, commitments and councils). A source returns a
queryset of what ANYONE may read (published, not hidden, pending, withdrawn or draft),
ordered best first, and turns a batch of its rows into ``SearchResult``s without further
queries per row. The page (``config.views.site_search``) shows a few of each kind and a
"ver más" link to the kind alone, paginated, or to the space's own filtered list.
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchVectorExact
from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.lookups import Regex

from common.collation import Fold
from common.text import fold

# Text-search configuration of every search vector (deliberation migration 0003).
SEARCH_CONFIG = "es_unaccent"
MAX_QUERY_LENGTH = 200
_WORD = re.compile(r"\w+")
_VOWELS = frozenset("aeiou")


def uses_full_text_search() -> bool:
    """PostgreSQL has Spanish full-text search; SQLite compares folded text."""
    return connection.vendor == "postgresql"


def search_query(text: str) -> SearchQuery:
    """The PostgreSQL query of what someone typed (web-search syntax: "…", -word, or)."""
    return SearchQuery(fold(text), config=SEARCH_CONFIG, search_type="websearch")


def query_words(text: str) -> list[str]:
    """The folded words of a query ("Espacios Públicos" → ["espacios", "publicos"])."""
    return _WORD.findall(fold(text))


def word_stems(word: str) -> tuple[str, ...]:
    """What a word of the text must begin with to match the folded query ``word``, for the
    SQLite fallback: the word without a Spanish plural, so singular and plural find each
    other ("ciclovias" → "ciclovia", "arboles" → "arbol", "luces" → "luz" or "luce",
    and "luz" finds "luces"). Words under five letters keep their "s" ("mes", "tres")."""
    if word.endswith("z"):
        return (word, f"{word[:-1]}ces")
    if len(word) < 5 or not word.endswith("s"):
        return (word,)
    if word.endswith("ces"):  # luces → luz, avances → avance
        return (f"{word[:-3]}z", word[:-1])
    if word.endswith("es") and word[-3] not in _VOWELS:  # arboles → arbol, leyes → ley
        return (word[:-2],)
    if word[-2] in _VOWELS:  # ciclovias → ciclovia, parques → parque
        return (word[:-1],)
    return (word,)


def text_filter(text: str, *, vector: Any, fields: Sequence[str | Any]) -> Q:
    """Rows matching ``text``: ``vector`` (a stored search vector or an expression) against
    the query on PostgreSQL; on SQLite each folded word, singular or plural
    (``word_stems``), at the start of a word of some folded field (a name, or an
    expression such as ``PlainText("body")`` for HTML). A query with no words matches
    nothing."""
    words = query_words(text)
    if not words:
        return Q(pk__in=[])
    if uses_full_text_search():
        if isinstance(vector, str):
            return Q(**{vector: search_query(text)})
        return Q(SearchVectorExact(vector, search_query(text)))
    condition = Q()
    for word in words:
        pattern = r"\b(?:{})".format("|".join(map(re.escape, word_stems(word))))
        condition &= Q.create([Q(Regex(Fold(field), pattern)) for field in fields], connector=Q.OR)
    return condition


# --- Snippets --------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    text: str
    matched: bool


def snippet(text: str, query: str, *, length: int = 200) -> list[Segment]:
    """Up to ``length`` characters of ``text`` around the first word of ``query`` it
    contains (accent- and case-blind; stems: "ciclovias" shows "ciclovía"), with the
    matching words marked. Plain text in, plain text out: the template escapes it."""
    text = " ".join(text.split())
    folded = [fold(char)[:1] or " " for char in text]  # one folded char per char
    haystack = "".join(folded)
    spans: list[tuple[int, int]] = []
    for word in query_words(query):
        stem = word if len(word) <= 4 else word[: max(4, len(word) - 2)]
        for match in re.finditer(rf"\b{re.escape(stem)}\w*", haystack):
            spans.append(match.span())
    spans.sort()
    start = 0
    if spans and len(text) > length:
        start = max(0, spans[0][0] - length // 4)
        # Start at a word.
        space = text.rfind(" ", 0, start)
        start = 0 if space < 0 else space + 1
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    segments: list[Segment] = []
    position = start
    for span_start, span_end in spans:
        span_start, span_end = max(span_start, position), min(span_end, end)
        if span_start >= span_end:
            continue
        if span_start > position:
            segments.append(Segment(text[position:span_start], False))
        segments.append(Segment(text[span_start:span_end], True))
        position = span_end
    if position < end:
        segments.append(Segment(text[position:end], False))
    if start > 0:
        segments.insert(0, Segment("…", False))
    if end < len(text):
        segments.append(Segment("…", False))
    return segments


# --- The site-wide search's registry ---------------------------------------------------


@dataclass(frozen=True)
class SearchResult:
    kind: str  # what it is, Spanish (lazy): "Propuesta"
    title: str
    url: str
    snippet: list[Segment]
    where: str = ""  # where it is: the consultation, the proposal commented on
    where_url: str = ""


@dataclass(frozen=True)
class SearchSource:
    key: str  # its value in ``/buscar/?tipo=`` (Spanish, stable): "propuestas"
    heading: Any  # Spanish (lazy): "Propuestas"
    # (folded query, user) -> a queryset of what anyone may read, best first.
    search: Callable[[str, Any], QuerySet]
    # (rows of that queryset, folded query) -> their results, without a query per row.
    results: Callable[[Sequence[Any], str], list[SearchResult]]
    # Where "ver más" leads, given the query: the space's own filtered list; None: this
    # kind alone on the search page, paginated.
    more_url: Callable[[str], str] | None = None
    order: int = 100  # sections are shown by ascending order


_sources: dict[str, SearchSource] = {}


def register_search_source(source: SearchSource) -> None:
    """Let the site-wide search find ``source`` (call once, from the app's ``ready()``)."""
    _sources[source.key] = source


def unregister_search_source(key: str) -> None:
    """Forget a source (for tests that register a throwaway one)."""
    _sources.pop(key, None)


def search_sources() -> list[SearchSource]:
    return sorted(_sources.values(), key=lambda source: (source.order, source.key))


def search_source(key: str) -> SearchSource | None:
    return _sources.get(key)
