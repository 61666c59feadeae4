"""deliberation.sanitizer: clean_html (the one way user HTML is stored) and plain_text."""

import random
import re

import pytest

from deliberation.sanitizer import SanitizedHTML, clean_html, plain_text


def clean(raw: str) -> str:
    return str(clean_html(raw))


# --- dangerous content ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<p>Hola <script>alert(1)</script>mundo</p>", "<p>Hola mundo</p>"),
        ("<SCRIPT type='text/javascript'>robar()</SCRIPT><p>ok</p>", "<p>ok</p>"),
        ("<style>p { color: red }</style><p>x</p>", "<p>x</p>"),
        ('<iframe src="https://malicioso.example">texto</iframe><p>y</p>', "<p>y</p>"),
        ("<object data='x.swf'>o</object><embed src='x'></embed><p>z</p>", "<p>z</p>"),
        ("<noscript>n</noscript><template>t</template><p>w</p>", "<p>w</p>"),
    ],
)
def test_code_elements_are_removed_with_their_content(raw, expected):
    assert clean(raw) == expected


def test_event_handlers_and_styles_are_removed():
    assert clean('<p onclick="robar()" style="color:red" class="x" id="y">z</p>') == "<p>z</p>"
    assert clean('<a href="https://ej.cl" onmouseover="robar()">l</a>') == (
        '<a href="https://ej.cl" rel="nofollow ugc">l</a>'
    )


@pytest.mark.parametrize(
    "href",
    ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<b>x</b>", "vbscript:x"],
)
def test_dangerous_link_schemes_are_removed(href):
    assert clean(f'<a href="{href}">enlace</a>') == "<a>enlace</a>"


def test_images_and_unknown_tags_are_removed():
    assert clean("<img src=x onerror=alert(1)>") == ""
    # Unknown tags are dropped; their text stays.
    assert clean("<h1>Título</h1><div><span>texto</span></div>") == "Título\ntexto"


def test_comments_are_removed():
    assert clean("<!-- oculto --><p>visible</p>") == "<p>visible</p>"


def test_broken_nesting_cannot_smuggle_a_script():
    assert "<script" not in clean("<scr<script>ipt>alert(1)</script>")


# --- what is kept ------------------------------------------------------------------------


def test_formatting_tags_are_kept():
    raw = (
        "<p><strong>a</strong> <em>b</em> <u>c</u> <s>d</s> <code>e</code></p>"
        "<blockquote>f</blockquote><ul><li>g</li></ul><ol><li>h</li></ol><h3>i</h3><h4>j</h4>"
        "<pre>k</pre>"
    )
    assert clean(raw) == raw


def test_links_get_rel_nofollow_ugc_and_lose_target():
    assert clean('<a href="https://gob.cl" target="_blank" rel="opener" title="t">g</a>') == (
        '<a href="https://gob.cl" rel="nofollow ugc" title="t">g</a>'
    )
    assert clean('<a href="mailto:oficina@gore.cl">m</a>') == (
        '<a href="mailto:oficina@gore.cl" rel="nofollow ugc">m</a>'
    )


def test_bare_urls_are_linkified():
    assert clean("Mira https://gob.cl/plan?a=1 y www.gore.cl") == (
        '<p>Mira <a href="https://gob.cl/plan?a=1" rel="nofollow ugc">https://gob.cl/plan?a=1</a>'
        ' y <a href="http://www.gore.cl" rel="nofollow ugc">www.gore.cl</a></p>'
    )


def test_urls_in_code_are_not_linkified():
    assert clean("<pre>https://gob.cl</pre>") == "<pre>https://gob.cl</pre>"
    assert clean("<p><code>https://gob.cl</code></p>") == "<p><code>https://gob.cl</code></p>"


# --- plain text --------------------------------------------------------------------------


def test_plain_text_becomes_paragraphs_and_line_breaks():
    assert clean("Hola\n\nPrimera línea\nSegunda línea\n\n\n") == (
        "<p>Hola</p><p>Primera línea<br>Segunda línea</p>"
    )


