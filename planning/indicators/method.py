"""docs/indicators.md as HTML for /indicadores/metodo/: the criteria are written once, in
the docs, and the page links to them."""

from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

DOCUMENT = Path(settings.BASE_DIR) / "docs" / "indicators.md"


@cache
def method_html() -> SafeString:
    """The document rendered once per process. It is the project's own text, from the
    repository (never user input), with raw HTML off all the same."""
    renderer = MarkdownIt("commonmark", {"html": False}).enable("table")
    return mark_safe(renderer.render(DOCUMENT.read_text(encoding="utf-8")))  # noqa: S308
