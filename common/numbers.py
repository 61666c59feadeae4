"""Numbers written by people or carried in addresses: ASCII digits only.

Python's ``int()``, ``float()``, ``Decimal()`` and ``str.isdigit()`` accept far more than
0-9: ``int()`` of 12 written in Arabic-Indic or fullwidth digits is 12, ``int("1_000")``
is 1000, and ``"²".isdigit()`` is true although ``int("²")`` raises. A number that reads
as 12 to the code but not to a person (or a RUT that escapes the uniqueness rule because
its digits are fullwidth) is refused here instead. Every parser in the project that turns
text into a number goes through this module; nothing else calls ``int()`` on user text.
"""

import re
from decimal import Decimal

# re.ASCII is redundant with explicit [0-9] classes; it documents the intent.
_INTEGER = re.compile(r"-?[0-9]+", re.ASCII)
_DECIMAL = re.compile(r"-?[0-9]+(?:[.,][0-9]+)?", re.ASCII)
_RUT = re.compile(r"([0-9]{1,8})-?([0-9K])", re.ASCII)
# What people put around and inside a RUT: "12.345.678-5", "12 345 678 - k".
_RUT_DECORATION = str.maketrans("", "", ". \t\xa0")

# Longer numbers are not numbers anyone types; refusing them keeps int() linear.
MAX_DIGITS = 30


def parse_int(text: str | None, *, signed: bool = False) -> int | None:
    """The integer ``text`` spells in ASCII digits (a leading ``-`` if ``signed``), or None.

    No blanks, no ``+``, no underscores, no other digits: "12" → 12; " 12", "1_2", "²",
    12 in fullwidth or Arabic-Indic digits → None.
    """
    if text is None or len(text) > MAX_DIGITS or not _INTEGER.fullmatch(text):
        return None
    if text.startswith("-") and not signed:
        return None
    return int(text)


def parse_decimal(text: str | None, *, signed: bool = True) -> Decimal | None:
    """The decimal number ``text`` spells in ASCII digits, with a point or a comma before
    the decimals ("-33.0472", "-33,0472"), or None. No thousands separators, no exponent,
    no "NaN" or "Infinity"."""
    if text is None or len(text) > MAX_DIGITS or not _DECIMAL.fullmatch(text):
        return None
    if text.startswith("-") and not signed:
        return None
    return Decimal(text.replace(",", "."))


def rut_check_digit(number: int) -> str:
    """Module 11 check digit of a RUT's number: "0"-"9" or "K"."""
    total, factor = 0, 2
    while number:
        total += (number % 10) * factor
        number //= 10
        factor = 2 if factor == 7 else factor + 1
    digit = 11 - total % 11
    return {11: "0", 10: "K"}.get(digit, str(digit))


def split_rut(text: str | None) -> tuple[int, str] | None:
    """The number and check digit of something shaped like a RUT in ASCII digits
    ("12.345.678-5" → (12345678, "5"), "10000013k" → (10000013, "K")), or None. The check
    digit is not checked: ``parse_rut`` does, and forms use this to tell a typo in the
    check digit from text that is no RUT at all."""
    if text is None:
        return None
    compact = text.translate(_RUT_DECORATION).upper()
    match = _RUT.fullmatch(compact)
    if not match:
        return None
    number = int(match.group(1))
    if number == 0:
        return None
    return number, match.group(2)


def parse_rut(text: str | None) -> str | None:
    """A Chilean RUT in its one stored form, ``"12345678-5"`` (check digit "K" upper
    case), or None when ``text`` is not a RUT with a valid check digit.

    Dots, blanks and one dash are allowed where people write them; every digit must be
    ASCII, so one RUT has exactly one stored form and the uniqueness rule holds.
    """
    parts = split_rut(text)
    if parts is None or rut_check_digit(parts[0]) != parts[1]:
        return None
    return f"{parts[0]}-{parts[1]}"


def format_rut(rut: str | None) -> str:
    """A stored RUT as people read it, with dots: "12345678-5" → "12.345.678-5". Anything
    not in the stored form (ASCII digits, one dash) is returned as it is, never read as
    another number."""
    if not rut:
        return ""
    parts = split_rut(rut)
    if parts is None or f"{parts[0]}-{parts[1]}" != rut:
        return rut
    return f"{parts[0]:,}".replace(",", ".") + "-" + parts[1]


def page_number(text: str | None) -> int:
    """The page a ``?pagina=`` asks for: ASCII digits, else the first page (Django's
    ``Paginator.get_page`` would read a fullwidth 2 as 2). Past the last page,
    ``get_page`` gives the last one."""
    return parse_int(text) or 1
