"""config.asgi.application with the bench owner registered (for bench/fanout.py's servers)."""

from bench.discussion_owner import register
from config.asgi import application  # noqa: F401  (sets Django up first)

register()
