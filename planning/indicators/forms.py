"""The year chosen on /indicadores/ (``?anio=``)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from common.numbers import parse_int


class YearForm(forms.Form):
    """``anio``: one of the years with figures (``years``), in ASCII digits; empty for
    the page's default year."""

    anio = forms.CharField(label=_("Año"), required=False)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.years = years

    def clean_anio(self) -> int | None:
        text = self.cleaned_data["anio"].strip()
        if not text:
            return None
        year = parse_int(text)
        if year is None or year not in self.years:
            raise forms.ValidationError(
                _("No hay indicadores para «%(value)s»: elige un año de la lista (%(years)s)."),
                code="unknown_year",
                params={"value": text[:20], "years": ", ".join(map(str, self.years))},
            )
        return year