def test_windows_line_endings_and_nul_bytes_are_normalised():
    assert clean("uno\r\n\r\ndos\rtres\x00") == "<p>uno</p><p>dos<br>tres</p>"


def test_text_with_angle_brackets_and_ampersands_is_escaped():
    assert clean("a < b y c > d & e") == "<p>a &lt; b y c &gt; d &amp; e</p>"


@pytest.mark.parametrize("raw", ["", None, "   \n\n  "])
def test_empty_input_gives_empty_html(raw):
    assert clean(raw) == ""


# --- idempotence -------------------------------------------------------------------------

SAMPLES = [
    "<p>Hola <script>x</script>mundo</p>",
    "Texto plano\n\ncon párrafos y https://gob.cl",
    "a < b & c > d",
    '<a href="https://ej.cl" target="_blank">l</a>',
    "<p>a &amp; b &lt;c&gt;</p>",
    "<ul><li>uno<li>dos</ul>",
    "<pre>https://x.cl</pre> www.gore.cl",
]


@pytest.mark.parametrize("raw", SAMPLES)
def test_cleaning_twice_changes_nothing(raw):
    once = clean_html(raw)
    # str(): a SanitizedHTML is returned as is, which would make the check trivial.
    assert clean_html(str(once)) == once


def test_cleaning_is_idempotent_and_safe_on_generated_input():
    pieces = [
        "<p>", "</p>", "<b>", "</b>", '<a href="https://x.cl">', "</a>", "<script>",
        "</script>", "http://ej.cl/x", "www.a.cl", " ", "\n", "\n\n", "&", "&amp;", "<", ">",
        '"', "'", "texto", "ñandú", "<br>", "<li>", "<ul>", "</ul>", "<!--", "-->", "<pre>",
        "</pre>", "<code>", "&lt;", "<em", "=", 'onclick="x"', "<h2>", "\r\n", "\x00",
        "javascript:", '<a href="javascript:x">', "<style>", "</style>", "<img src=x>",
    ]  # fmt: skip
    rng = random.Random(20251125)
    for _ in range(2000):
        raw = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        once = str(clean_html(raw))
        assert str(clean_html(once)) == once, raw
        assert "<script" not in once.lower(), raw
        assert "<style" not in once.lower(), raw
        assert not re.search(r"<[^>]+\son\w+=", once), raw
        assert not re.search(r'href="(?!https?:|mailto:)', once), raw


def test_clean_html_returns_safe_html_that_is_not_cleaned_again():
    once = clean_html("<p>x</p>")
    assert isinstance(once, SanitizedHTML)
    assert clean_html(once) is once


# --- plain_text --------------------------------------------------------------------------


def test_plain_text_strips_tags_and_joins_blocks_with_spaces():
    html = "<p>Hola<br>mundo</p><ul><li>uno</li><li>dos &amp; tres</li></ul><h3>Fin</h3>"
    assert plain_text(html) == "Hola mundo uno dos & tres Fin"


def test_plain_text_keeps_paragraphs_and_lines_for_data_files():
    html = clean_html("Hola\nmundo\n\n<ul><li>uno</li><li>dos &amp; tres</li></ul>")
    assert plain_text(html, paragraphs=True) == "Hola\nmundo\n\nuno\ndos & tres"


def test_plain_text_cleans_what_was_not_stored_yet():
    # Raw input (a form's text) is cleaned first: a stray "<" stays text, a script goes.
    assert plain_text("x < y > z") == "x < y > z"
    assert plain_text("<script>alert(1)</script>ok") == "ok"


def test_plain_text_of_clean_html_round_trips_the_words():
    assert plain_text(clean_html("Mira https://gob.cl\n\nSegundo  párrafo")) == (
        "Mira https://gob.cl Segundo párrafo"
    )


@pytest.mark.parametrize("html", ["", None])
def test_plain_text_of_nothing_is_empty(html):
    assert plain_text(html) == ""
