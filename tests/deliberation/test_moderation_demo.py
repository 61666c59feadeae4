"""deliberation.demo.seed_moderation, through ``manage.py seed_demo``: the queue has a
reported comment, one hidden by reports and one appealed; a resident is blocked; all of it
consistent (the counters skip the hidden ones) and idempotent."""

import io

import pytest
from django.core.management import call_command

from accounts.models import User
from deliberation.models import Appeal, Block, Comment, Discussion, ModerationCase
from deliberation.rules import block_refusal


@pytest.mark.django_db
def test_the_demo_fills_the_queue_once(settings):
    settings.DEBUG = True
    for _run in range(2):
        call_command("seed_demo", stdout=io.StringIO())
    states = sorted(ModerationCase.objects.values_list("state", flat=True))
    assert states == ["appealed", "reported", "review"]
    appeal = Appeal.objects.get()
    assert appeal.status == "open"
    assert appeal.decision.moderator.email == "moderacion@demo.cabildo.cl"
    hidden = Comment.objects.filter(moderation_status="hidden")
    assert hidden.count() == 2
    for discussion in Discussion.objects.filter(comments__in=hidden):
        visible = discussion.comments.filter(
            moderation_status="published", deleted_at__isnull=True
        ).count()
        assert discussion.comment_count == visible
    blocked = User.objects.get(email="bloqueado@demo.cabildo.cl")
    assert Block.objects.filter(user=blocked).count() == 1
    assert "propaganda" in str(block_refusal(blocked))
