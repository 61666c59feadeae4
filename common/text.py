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
    """Lower case without accents or tildes: what two spellings must share to match.
    Compatibility forms first (full-width and mathematical letters are plain letters),
    then the case."""
    decomposed = unicodedata.normalize("NFKD", text).casefold()
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


# Characters that show nothing but are not spaces: format characters (zero-width space
# and joiners, soft hyphen, bidirectional overrides, byte-order mark), control
# characters, and the blank letters that some scripts have (Hangul fillers, braille blank).
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def visible(text: str) -> str:
    """``text`` in its composed compatibility form (NFKC: a full-width "C" is a "C") without
    invisible characters (``_BLANK_LETTERS``, format and control characters), spaces
    collapsed: what a name or a title is stored as, so nothing hides in it."""
    text = unicodedata.normalize("NFKC", text)
    kept = "".join(
        char
        for char in text
        if char.isspace()
        or (unicodedata.category(char) not in ("Cf", "Cc") and char not in _BLANK_LETTERS)
    )
    return " ".join(kept.split())


# Letters of other scripts and digits that look like a Latin letter, after ``fold``
# (a small part of Unicode's confusables, the part that imitates Spanish words): Cyrillic
# and Greek look-alikes, dotless i, "0" for "o", "1", "l" and "|" for "i". Escaped: the
# characters themselves would read as the Latin letters here.
_LOOK_ALIKES = str.maketrans(
    {
        **dict.fromkeys("\u0430\u0251\u03b1", "a"),  # cyrillic a, alpha, greek alpha
        **dict.fromkeys("\u0432\u03b2", "b"),  # cyrillic ve, greek beta
        **dict.fromkeys("\u0441\u03f2", "c"),  # cyrillic es, greek lunate sigma
        **dict.fromkeys("\u0501", "d"),  # cyrillic komi de
        **dict.fromkeys("\u0435\u03b5", "e"),  # cyrillic ie, greek epsilon
        **dict.fromkeys("\u0261", "g"),  # script g
        **dict.fromkeys("\u04bb\u043d", "h"),  # cyrillic shha, cyrillic en
        # cyrillic byelorussian-ukrainian i, dotless i, greek iota, cyrillic palochka
        **dict.fromkeys("\u0456\u0131\u03b9\u04cfl1|", "i"),
        **dict.fromkeys("\u0458\u03f3\u0237", "j"),  # cyrillic je, greek letter yot, dotless j
        **dict.fromkeys("\u043a\u03ba", "k"),  # cyrillic ka, greek kappa
        **dict.fromkeys("\u043c", "m"),  # cyrillic em
        **dict.fromkeys("\u03b7\u043f", "n"),  # greek eta, cyrillic pe
        **dict.fromkeys("\u043e\u03bf0\u03c3", "o"),  # cyrillic o, greek omicron, greek sigma, "0"
        **dict.fromkeys("\u0440\u03c1", "p"),  # cyrillic er, greek rho
        **dict.fromkeys("\u051b", "q"),  # cyrillic qa
        **dict.fromkeys("\u0455", "s"),  # cyrillic dze
        **dict.fromkeys("\u0442\u03c4", "t"),  # cyrillic te, greek tau
        **dict.fromkeys("\u03c5", "u"),  # greek upsilon
        **dict.fromkeys("\u0475\u03bd", "v"),  # cyrillic izhitsa, greek nu
        **dict.fromkeys("\u051d\u03c9", "w"),  # cyrillic we, greek omega
        **dict.fromkeys("\u0445\u03c7", "x"),  # cyrillic ha, greek chi
        **dict.fromkeys("\u0443\u03b3", "y"),  # cyrillic u, greek gamma
        **dict.fromkeys("\u03b6", "z"),  # greek zeta
    }
)


def skeleton(text: str) -> str:
    """What ``text`` looks like, for telling whether two spellings could pass for each
    other: ``fold`` without invisible characters, look-alike letters and digits made the
    Latin letter they imitate, "rn" made "m". Only for comparing (both sides through it):
    "G0RE", "GORE" with a Cyrillic O and "Rnoderador" give the skeletons of "GORE" and
    "Moderador"."""
    return fold(visible(text)).translate(_LOOK_ALIKES).replace("rn", "m")


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
