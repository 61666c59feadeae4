from typing import Any

from django.conf import settings
from django.http import HttpRequest

from common.site import government_name


def site(request: HttpRequest) -> dict[str, Any]:
    """The government's name, in the page's language, and where to write to it."""
    return {
        "CABILDO_GOVERNMENT_NAME": government_name(),
        "CABILDO_CONTACT_EMAIL": settings.CABILDO_CONTACT_EMAIL,
    }
