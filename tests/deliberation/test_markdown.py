"""deliberation.markup: the Markdown subset people type (render_markdown), stored HTML
written back as that subset (markdown_from_html, for rows stored before the source was
kept) and what edit forms show (typed_text)."""

from types import SimpleNamespace

import pytest

from deliberation.markup import markdown_from_html, render_markdown, typed_text
from deliberation.sanitizer import SanitizedHTML, clean_html


def html(source: str) -> str:
    return str(render_markdown(source))


# --- What the help text promises ------------------------------------------------------------


def test_bold_and_italics():
    assert html("Con **negrita** y *cursiva* y _también_") == (
        "<p>Con <strong>negrita</strong> y <em>cursiva</em> y <em>también</em></p>"
    )


def test_paragraphs_and_line_breaks():
    assert html("Uno\ndos\n\n\n\nTres") == "<p>Uno<br>dos</p><p>Tres</p>"
    assert html("Uno\r\ndos") == "<p>Uno<br>dos</p>"


def test_bulleted_and_numbered_lists_even_right_after_a_line():
    assert html("Pedimos:\n- veredas\n- luces\n\n1. primero\n2. segundo") == (
        "<p>Pedimos:</p><ul><li>veredas</li><li>luces</li></ul>"
        "<ol><li>primero</li><li>segundo</li></ol>"
    )
    assert html("3. tres\n4. cuatro") == '<ol start="3"><li>tres</li><li>cuatro</li></ol>'


def test_quotes():
    assert html("> Lo dijo el plan\n\nY no se hizo") == (
        "<blockquote><p>Lo dijo el plan</p></blockquote><p>Y no se hizo</p>"
    )


def test_links_written_bracketed_or_bare_get_nofollow():
    assert html("[El plan](https://gore.cl/plan) o <https://a.cl> o https://b.cl/x?a=1&b=2") == (
        '<p><a href="https://gore.cl/plan" rel="nofollow ugc">El plan</a> o '
        '<a href="https://a.cl" rel="nofollow ugc">https://a.cl</a> o '
        '<a href="https://b.cl/x?a=1&amp;b=2" rel="nofollow ugc">https://b.cl/x?a=1&amp;b=2</a></p>'
    )


# --- What stays text -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("<b>hola</b>", "<p>&lt;b&gt;hola&lt;/b&gt;</p>"),
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
        (
            '<a href="javascript:x()">x</a>',
            "<p>&lt;a href=&quot;javascript:x()&quot;&gt;x&lt;/a&gt;</p>",
        ),
        ("[x](javascript:alert(1))", "<p>[x](javascript:alert(1))</p>"),
        ("# Título", "<p># Título</p>"),
        ("`código`", "<p>`código`</p>"),
        ("&copy; &amp; a & b", "<p>&amp;copy; &amp;amp; a &amp; b</p>"),
        ("a < b > c", "<p>a &lt; b &gt; c</p>"),
    ],
)
def test_html_headings_code_and_entities_are_shown_as_typed(typed, shown):
    assert html(typed) == shown


def test_an_html_tag_no_longer_collapses_the_paragraphs():
    # The walk-through: one tag made every blank line disappear.
    assert html("Uno <b>dos</b>\n\nTres") == "<p>Uno &lt;b&gt;dos&lt;/b&gt;</p><p>Tres</p>"


def test_nothing_gives_nothing():
    assert render_markdown("") == ""
    assert render_markdown("  \n\n ") == ""
    assert isinstance(render_markdown("x"), SanitizedHTML)


def test_what_it_renders_is_already_clean():
    rendered = render_markdown("**a** [b](https://c.cl)\n\n- d\n\n> e")
    assert str(clean_html(str(rendered))) == str(rendered)


# --- Stored HTML back into the subset ----------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "Una idea.",
        "Primer párrafo.\n\nSegundo, con\nun salto de línea.",
        "Con **negrita**, *cursiva* y [un enlace](https://gob.cl/plan).",
        "Más en https://ejemplo.cl/plan?a=1&b=2 y escribe a < b.",
        "Lista:\n\n- uno\n- dos\n  - dos y medio\n\n3. tres\n4. cuatro",
        "> Una cita\n>\n> en dos párrafos\n\nFin",
        "<b> se queda como texto & &amp; también",
    ],
)
def test_markdown_from_html_renders_back_to_the_same_html(typed):
    stored = render_markdown(typed)
    assert render_markdown(markdown_from_html(stored)) == stored


def test_plain_text_rows_come_back_without_escapes():
    assert markdown_from_html("<p>Uno.</p>\n<p>Dos<br>tres</p>") == "Uno.\n\nDos\ntres"


def test_text_that_would_read_as_markup_is_escaped():
    stored = clean_html("<p>2*3*4 y [nota] y - no es lista</p>")
    source = markdown_from_html(stored)
    assert render_markdown(source) == stored


def test_older_tags_become_the_nearest_subset():
    stored = clean_html("<h3>Título</h3><p>con <u>subrayado</u> y <code>x</code></p>")
    assert markdown_from_html(stored) == "**Título**\n\ncon subrayado y x"


def test_typed_text_prefers_the_source_and_falls_back_to_the_html():
    assert typed_text(SimpleNamespace(body_source="**a**", body="<p><strong>a</strong></p>")) == (
        "**a**"
    )
    assert typed_text(SimpleNamespace(body_source="", body="<p><em>a</em></p>")) == "*a*"
