"""The one place where user HTML is cleaned, on the way in.

Everything a person writes that is shown as HTML (proposal bodies, comments, questions,
thread posts) passes through ``clean_html`` before it is stored: the
``SanitizedHTMLField`` model field calls it, so no write path can skip it. Templates
then print the stored value as it is; nothing else in the project marks user text safe.
What people type is Markdown, made HTML by ``markup.render_markdown`` (which escapes any
HTML typed) before it gets here.

The allow-list is explicit: a few formatting tags, links with http(s)/mailto only, no
attributes but ``href`` and ``title`` on links (and ``start`` on numbered lists), no
styles, no images, no scripts. Links
(written or bare URLs) get ``rel="nofollow ugc"`` so the platform lends them no ranking.

Edit forms show what was typed (``body_source``), never HTML turned back into text
(``markup.typed_text``).
"""

import re
from functools import partial
from html import unescape

import bleach
from bleach.linkifier import LinkifyFilter
from django.utils.safestring import SafeString

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "strong",
        "b",
        "em",
        "i",
        "u",
        "s",
        "blockquote",
        "ul",
        "ol",
        "li",
        "a",
        "h3",
        "h4",
        "code",
        "pre",
    }
)
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"], "ol": ["start"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

# Elements whose content is code or styling, not prose: dropped whole, not just untagged.
_DROP_WITH_CONTENT = re.compile(
    r"<(script|style|iframe|object|embed|template|noscript)\b.*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)
_LOOKS_LIKE_HTML = re.compile(r"</?[a-zA-Z][^>]*>|<!--")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# In clean HTML (what clean_html returns): the ends of blocks, where the text breaks, and
# any tag (attribute values never hold ">": the serialiser escapes it).
_PARAGRAPH_END = re.compile(r"</(p|h\d|blockquote|pre)>")
_LINE_END = re.compile(r"<br>|</li>")
_TAG = re.compile(r"<[^>]*>")
_BLANK_LINES = re.compile(r"\n{3,}")


class SanitizedHTML(SafeString):
    """HTML that went through ``clean_html`` (or was read back from a sanitised column)."""


def _set_rel(attrs: dict, new: bool = False) -> dict:
    href_key = (None, "href")
    if href_key not in attrs:
        return attrs
    attrs[(None, "rel")] = "nofollow ugc"
    attrs.pop((None, "target"), None)
    return attrs


_cleaner = bleach.sanitizer.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[partial(LinkifyFilter, callbacks=[_set_rel], skip_tags={"pre", "code"})],
)


def _paragraphs_from_text(text: str) -> str:
    """Plain text (no tags): blank lines make paragraphs, single newlines line breaks."""
    paragraphs = [p.strip() for p in _PARAGRAPH_BREAK.split(text) if p.strip()]
    return "".join("<p>" + p.replace("\n", "<br>") + "</p>" for p in paragraphs)


def clean_html(raw: str) -> SanitizedHTML:
    """Return safe HTML for ``raw`` (HTML or plain text). Idempotent."""
    if isinstance(raw, SanitizedHTML):
        return raw
    text = (raw or "").replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = _DROP_WITH_CONTENT.sub("", text)
    if not _LOOKS_LIKE_HTML.search(text):
        text = _paragraphs_from_text(text)
    return SanitizedHTML(_cleaner.clean(text).strip())


def plain_text(html: str, *, paragraphs: bool = False) -> str:
    """The text of user HTML: on one line for excerpts, search and notifications; with
    ``paragraphs``, paragraphs apart by a blank line and line breaks kept (data files).

    HTML read from a ``SanitizedHTMLField`` is clean already, so its tags come off with a
    pattern (microseconds: open data writes 50,000 bodies); anything else is cleaned
    first, so what is stripped is always well-formed, allow-listed markup. The result is
    text, never HTML.
    """
    text = _PARAGRAPH_END.sub("\n\n", clean_html(html or ""))
    text = _TAG.sub("", _LINE_END.sub("\n", text))
    text = unescape(text)
    if paragraphs:
        return _BLANK_LINES.sub("\n\n", text).strip()
    return " ".join(text.split())
