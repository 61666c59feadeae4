"""The catalogues: Spanish complete, English complete, compiled files up to date."""

import importlib.util
import re
from pathlib import Path

import polib
import pytest
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext, ngettext

ROOT = Path(settings.BASE_DIR)


def _i18n_script():
    spec = importlib.util.spec_from_file_location("i18n", ROOT / "scripts" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_catalogue_is_complete():
    # Includes locale/es/overrides.po: each entry copied into the Spanish catalogue by
    # `scripts/i18n.py fill-es`, and still a msgid of allauth or Django.
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


# --- Cabildo's wording for allauth's and Django's messages (locale/es/overrides.po) ------


def test_allauth_and_django_speak_like_cabildo_in_spanish_and_stay_english_in_english():
    signed_in = "Successfully signed in as %(name)s."
    choice = "Select a valid choice. That choice is not one of the available choices."
    numeric = "Your password can\u2019t be entirely numeric."  # Django's curly apostrophe
    with translation.override("es-cl"):
        assert gettext(signed_in) == "Ingresaste como %(name)s."  # allauth
        assert (
            gettext(choice) == "Elige una opción válida. Esa opción no está entre las disponibles."
        )
        assert gettext(numeric) == "Tu contraseña no puede tener solo números."  # contrib.auth
        assert gettext("Sign Up") == "Crear cuenta"  # as in Cabildo's header
        assert gettext("Two-Factor Authentication") == "Verificación en dos pasos"
        assert (
            ngettext(
                "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
                "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
                3,
            )
            == "Escribe como máximo %(limit_value)d caracteres (escribiste %(show_value)d)."
        )
        # Neutral upstream Spanish is kept.
        assert gettext("This field is required.") == "Este campo es obligatorio."
    with translation.override("en"):
        assert gettext(signed_in) == signed_in
        assert gettext(choice) == choice
        assert gettext(numeric) == numeric


def test_a_django_form_error_uses_the_override():
    field = forms.ChoiceField(choices=[("a", "A")])
    with translation.override("es-cl"), pytest.raises(ValidationError) as error:
        field.clean("z")
    assert error.value.messages == [
        "Elige una opción válida. z no está entre las opciones disponibles."
    ]


def _placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"%\(\w+\)[sd]|%[sd]|\{\w+\}|<[^>]+>", text))


OVERRIDES = polib.pofile(str(ROOT / "locale" / "es" / "overrides.po"))


@pytest.mark.parametrize("entry", OVERRIDES, ids=lambda entry: entry.msgid[:40])
def test_each_override_keeps_placeholders_and_html_and_speaks_tu(entry):
    texts = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
    for text in texts:
        assert text, "Every override is translated."
        assert _placeholders(text) == _placeholders(entry.msgid)
        assert not re.search(r"\b(usted|su|sus|Introduzca|Escoja|Asegúrese)\b", text)


def test_english_visitors_get_the_confirmation_email_in_english(client, db, mailoutbox):
    client.post("/idioma/", {"language": "en", "next": "/"})
    client.post(
        "/cuenta/signup/",
        {
            "display_name": "Valentina",
            "email": "valentina@ejemplo.cl",
            "password1": "una-clave-larga-123",
            "password2": "una-clave-larga-123",
            "accept_privacy": "on",
        },
    )
    [message] = mailoutbox
    assert message.subject == "[Cabildo] Confirm your email address"
    assert message.body.startswith("Hello Valentina,\n")
    assert "To confirm your email address, open this link:" in message.body
    assert "Cabildo, citizen participation · Regional Government of Valparaíso" in message.body
