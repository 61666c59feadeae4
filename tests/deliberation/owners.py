"""A test-only discussion owner: ``accounts.Division`` registered for the test's duration.

No model is created for tests. The rules are mutable so a test can hide the owner, refuse
comments or ask for a stance. Import the fixtures where needed (tests/browser too).
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db.models import F

from accounts.models import Division
from deliberation.actions import create_discussion
from deliberation.models import Comment, Discussion
from deliberation.registry import OwnerPolicy, register_owner, unregister_owner


@dataclass
class OwnerRules:
    visible: bool = True
    refusal: Any = None
    uses_alignment: bool = False
    count_changes: list[int] = field(default_factory=list)
    also_followed: list[Any] = field(default_factory=list)


@pytest.fixture
def owner_rules() -> OwnerRules:
    return OwnerRules()


@pytest.fixture
def test_owner_registered(owner_rules: OwnerRules) -> Iterator[OwnerRules]:
    register_owner(
        Division,
        OwnerPolicy(
            can_view=lambda user, owner: owner_rules.visible,
            comment_refusal=lambda user, owner: owner_rules.refusal,
            title=lambda owner: owner.name,
            url=lambda owner: f"/#division-{owner.pk}",
            uses_alignment=owner_rules.uses_alignment,
            also_followed=lambda owner: owner_rules.also_followed,
            on_comment_count_change=lambda owner, delta: owner_rules.count_changes.append(delta),
        ),
    )
    yield owner_rules
    unregister_owner(Division)


@pytest.fixture
def owner(db: None, test_owner_registered: OwnerRules) -> Division:
    return Division.objects.create(name="Plan de ciclovías de Valparaíso", acronym="CICLO")


@pytest.fixture
def discussion(owner: Division, owner_rules: OwnerRules) -> Discussion:
    found = create_discussion(owner)
    if owner_rules.uses_alignment and not found.uses_alignment:
        found.uses_alignment = True
        found.save(update_fields=["uses_alignment"])
    return found


def make_comment(
    discussion: Discussion, author: Any, body: str = "Buena idea", **fields: Any
) -> Comment:
    """A comment written straight to the database (no action, no event, no notification),
    with the counters the actions would keep: the discussion's and the replies'."""
    parent = fields.pop("parent", None)
    if parent is not None:
        fields.update(parent=parent, root=parent.root or parent, depth=parent.depth + 1)
    comment = Comment.objects.create(discussion=discussion, author=author, body=body, **fields)
    if comment.counts_as_visible:
        Discussion.objects.filter(pk=discussion.pk).update(comment_count=F("comment_count") + 1)
    if parent is not None:
        Comment.objects.filter(pk__in={parent.pk, comment.root_id}).update(
            reply_count=F("reply_count") + 1
        )
    return comment
