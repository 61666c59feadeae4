"""Translation catalogue chores.

    python scripts/i18n.py fill-es   # Spanish is the source language: msgstr = msgid
    python scripts/i18n.py check     # list untranslated or fuzzy entries (exit 1 if any)

The msgids in the code are the Spanish (Chile) strings, so the Spanish catalogue is
complete when every entry carries its msgid as translation; the English one is written by
hand.

allauth's and Django's own messages (English msgids) speak a formal Spanish ("usted");
locale/es/overrides.po, written by hand, says them in Cabildo's voice. `fill-es` copies
its entries into the Spanish catalogue, which takes precedence over theirs (LOCALE_PATHS),
after every extraction (makemessages --no-obsolete drops the ones not in our code);
`check` fails when one is missing or stale.
"""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted((ROOT / "locale").glob("*/LC_MESSAGES/*.po"))
SPANISH = ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"
OVERRIDES = ROOT / "locale" / "es" / "overrides.po"


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


def _overrides() -> list[polib.POEntry]:
    if not OVERRIDES.exists():
        return []
    return [entry for entry in polib.pofile(str(OVERRIDES)) if not entry.obsolete]


def _translation(entry: polib.POEntry):
    return dict(entry.msgstr_plural) if entry.msgid_plural else entry.msgstr


def apply_overrides(catalogue: polib.POFile) -> int:
    """Put overrides.po's translations into the Spanish catalogue: replace the msgstr of
    an entry already there (an allauth msgid of a template Cabildo overrides), add the
    others (msgids only allauth's or Django's code uses)."""
    changed = 0
    for override in _overrides():
        entry = catalogue.find(override.msgid, msgctxt=override.msgctxt)
        if entry is None:
            entry = polib.POEntry(
                msgid=override.msgid,
                msgctxt=override.msgctxt,
                msgid_plural=override.msgid_plural,
                flags=list(override.flags),
                comment="Cabildo's wording: locale/es/overrides.po",
            )
            catalogue.append(entry)
        elif _translation(entry) == _translation(override) and "fuzzy" not in entry.flags:
            continue
        if override.msgid_plural:
            entry.msgstr_plural = dict(override.msgstr_plural)
        else:
            entry.msgstr = override.msgstr
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        changed += 1
    return changed


def override_problems() -> list[str]:
    """Overrides missing from (or different in) the Spanish catalogue, and overrides whose
    msgid allauth or Django no longer has (renamed upstream: the override does nothing)."""
    found = []
    catalogue = polib.pofile(str(SPANISH))
    upstream = _upstream_msgids()
    for override in _overrides():
        where = f"{OVERRIDES.relative_to(ROOT)}:{override.linenum}: {override.msgid[:70]!r}"
        entry = catalogue.find(override.msgid, msgctxt=override.msgctxt)
        if entry is None or "fuzzy" in entry.flags:
            found.append(f"{where} is not in {SPANISH.relative_to(ROOT)} (run fill-es)")
        elif _translation(entry) != _translation(override):
            found.append(f"{where} differs in {SPANISH.relative_to(ROOT)} (run fill-es)")
        if (override.msgctxt, override.msgid) not in upstream:
            found.append(f"{where} is no longer a msgid of allauth or Django")
    return found


def _upstream_msgids() -> set[tuple[str | None, str]]:
    """The msgids of allauth's and Django's Spanish catalogues (Django's own and its
    contrib apps'), with their context."""
    import allauth
    import django

    folders = [Path(allauth.__file__).parent / "locale"]
    django_root = Path(django.__file__).parent
    folders += [django_root / "conf" / "locale"]
    folders += sorted((django_root / "contrib").glob("*/locale"))
    msgids = set()
    for folder in folders:
        for name in ("django.mo", "djangojs.mo"):
            mo = folder / "es" / "LC_MESSAGES" / name
            if mo.exists():
                msgids |= {(entry.msgctxt, entry.msgid) for entry in polib.mofile(str(mo))}
    return msgids


def fill_spanish() -> None:
    for path in CATALOGUES:
        language = path.parent.parent.name
        if language not in {"es", "en"}:
            continue
        catalogue = polib.pofile(str(path))
        upstream = _third_party(language)
        # Spanish has three plural forms (one, millions, the rest); English two.
        plurals = int(catalogue.metadata.get("Plural-Forms", "nplurals=2").split("nplurals=")[1][0])
        overridden = {(o.msgctxt, o.msgid) for o in _overrides()} if path == SPANISH else set()
        changed = 0
        for entry in catalogue:
            if entry.obsolete or (entry.msgctxt, entry.msgid) in overridden:
                continue  # overrides.po's entries: applied below.
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
        if path == SPANISH:
            changed += apply_overrides(catalogue)
        catalogue.save()
        print(f"{path.relative_to(ROOT)}: {changed} filled")


def problems() -> list[str]:
    found = []
    for path in CATALOGUES:
        catalogue = polib.pofile(str(path))
        for entry in catalogue.untranslated_entries() + catalogue.fuzzy_entries():
            found.append(f"{path.relative_to(ROOT)}:{entry.linenum}: {entry.msgid[:70]!r}")
    return found + override_problems()


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
