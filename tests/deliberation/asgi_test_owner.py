"""The project's ASGI application with the test owner registered, for server subprocesses.

Used by test_two_processes.py: separate daphne processes do not share the test process's
registry, so they import this module instead of config.asgi.
"""

from config.asgi import application  # noqa: F401  (sets Django up first)


def _register_test_owner() -> None:
    # Imported here: models need the apps loaded by config.asgi.
    from accounts.models import Division
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


_register_test_owner()
