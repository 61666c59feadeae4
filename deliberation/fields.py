from typing import Any

from django.db import models

from deliberation.sanitizer import SanitizedHTML, clean_html


class SanitizedHTMLField(models.TextField):
    """A text column that only ever stores HTML cleaned by ``deliberation.sanitizer``.

    Cleaning happens on the way in for every write path: ``save()`` and ``bulk_create()``
    (through ``pre_save``, which also puts the clean value back on the instance, so a
    broadcast rendered right after saving shows what was stored) and ``update()`` (through
    ``get_prep_value``). Values read back are ``SanitizedHTML``, which templates print
    without ``|safe``.
    """

    def pre_save(self, model_instance: models.Model, add: bool) -> SanitizedHTML:
        value = clean_html(getattr(model_instance, self.attname) or "")
        setattr(model_instance, self.attname, value)
        return value

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or isinstance(value, SanitizedHTML):
            return value
        return clean_html(value)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return None if value is None else SanitizedHTML(value)
