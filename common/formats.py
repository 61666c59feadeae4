"""How dates read on pages and in messages."""

from datetime import datetime

from django.utils import formats, timezone


def when(moment: datetime) -> str:
    """A date and time as people read it here: "3 de marzo de 2026 a las 18:00"."""
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")
