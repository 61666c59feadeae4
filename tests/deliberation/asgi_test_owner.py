"""The project's ASGI application with the test owner registered, for server subprocesses.

Used by test_two_processes.py: separate daphne processes do not share the test process's
registry, so they import this module instead of config.asgi.
"""

from accounts.models import Division
from config.asgi import application  # noqa: F401  (sets Django up first)
from deliberation.registry import OwnerPolicy, register_owner

register_owner(
    Division,
    OwnerPolicy(
        can_view=lambda user, owner: True,
        comment_refusal=lambda user, owner: None,
        title=lambda owner: owner.name,
        url=lambda owner: "/",
    ),
)
