"""Input shapes of the project-wide pages."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from common.search import MAX_QUERY_LENGTH, query_words, search_sources


class SiteSearchForm(forms.Form):
    """``/buscar/?q=…&tipo=…``: what someone looks for, and optionally one kind only."""

    q = forms.CharField(
        label=_("Buscar en el sitio"),
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "required": _("Escribe qué quieres buscar."),
            "max_length": _(
                "La búsqueda puede tener hasta %(limit_value)d caracteres; la tuya tiene "
                "%(show_value)d. Acórtala a las palabras más importantes."
            ),
        },
    )
    tipo = forms.ChoiceField(label=_("Buscar solo en"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tipo"].choices = [("", _("Todo"))] + [
            (source.key, source.heading) for source in search_sources()
        ]

    def clean_q(self) -> str:
        query = self.cleaned_data["q"]
        if not query_words(query):
            raise forms.ValidationError(
                _("Escribe al menos una palabra: la búsqueda ignora los signos sueltos."),
                code="no_words",
            )
        return query
