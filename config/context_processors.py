from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation


def site(request: HttpRequest) -> dict[str, Any]:
    """The government's name, in the page's language."""
    english = (translation.get_language() or "").startswith("en")
    return {
        "CABILDO_GOVERNMENT_NAME": settings.CABILDO_GOVERNMENT_NAME_EN
        if english
        else settings.CABILDO_GOVERNMENT_NAME
    }
