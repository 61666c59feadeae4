"""Form fields every app's forms share."""

from datetime import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from common.numbers import parse_decimal, parse_int

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


class WholeNumberField(forms.IntegerField):
    """A whole number typed by a person or carried in a hidden field: ASCII digits only
    (``common.numbers.parse_int``). Django's ``IntegerField`` calls ``int()``, which reads 12
    written in fullwidth or Arabic-Indic digits as 12, and "1_000" as 1000. A leading minus
    is read, so ``min_value`` answers a negative number with its own message."""

    default_error_messages = {
        "invalid": _("Escribe un número entero usando solo las cifras 0 a 9."),
        "min_value": _("Escribe un número mayor o igual a %(limit_value)s."),
        "max_value": _("Escribe un número menor o igual a %(limit_value)s."),
    }

    def to_python(self, value: Any) -> int | None:
        # An int (from JSON) goes through the same parser, length limit included.
        text = "" if value is None else str(value).strip()
        if text in self.empty_values:
            return None
        number = parse_int(text, signed=True)
        if number is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number


class DecimalNumberField(forms.FloatField):
    """A number with decimals typed by a person ("-33.0472" or "-33,0472"), as a float:
    ASCII digits only (``common.numbers.parse_decimal``; no exponent, "inf" or "nan")."""

    default_error_messages = {
        "invalid": _("Escribe un número usando solo las cifras 0 a 9, por ejemplo -33.0472."),
        "min_value": _("Escribe un número mayor o igual a %(limit_value)s."),
        "max_value": _("Escribe un número menor o igual a %(limit_value)s."),
    }

    def to_python(self, value: Any) -> float | None:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        text = "" if value is None else str(value).strip()
        if text in self.empty_values:
            return None
        number = parse_decimal(text)
        if number is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return float(number)


class IdChoiceField(forms.ModelChoiceField):
    """A row chosen from a list by its integer id. ``ModelChoiceField`` hands the posted
    text to the database lookup, which calls ``int()``: a fullwidth "1" would choose the
    row with id 1. Anything but ASCII digits is an invalid choice."""

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        if not isinstance(value, self.queryset.model) and parse_int(str(value)) is None:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return super().to_python(value)


class FormRenderer(DjangoTemplates):
    """Django's renderer, without ``maxlength`` on any widget (``FORM_RENDERER``).

    Django puts ``maxlength`` on the input of every field with a ``max_length``, and
    browsers then cut what is pasted past it without a word. Nothing is cut here: the
    server refuses a text that is too long and keeps it (Spanish message next to the
    field), and writing boxes carry ``data-limit`` for the live counter instead
    (``deliberation.forms.WrittenTextField``).
    """

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        widget = context.get("widget")
        if isinstance(widget, dict):
            _drop_maxlength(widget)
        return super().render(template_name, context, request=request)


def _drop_maxlength(widget: dict[str, Any]) -> None:
    widget.get("attrs", {}).pop("maxlength", None)
    for subwidget in widget.get("subwidgets", ()):
        _drop_maxlength(subwidget)


def too_long_error(message: Any, *, length: int, limit: int) -> ValidationError:
    """The refusal of a text longer than ``limit``: ``message`` with ``%(length)s`` and
    ``%(limit)s``, grouped as people read numbers ("15.600"), so the person learns how
    much to cut (the text itself is kept by the form)."""
    return ValidationError(
        message,
        code="max_length",
        params={
            "length": number_format(length, force_grouping=True),
            "limit": number_format(limit, force_grouping=True),
        },
    )
