"""Redis unreachable while the site runs (issue 8): every page answers, every write
stands, only live delivery pauses.

By default these tests point CACHES, CHANNEL_LAYERS and REDIS_URL at a port where nothing
listens (``CABILDO_OUTAGE_REDIS_URL``, default redis://127.0.0.1:6399/0) with the same
configuration config/settings.py builds. With ``CABILDO_OUTAGE_TEST=1``
(scripts/ci_redis_outage.sh) they use the settings as configured instead, which must
point REDIS_URL at an unreachable Redis: the real settings block is what is tested.
"""

import os
import socket
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings

from tests.outage.servers import HungServer, redis_settings

UNREACHABLE = os.environ.get("CABILDO_OUTAGE_REDIS_URL", "redis://127.0.0.1:6399/0")
USE_CONFIGURED = os.environ.get("CABILDO_OUTAGE_TEST") == "1"


def _listening(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=0.2):
            return True
    except OSError:
        return False


@pytest.fixture
def redis_down(settings):
    """The site's Redis is unreachable for the whole test."""
    if USE_CONFIGURED:
        url = django_settings.REDIS_URL
        if not url or _listening(url):
            pytest.fail("CABILDO_OUTAGE_TEST=1 needs REDIS_URL at a port nobody listens on.")
        return url
    if _listening(UNREACHABLE):
        pytest.skip(f"Something listens at {UNREACHABLE}: not an outage.")
    for name, value in redis_settings(UNREACHABLE).items():
        setattr(settings, name, value)
    return UNREACHABLE


@pytest.fixture
def hung_redis():
    server = HungServer()
    yield server
    server.close()
