"""Who runs this site: the government's name in the language being shown."""

from django.conf import settings
from django.utils import translation


def government_name() -> str:
    """The government's name, in the active language (pages, e-mails)."""
    english = (translation.get_language() or "").startswith("en")
    return settings.CABILDO_GOVERNMENT_NAME_EN if english else settings.CABILDO_GOVERNMENT_NAME
