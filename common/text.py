"""Text as Spanish speakers search and sort it.

``fold`` is what search compares: case and accents ignored ("Árboles" matches "arbol",
"Ñuñoa" matches "nunoa"), as PostgreSQL's ``unaccent`` and ``lower`` do on the database side.

``spanish_key`` sorts as the Spanish collation of ICU does (PostgreSQL's ``es-CL-x-icu``,
used for the same lists in SQL): accents and case only break ties ("Áreas verdes" beside
"Areas", before "Bosques"), and "ñ" is a letter of its own after "n" (Nueva Imperial,
Ñiquén, Ñuñoa, Olmué). Computed from Unicode decomposition, so it needs no ICU in Python.
"""

import unicodedata

_TILDE = "\u0303"


def fold(text: str) -> str:
    """Lower case without accents or tildes: what two spellings must share to match."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def spanish_key(text: str) -> tuple[tuple[int, ...], tuple[str, ...], tuple[bool, ...], str]:
    """A sort key: primary letters (ñ after n), then accents, then case, then the text."""
    primary: list[int] = []
    accents: list[str] = []
    upper: list[bool] = []
    for char in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        letter = base.casefold()
        if letter == "n" and marks == _TILDE:
            # Ñ is its own letter: after every "n…", before "o".
            primary.append(ord("n") * 2 + 1)
            marks = ""
        else:
            primary.extend(ord(c) * 2 for c in letter)
        accents.append(marks)
        upper.append(base != letter)
    return tuple(primary), tuple(accents), tuple(upper), text


def spanish_sorted[T](items, key=str) -> list[T]:
    """``items`` sorted by ``spanish_key`` of ``key(item)`` (their text by default)."""
    return sorted(items, key=lambda item: spanish_key(key(item)))
