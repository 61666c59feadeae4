"""deliberation.actions.create_discussion / create_discussions: owners make their
discussion in their own create action, so pages never write."""

from dataclasses import replace

import pytest
from django.db import transaction

from accounts.models import Division
from deliberation.actions import create_discussion, create_discussions
from deliberation.models import Discussion
from deliberation.registry import policy_for, register_owner


def test_create_discussion_is_idempotent(owner, owner_rules):
    first = create_discussion(owner)
    assert create_discussion(owner) == first
    assert Discussion.objects.count() == 1
    assert first.owner == owner
    assert not first.uses_alignment


def test_the_owner_policy_decides_whether_comments_take_a_stance(owner):
    register_owner(Division, replace(policy_for(Division), uses_alignment=True))
    assert create_discussion(owner).uses_alignment


def test_it_runs_inside_the_callers_transaction(owner):
    def create_owner_then_fail() -> None:
        with transaction.atomic():
            create_discussion(owner)
            raise RuntimeError("the owner's create action failed")

    with pytest.raises(RuntimeError):
        create_owner_then_fail()
    assert not Discussion.objects.exists()


def test_create_discussions_makes_them_in_bulk_and_skips_existing(
    test_owner_registered, db, django_assert_num_queries
):
    owners = [Division.objects.create(name=f"D{i}", acronym=f"D{i}") for i in range(5)]
    create_discussion(owners[0])
    # 1: one INSERT … ON CONFLICT DO NOTHING for all of them.
    with django_assert_num_queries(1):
        create_discussions(owners)
    assert Discussion.objects.count() == 5
    create_discussions([])
