from typing import Any

from django.http import HttpRequest

from common.site import government_name


def site(request: HttpRequest) -> dict[str, Any]:
    """The government's name, in the page's language."""
    return {"CABILDO_GOVERNMENT_NAME": government_name()}
