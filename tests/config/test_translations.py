"""The catalogues: Spanish complete, English complete, compiled files up to date."""

import importlib.util
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def _i18n_script():
    spec = importlib.util.spec_from_file_location("i18n", ROOT / "scripts" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_catalogue_is_complete():
    assert _i18n_script().problems() == []


@pytest.mark.parametrize("language", ["es", "en"])
def test_compiled_catalogue_matches_its_source(language):
    folder = ROOT / "locale" / language / "LC_MESSAGES"
    source = {
        entry.msgid: entry.msgstr or entry.msgstr_plural.get(0, "")
        for entry in polib.pofile(str(folder / "django.po")).translated_entries()
    }
    compiled = {
        entry.msgid: entry.msgstr or entry.msgstr_plural.get(0, "")
        for entry in polib.mofile(str(folder / "django.mo"))
        if entry.msgid
    }
    assert compiled == source, "Run `make messages` and compilemessages (make test does)."


def test_spanish_keeps_allauths_own_spanish_for_overridden_templates():
    catalogue = polib.pofile(str(ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"))
    assert catalogue.find("Email Address").msgstr == "Correo electrónico"


def test_pages_speak_the_chosen_language(client, db):
    assert "Procesos abiertos" in client.get("/").content.decode()
    client.post("/idioma/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Open processes" in html
    assert "Procesos abiertos" not in html
    assert "Regional Government of Valparaíso" in html
