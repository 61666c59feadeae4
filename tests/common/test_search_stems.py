"""common.search.word_stems: the light Spanish plural stem of the SQLite search fallback."""

import pytest

from common.search import word_stems


@pytest.mark.parametrize(
    ("word", "stems"),
    [
        ("ciclovias", ("ciclovia",)),
        ("ciclovia", ("ciclovia",)),
        ("arboles", ("arbol",)),
        ("espacios", ("espacio",)),
        ("publicos", ("publico",)),
        ("parques", ("parque",)),
        ("ciudades", ("ciudad",)),
        ("leyes", ("ley",)),
        ("luces", ("luz", "luce")),
        ("avances", ("avanz", "avance")),
        ("luz", ("luz", "luces")),
        # Short words keep their "s": "mes" is not "me", "tres" is not "tre".
        ("mes", ("mes",)),
        ("tres", ("tres",)),
        ("gas", ("gas",)),
        ("arbol", ("arbol",)),
    ],
)
def test_a_plural_loses_its_ending(word, stems):
    assert word_stems(word) == stems
