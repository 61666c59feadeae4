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


def fill_spanish() -> None:
    for path in CATALOGUES:
        if path.parent.parent.name != "es":
            continue
        catalogue = polib.pofile(str(path))
        changed = 0
        for entry in catalogue:
            if entry.obsolete:
                continue
            if entry.msgid_plural:
                if not all(entry.msgstr_plural.values()):
                    entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
                    changed += 1
            elif not entry.msgstr:
                entry.msgstr = entry.msgid
                changed += 1
            if "fuzzy" in entry.flags and entry.msgstr:
                entry.flags.remove("fuzzy")
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
