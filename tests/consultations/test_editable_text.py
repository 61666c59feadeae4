"""consultations.forms.editable_text: stored HTML back to what a person would type."""

import pytest

from consultations.forms import editable_text
from deliberation.sanitizer import clean_html


@pytest.mark.parametrize(
    "typed",
    [
        "Una idea.",
        "Primer párrafo.\n\nSegundo, con\nun salto de línea.",
        "Costos & plazos \"reales\" y 'otros'.",
        "a < b y c > d",
    ],
)
def test_plain_text_survives_a_round_trip(typed):
    assert clean_html(editable_text(clean_html(typed))) == clean_html(typed)


def test_plain_paragraphs_come_back_as_text():
    assert editable_text(clean_html("Uno.\n\nDos.")) == "Uno.\n\nDos."


def test_richer_html_stays_html():
    html = clean_html("<p>Con <strong>negrita</strong></p>")
    assert editable_text(html) == html
