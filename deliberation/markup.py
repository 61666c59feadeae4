"""What people type, and the HTML it becomes: a small Markdown subset.

Every long text a person writes (comments, proposals, official answers, consultation
descriptions) is stored twice: the text as typed (``body_source``), which edit forms show
back exactly, and the HTML a reader sees (``body``), made here and cleaned by the one
sanitiser (``sanitizer.clean_html``). This module is the only place typed text becomes
HTML; nothing else parses what people write.

The subset, parsed by markdown-it-py (a CommonMark parser) with only these rules on:

- paragraphs (a blank line between them) and line breaks (a single newline);
- ``**negrita**`` and ``*cursiva*`` (or ``_cursiva_``);
- bulleted lists (lines starting "- ", "* " or "+ ") and numbered lists ("1. ", "2. ");
- quotes (lines starting "> ");
- links: ``[texto](https://…)``, ``<https://…>``, or the bare address (linkified by the
  sanitiser); only http, https and mailto survive.

Everything else is text: headings, images, code, tables, entities and raw HTML typed by a
person are shown as typed ("<b>" reads "<b>"), never interpreted.
"""

import re
from html.parser import HTMLParser
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from markdown_it import MarkdownIt

from common.forms import too_long_error
from deliberation import ratelimits
from deliberation.rules import rate_limited
from deliberation.sanitizer import SanitizedHTML, clean_html

_parser = MarkdownIt("zero", {"html": False, "breaks": True, "typographer": False}).enable(
    ["emphasis", "list", "link", "autolink", "newline", "escape", "blockquote"]
)

# bleach's linkifier reads an escaped "&amp;copy;" as the entity "&copy;" (a typed "&copy;"
# would show "©"): ampersands cross the sanitiser as a private-use character instead.
_AMPERSAND = "\ue000"

# How people are told what works (under every box that takes formatting).
FORMATTING_HELP = _(
    "Puedes dar formato: **negrita**, *cursiva*, listas con líneas que empiezan con «- » "
    "o «1. », citas con «> » y enlaces como [texto](https://ejemplo.cl) o la dirección "
    "sola. Una línea en blanco separa párrafos. El HTML se muestra tal cual, como texto."
)


def render_markdown(source: str) -> SanitizedHTML:
    """The HTML a reader sees for ``source`` (text typed in the Markdown subset).

    The parser escapes any HTML typed; its output then goes through ``clean_html`` like
    every user HTML (allow-list, link schemes, ``rel="nofollow ugc"``, bare URLs
    linkified). The newlines the parser puts between tags are dropped: softbreaks are
    ``<br>`` already, and ``plain_text`` reads paragraphs from the tags alone.
    """
    text = (source or "").replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\x00", "").replace(_AMPERSAND, "")
    if not text.strip():
        return SanitizedHTML("")
    html = _parser.render(text).replace("\n", "").replace("&amp;", _AMPERSAND)
    return SanitizedHTML(clean_html(html).replace(_AMPERSAND, "&amp;"))


# --- Stored HTML back into the subset (rows written before the source was kept) -------------

# Characters the subset reads as markup inside a line, and line starts that open a block.
_INLINE_MARKUP = re.compile(r"([\\*_\[\]<`])")
_BLOCK_START = re.compile(r"^(\s*)([-+*>]|\d{1,9}[.)])(?=\s|$)", re.MULTILINE)


def _escape(text: str) -> str:
    text = _INLINE_MARKUP.sub(r"\\\1", text)
    return _BLOCK_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], text)


