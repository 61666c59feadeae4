"""A bench-only discussion owner: ``accounts.Division`` registered as a commentable thing.

The benchmarks measure the deliberation engine alone, whatever the apps that embed it do
on their own pages. Imported by bench/discussions.py and served by bench/asgi.py.
"""

from typing import Any

BENCH_DIVISION = "Bench: conversación de 5.000 comentarios"


def register() -> None:
    from accounts.models import Division
    from deliberation.registry import OwnerPolicy, register_owner

    register_owner(
        Division,
        OwnerPolicy(
            can_view=lambda user, owner: True,
            comment_refusal=lambda user, owner: None,
            title=lambda owner: owner.name,
            url=lambda owner: "/",
            uses_alignment=True,
        ),
    )


def bench_owner() -> Any:
    from accounts.models import Division

    return Division.objects.get(name=BENCH_DIVISION)
