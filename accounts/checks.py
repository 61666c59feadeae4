from django.conf import settings
from django.core.checks import Error, register

from accounts.territory import region_codes


@register()
def check_region_code(app_configs, **kwargs) -> list[Error]:
    """The deployment's region must be one of the 16 in the territory file."""
    if settings.CABILDO_REGION_CODE not in region_codes():
        return [
            Error(
                f"REGION_CODE={settings.CABILDO_REGION_CODE!r} is not a Chilean region code.",
                hint="Use a two-digit CUT code from 01 to 16, e.g. 05 for Valparaíso.",
                id="cabildo.E001",
            )
        ]
    return []