class _MarkdownWriter(HTMLParser):
    """Clean HTML (``clean_html``'s allow-list) written as the Markdown subset."""

    _BLOCKS = frozenset({"p", "h3", "h4", "pre", "blockquote", "ul", "ol"})

    def __init__(self, *, escape: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.escape = escape
        # Finished top-level blocks, with the quote they belong to (0: none).
        self.blocks: list[tuple[str, int]] = []
        self.quotes = 0  # quotes opened so far
        self.line = ""  # the block being written
        # Open lists: [next number (0 for bullets), indent of their items, marker width].
        self.lists: list[list[int]] = []
        self.quote = 0  # blockquote depth
        self.links: list[tuple[str, int]] = []  # open links: (href, where their text starts)

    def _break_block(self) -> None:
        text = self.line.strip()
        self.line = ""
        if not text:
            return
        if self.quote:
            text = "\n".join(("> " * self.quote + line).rstrip() for line in text.split("\n"))
        self.blocks.append((text, self.quotes if self.quote else 0))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("strong", "b") or tag in ("h3", "h4"):
            if tag in ("h3", "h4"):
                self._break_block()
            self.line += "**"
        elif tag in ("em", "i"):
            self.line += "*"
        elif tag == "br":
            self.line += "\n"
        elif tag == "a":
            self.links.append((dict(attrs).get("href") or "", len(self.line)))
        elif tag == "blockquote":
            self._break_block()
            self.quotes += 0 if self.quote else 1
            self.quote += 1
        elif tag in ("ul", "ol"):
            if self.lists:
                self._break_list_item()
                indent = self.lists[-1][1] + self.lists[-1][2]
            else:
                self._break_block()
                indent = 0
            start = dict(attrs).get("start") or "1"
            number = int(start) if tag == "ol" and start.isdigit() else 0
            self.lists.append([number, indent, 0])
        elif tag == "li" and self.lists:
            self._break_list_item()
            numbering = self.lists[-1]
            marker = f"{numbering[0]}. " if numbering[0] else "- "
            numbering[0] += 1 if numbering[0] else 0
            numbering[2] = len(marker)
            self.line += " " * numbering[1] + marker
        elif tag in self._BLOCKS:
            self._break_block()

    def _break_list_item(self) -> None:
        if self.line.strip():
            self.line = self.line.rstrip() + "\n"

    def handle_endtag(self, tag: str) -> None:
        if tag in ("strong", "b", "h3", "h4"):
            self.line += "**"
            if tag in ("h3", "h4"):
                self._break_block()
        elif tag in ("em", "i"):
            self.line += "*"
        elif tag == "a" and self.links:
            href, start = self.links.pop()
            label = self.line[start:]
            if href and label != (_escape(href) if self.escape else href):
                self.line = self.line[:start] + f"[{label}]({href.replace(')', '%29')})"
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            if not self.lists:
                self._break_block()
        elif tag == "blockquote":
            self._break_block()
            self.quote = max(0, self.quote - 1)
        elif tag == "p" and not self.lists:
            self._break_block()

    def handle_data(self, data: str) -> None:
        self.line += _escape(data) if self.escape else data

    def result(self) -> str:
        self._break_block()
        text = ""
        for index, (block, quote) in enumerate(self.blocks):
            if index:
                # Paragraphs of one quote stay in it: a ">" line between them.
                text += "\n>\n" if quote and quote == self.blocks[index - 1][1] else "\n\n"
            text += block
        return text


def markdown_from_html(html: str) -> str:
    """Stored HTML written as the subset, for rows stored before their source was kept
    (the data migrations) and for callers that only hold HTML.

    Bold, italics, lists, quotes, links and line breaks come back as Markdown; headings
    become bold paragraphs and other tags plain text. Markup characters in the text are
    escaped only when the text would not render back to the same HTML without it, so
    most sources read exactly as the person typed them.
    """
    html = str(clean_html(html or ""))
    if not html:
        return ""
    plain = _write(html, escape=False)
    if render_markdown(plain) == html:
        return plain
    return _write(html, escape=True)


def _write(html: str, *, escape: bool) -> str:
    writer = _MarkdownWriter(escape=escape)
    writer.feed(html)
    writer.close()
    return writer.result()


def typed_text(row: Any) -> str:
    """What an edit form shows for ``row`` (anything with ``body_source`` and ``body``): the
    text as typed; for a row written with HTML alone (demo and benchmark data), that HTML
    written back as the subset."""
    return row.body_source or markdown_from_html(row.body)


# The "Vista previa" button of every writing form: a submit button, so a form without
# JavaScript asks its own view to show the page again with the preview (nothing stored);
# with JavaScript, static/js/preview.js asks views.preview_text instead.
PREVIEW_BUTTON = "vista_previa"
# What a preview renders at most (the longest box takes 20,000 characters): rendering
# costs about 13 µs a character, so an unbounded text would hold a worker for seconds.
PREVIEW_MAX_LENGTH = 50_000
PREVIEW_TOO_LONG = _("El texto tiene %(length)s caracteres; el máximo es %(limit)s.")


def check_preview(user: Any, source: str) -> SanitizedHTML:
    """The HTML ``source`` would be stored as, for ``user`` (signed in) who asked to see
    it; writes nothing. Refused (``ValidationError``, code ``max_length`` or
    ``rate_limited``) past ``PREVIEW_MAX_LENGTH`` characters, and past the "preview" rate
    limit (``CABILDO_RATE_LIMITS``): each preview is a full render, the costliest thing a
    signed-in person can ask for without writing."""
    text = (source or "").replace("\r\n", "\n")
    if len(text) > PREVIEW_MAX_LENGTH:
        raise too_long_error(PREVIEW_TOO_LONG, length=len(text), limit=PREVIEW_MAX_LENGTH)
    wait = ratelimits.consume(user.pk, "preview")
    if wait is not None:
        raise ValidationError(rate_limited("preview", wait), code="rate_limited")
    return render_markdown(text)


def preview_of(request: Any, field: str = "body") -> SanitizedHTML | None:
    """The HTML of the text in ``field`` when the form's "Vista previa" button was pressed
    (the view then shows the form again with it, and writes nothing); else None. A refused
    preview (``check_preview``) shows its reason instead. Computed once per request, however
    often the view asks."""
    if request.method != "POST" or PREVIEW_BUTTON not in request.POST:
        return None
    if not hasattr(request, "_cabildo_preview"):
        try:
            preview = check_preview(request.user, request.POST.get(field, ""))
        except ValidationError as error:
            preview = SanitizedHTML(
                format_html('<p class="field-error">{}</p>', " ".join(error.messages))
            )
        request._cabildo_preview = preview
    return request._cabildo_preview
