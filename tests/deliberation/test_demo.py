"""deliberation.demo: lively demo discussions with consistent counters."""

import io

from django.db.models import Count, Q

from deliberation.demo import seed, seed_discussion
from deliberation.models import Comment, CommentVote
from tests.factories import UserFactory


def test_seed_discussion_is_lively_consistent_and_idempotent(owner, owner_rules):
    UserFactory.create_batch(6)
    created = seed_discussion(owner)
    assert created >= 12
    comments = Comment.objects.all()
    assert comments.count() == created
    assert comments.filter(depth__gt=0).exists()
    assert owner_rules.count_changes == [created]
    for comment in comments.annotate(
        ups=Count("votes", filter=Q(votes__value=1)),
        downs=Count("votes", filter=Q(votes__value=-1)),
    ):
        assert (comment.upvotes, comment.downvotes) == (comment.ups, comment.downs)
        if comment.depth == 0:
            assert comment.reply_count == Comment.objects.filter(root=comment).count()
    # Nobody votes on their own comment.
    assert not [
        v
        for v in CommentVote.objects.select_related("comment")
        if v.voter_id == v.comment.author_id
    ]
    assert seed_discussion(owner) == 0


def test_seed_fills_existing_owners(owner):
    UserFactory.create_batch(3)
    out = io.StringIO()
    seed(out)
    assert "demo comments" in out.getvalue()
    assert Comment.objects.exists()
