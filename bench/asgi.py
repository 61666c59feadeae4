"""config.asgi.application with the bench owner registered (for bench/fanout.py's servers).

Database connections are reused, as a production deployment configures them: psycopg's
pool when the environment asks for it (``DATABASE_POOL=true``, as ``make serve`` starts
its ASGI processes), else persistent connections (``CONN_MAX_AGE``, 300 s unless
``DATABASE_CONN_MAX_AGE`` says otherwise). Django's default reconnects for every request
and every socket's authorisation.
"""

from config.asgi import application  # noqa: F401  (sets Django up first)


def _prepare() -> None:
    from django.conf import settings

    from bench.discussion_owner import register

    database = settings.DATABASES["default"]
    # The pool and persistent connections exclude each other.
    if "pool" not in database.get("OPTIONS", {}) and not database["CONN_MAX_AGE"]:
        database["CONN_MAX_AGE"] = 300
    register()


_prepare()
