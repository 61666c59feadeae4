"""Public names that cannot be confused with the government or its staff.

Officials speak on behalf of their division with a badge; a resident must not be able to
look like one. A public name is refused when it contains a reserved word ("Gobierno
Regional", "GORE", "Moderación"…), a division's name or acronym ("DIPLADE", also written
"D.I.P.L.A.D.E." or "(diplade)"), or is exactly the public name of a staff member.
Names are compared through ``common.text.skeleton`` (``fold`` without invisible
characters, look-alike letters of other scripts and digits read as the Latin letter they
imitate) and split into words, so accents, case, punctuation, spacing, "G0RE" or a
Cyrillic O do not get around it; a word is matched whole ("Gorena" is not "GORE").
Names are stored as ``common.text.visible`` makes them (no invisible characters).

Two people may share a name: ``public_suffix`` gives each account a short tag
("#4F2A"), keyed with the secret key so it does not reveal the account's id or when it
was created.
"""

import re
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils.crypto import salted_hmac
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from common.text import skeleton

# Words and phrases that speak for the institution. Division names and acronyms come from
# the database, and the government's own names from the settings.
RESERVED_NAMES = (
    "Administración",
    "Administrador",
    "Administradora",
    "Moderación",
    "Moderador",
    "Moderadora",
    "Gobierno Regional",
    "GORE",
    "Gobernación",
    "Gobernador Regional",
    "Gobernadora Regional",
    "Consejo Regional",
    "Funcionario",
    "Funcionaria",
    "Oficial",
    "Cabildo",
)

RESERVED_NAME = _(
    "Tu nombre público no puede incluir «{word}»: está reservado para el Gobierno "
    "Regional y su equipo, que publican con un distintivo oficial. Elige otro nombre."
)
STAFF_NAME = _(
    "Ese es el nombre público de una persona del equipo del Gobierno Regional. Elige "
    "otro, por ejemplo agregando tu segundo apellido o una inicial."
)

_WORD = re.compile(r"\w+")


def words(text: str) -> tuple[str, ...]:
    """The words of ``text`` as compared: their skeletons (no case, no accents, no
    look-alikes, no invisible characters), no punctuation."""
    return tuple(_WORD.findall(skeleton(text)))


def _contains(name: tuple[str, ...], reserved: tuple[str, ...]) -> bool:
    """Whether consecutive words of ``name`` spell ``reserved``: the same words in a row,
    or letters split by dots or spaces ("G.O.R.E", "DIP LADE") that join into it."""
    if not reserved:
        return False
    wanted = "".join(reserved)
    for start in range(len(name)):
        joined = ""
        for word in name[start:]:
            joined += word
            if joined == wanted:
                return True
            if not wanted.startswith(joined):
                break
    return False


def _reserved_phrases() -> list[str]:
    """What no resident's name may contain: the fixed list, the government's names, every
    division's name and acronym (one query)."""
    from accounts.models import Division

    phrases = [*RESERVED_NAMES, settings.CABILDO_GOVERNMENT_NAME]
    phrases.append(settings.CABILDO_GOVERNMENT_NAME_EN)
    for name, acronym in Division.objects.values_list("name", "acronym"):
        phrases.append(name)
        if acronym:
            phrases.append(acronym)
    return phrases


def _staff_names(exclude_pk: int | None) -> Iterable[str]:
    """Public names of the people who hold a staff role (one query)."""
    from accounts.models import User

    staff = User.objects.filter(
        Q(is_official=True) | Q(is_moderator=True) | Q(is_staff=True),
        is_active=True,
        deleted_at__isnull=True,
    )
    if exclude_pk is not None:
        staff = staff.exclude(pk=exclude_pk)
    return staff.values_list("display_name", flat=True)


# The roles whose holders' names are set by the team and shown with their badge.
STAFF_FLAGS = ("is_official", "is_moderator", "is_staff")


def holds_staff_flag(person: Any) -> bool:
    """Officials, moderators and administrators: their names are set by the team and
    shown with their badge, so they may carry the division or the institution's name."""
    return any(getattr(person, flag) for flag in STAFF_FLAGS)


def public_name_refusal(name: str, *, person: Any = None, staff: bool | None = None) -> Any:
    """Why ``name`` cannot be ``person``'s public name (None when signing up), or None.
    ``staff``: whether the person holds a staff role, who may take any name (default:
    their saved flags; the admin passes the flags being set). Two queries (divisions,
    staff names); none for staff themselves."""
    if staff is None:
        staff = person is not None and person.pk is not None and holds_staff_flag(person)
    if staff:
        return None
    typed = words(name)
    for phrase in _reserved_phrases():
        if _contains(typed, words(phrase)):
            return format_lazy(RESERVED_NAME, word=phrase)
    joined = "".join(typed)
    own_pk = person.pk if person is not None else None
    if any("".join(words(staff)) == joined for staff in _staff_names(own_pk)):
        return STAFF_NAME
    return None


def public_suffix(pk: int | None) -> str:
    """A short tag that tells apart two people with the same public name: four hex
    digits derived from the account (keyed with the secret key: not its id, not its
    order). Stable while the secret key stays; empty for an unsaved account."""
    if pk is None:
        return ""
    digest = salted_hmac("cabildo.accounts.public_suffix", str(pk), algorithm="sha256")
    return digest.hexdigest()[:4].upper()
