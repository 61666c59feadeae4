"""Translation catalogue chores.

    python scripts/i18n.py fill-es   # Spanish is the source language: msgstr = msgid
    python scripts/i18n.py check     # list untranslated or fuzzy entries (exit 1 if any)

The msgids in the code are the Spanish (Chile) strings, so the Spanish catalogue is
complete when every entry carries its msgid as translation; the English one is written by
hand.
"""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted((ROOT / "locale").glob("*/LC_MESSAGES/*.po"))


def _third_party(language: str) -> dict[str, polib.MOEntry]:
    """Translations shipped by Django and allauth, for the msgids of their templates that
    Cabildo overrides (templates/account/…): those msgids are English, not Spanish."""
    import allauth
    import django

    entries: dict[str, polib.MOEntry] = {}
    for package in (django, allauth):
        locale = Path(package.__file__).parent / ("conf/locale" if package is django else "locale")
        mo = locale / language / "LC_MESSAGES" / "django.mo"
        if mo.exists():
            entries.update({entry.msgid: entry for entry in polib.mofile(str(mo))})
    return entries


def _expected(entry: polib.POEntry, source: polib.MOEntry | None, plurals: int, es: bool):
    """What the entry must say: allauth's/Django's translation of their own English msgids
    (Spanish: theirs; English: the msgid), else, in Spanish, the msgid itself."""
    if entry.msgid_plural:
        if source is not None and es and source.msgstr_plural:
            forms = [source.msgstr_plural.get(i) or source.msgstr_plural[0] for i in range(plurals)]
        else:
            forms = [entry.msgid] + [entry.msgid_plural] * (plurals - 1)
        return dict(enumerate(forms))
    if source is not None and es:
        return source.msgstr or entry.msgid
    return entry.msgid


def fill_spanish() -> None:
    for path in CATALOGUES:
        language = path.parent.parent.name
        if language not in {"es", "en"}:
            continue
        catalogue = polib.pofile(str(path))
        upstream = _third_party(language)
        # Spanish has three plural forms (one, millions, the rest); English two.
        plurals = int(catalogue.metadata.get("Plural-Forms", "nplurals=2").split("nplurals=")[1][0])
        changed = 0
        for entry in catalogue:
            if entry.obsolete:
                continue
            source = upstream.get(entry.msgid)
            if language == "en" and source is None:
                continue  # Cabildo's own Spanish msgids: translated by hand.
            expected = _expected(entry, source, plurals, es=language == "es")
            current = entry.msgstr_plural if entry.msgid_plural else entry.msgstr
            if current != expected or "fuzzy" in entry.flags:
                if entry.msgid_plural:
                    entry.msgstr_plural = expected
                else:
                    entry.msgstr = expected
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
                changed += 1
        catalogue.save()
        print(f"{path.relative_to(ROOT)}: {changed} filled")


def problems() -> list[str]:
    found = []
    for path in CATALOGUES:
        catalogue = polib.pofile(str(path))
        for entry in catalogue.untranslated_entries() + catalogue.fuzzy_entries():
            found.append(f"{path.relative_to(ROOT)}:{entry.linenum}: {entry.msgid[:70]!r}")
    return found


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    if command == "fill-es":
        fill_spanish()
        return 0
    if command == "check":
        found = problems()
        print("\n".join(found) or "All catalogues are complete.")
        return 1 if found else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
