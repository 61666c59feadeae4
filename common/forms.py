"""Form fields every app's forms share."""

from datetime import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# What a datetime-local input sends and shows (local time, minutes).
DATETIME_LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


class LocalDateTimeField(forms.DateTimeField):
    """A date and time typed in the browser's ``datetime-local`` input, read as Chile's
    time (the site's time zone, America/Santiago)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL_FORMAT)

    def to_python(self, value: Any) -> datetime | None:
        try:
            return super().to_python(value)
        except ValidationError as error:
            if error.code != "ambiguous_timezone":
                raise
            # Chile's clocks jump an hour forward in September (that hour does not exist)
            # and back in April (that hour happens twice).
            raise ValidationError(
                _(
                    "Esa hora no existe o se repite en Chile por el cambio de horario: "
                    "elige otra (por ejemplo, una hora más tarde)."
                ),
                code="ambiguous_timezone",
            ) from None
