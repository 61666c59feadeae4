"""Test concerns only, on top of the normal (embedded-default) settings."""

import os
import tempfile
from pathlib import Path

# The development defaults (a throwaway secret, local hosts); pytest-django still turns
# DEBUG off while the tests run. Tests of the production settings set their own.
os.environ.setdefault("DEBUG", "true")

from config.settings import *  # noqa: F403
from config.settings import DATABASES

# Fast hashing: tests create many accounts.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# pytest-django turns DEBUG off at run time; the live server still serves static files
# straight from the source folders.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file, not Django's shared-cache in-memory database: the live server's threads and
    # the test thread use the database at the same time, and shared-cache mode answers
    # "database table is locked" at once instead of waiting. In WAL mode readers never
    # block and writers wait up to the timeout.
    # One file per test process, so parallel runs in the same checkout never share it.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"cabildo-test-{os.getpid()}.sqlite3")
    }
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

# A parallel run (pytest-xdist) may share one Redis database between its processes: each
# keeps its cache keys and channel-layer groups under a prefix of its own (the cache's
# clear() removes only its own keys), so one process's tests never see, or wipe, another's.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if _WORKER and "KEY_PREFIX" in CACHES["default"]:  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = f"cabildo-{_WORKER}"  # noqa: F405
    CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] = f"cabildo-{_WORKER}"  # noqa: F405
