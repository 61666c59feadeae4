"""Digits that are not ASCII, spelled through functions so the tests stay readable (and
ruff's confusable-character check stays on for everything else)."""

_ASCII = "0123456789"
_FULLWIDTH = "".join(chr(0xFF10 + n) for n in range(10))
_ARABIC_INDIC = "".join(chr(0x0660 + n) for n in range(10))
_PERSIAN = "".join(chr(0x06F0 + n) for n in range(10))
_DEVANAGARI = "".join(chr(0x0966 + n) for n in range(10))

SUPERSCRIPT_TWO = "\u00b2"  # "²": str.isdigit() is true, int() raises


def fullwidth(text: str) -> str:
    """``text`` with its ASCII digits in fullwidth (U+FF10 to U+FF19)."""
    return text.translate(str.maketrans(_ASCII, _FULLWIDTH))


def arabic_indic(text: str) -> str:
    """``text`` with its ASCII digits in Arabic-Indic."""
    return text.translate(str.maketrans(_ASCII, _ARABIC_INDIC))


def persian(text: str) -> str:
    return text.translate(str.maketrans(_ASCII, _PERSIAN))


def devanagari(text: str) -> str:
    return text.translate(str.maketrans(_ASCII, _DEVANAGARI))
