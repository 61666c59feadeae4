"""The one place where user HTML is cleaned, on the way in.

Everything a person writes that is shown as HTML (proposal bodies, comments, questions,
thread posts) passes through ``clean_html`` before it is stored: the
``SanitizedHTMLField`` model field calls it, so no write path can skip it. Templates
then print the stored value as it is; nothing else in the project marks user text safe.

The allow-list is explicit: a few formatting tags, links with http(s)/mailto only, no
attributes but ``href`` and ``title`` on links, no styles, no images, no scripts. Links
(written or bare URLs) get ``rel="nofollow ugc"`` so the platform lends them no ranking.

``editable_text`` goes the other way for edit forms: what a person typed as plain text
comes back as plain text, not as the HTML it became.
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
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"]}
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
# What clean_html makes of plain text: paragraphs, line breaks and linkified bare URLs.
_BETWEEN_PARAGRAPHS = re.compile(r"</p>\s*<p>")
_LINKIFIED = re.compile(r'<a href="[^"<>]*" rel="nofollow ugc">([^<]*)</a>')


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


def _same_html(first: str, second: str) -> bool:
    """Equal, but for whitespace between paragraphs (which the page does not show)."""
    return _BETWEEN_PARAGRAPHS.sub("</p><p>", first) == _BETWEEN_PARAGRAPHS.sub("</p><p>", second)


def editable_text(html: str) -> str:
    """Stored HTML as it goes back into an edit form's textarea.

    When the HTML is only what plain text becomes (paragraphs, line breaks, linkified bare
    URLs), return that text: blank lines between paragraphs, newlines for line breaks.
    Otherwise (lists, emphasis, or text that would read as markup again, such as a
    literal "<b>") return the HTML itself, which the forms accept too. Either way, saving
    the form unchanged stores what a reader saw before.
    """
    html = str(html or "").strip()
    if not (html.startswith("<p>") and html.endswith("</p>")):
        return html
    text = _BETWEEN_PARAGRAPHS.sub("\n\n", html.removeprefix("<p>").removesuffix("</p>"))
    text = _LINKIFIED.sub(r"\1", text.replace("<br>", "\n"))
    if "<" in text:
        return html
    text = unescape(text)
    # The proof: the text cleans back to the very same HTML.
    return text if _same_html(clean_html(text), html) else html


def removed_markup(raw: str) -> bool:
    """Whether ``clean_html`` will drop markup the person wrote: a tag, an attribute or a
    link scheme outside the allow-list. Forms use it to tell them, never to decide what
    is kept (``clean_html`` alone does that)."""
    if "<" not in raw:
        return False
    dropped = False

    def allow(tag: str, name: str, value: str) -> bool:
        nonlocal dropped
        allowed = name in ALLOWED_ATTRIBUTES.get(tag, ())
        if allowed and name == "href" and ":" in value.split("/", 1)[0]:
            allowed = value.split(":", 1)[0].strip().lower() in ALLOWED_PROTOCOLS
        if not allowed:
            dropped = True
        return allowed

    options = {
        "tags": ALLOWED_TAGS,
        "attributes": allow,
        "protocols": ALLOWED_PROTOCOLS,
        "strip_comments": True,
    }
    # Escaping keeps a disallowed tag as text, stripping removes it: they differ only when
    # there was one.
    escaped = bleach.clean(raw, strip=False, **options)
    stripped = bleach.clean(raw, strip=True, **options)
    return dropped or escaped != stripped
