"""config.asgi.application with the bench owner registered (for bench/fanout.py's servers).

Database connections stay open between requests (``CONN_MAX_AGE``), as a production
deployment would configure them; Django's default reconnects for every request and every
socket's authorisation.
"""

from config.asgi import application  # noqa: F401  (sets Django up first)


def _prepare() -> None:
    from django.conf import settings

    from bench.discussion_owner import register

    settings.DATABASES["default"]["CONN_MAX_AGE"] = 300
    register()


_prepare()
