"""deliberation.blocks.discussion_context: the block other pages include (a GET: it reads
and never writes)."""

from django.test import RequestFactory

from deliberation.actions import create_discussion
from deliberation.blocks import discussion_context
from deliberation.models import Discussion
from tests.deliberation.owners import make_comment


def request_as(user):
    request = RequestFactory().get("/consultas/ciclovias/propuestas/7/")
    request.user = user
    return request


def test_discussion_context_feeds_the_include(owner, resident, django_assert_max_num_queries):
    discussion = create_discussion(owner)
    make_comment(discussion, resident, "Desde otra página")
    # 1 discussion, 2 first batch (+authors), 3 their replies (+authors), 4 the viewer's
    # votes, 5 does the viewer follow, 6 last event id. (Not a moderator: no 2FA query.)
    with django_assert_max_num_queries(6):
        context = discussion_context(request_as(resident), owner)
    block = context["discussion_block"]
    assert block.discussion == discussion
    assert block.page_url == "/consultas/ciclovias/propuestas/7/"
    assert [c.body for c in block.threads] == ["<p>Desde otra página</p>"]
    assert block.can_comment


def test_an_owner_without_a_discussion_gets_no_block_and_nothing_is_written(
    owner, resident, django_assert_num_queries
):
    # 1: looking for the discussion. Older rows made before their create action made one
    # show their page without the block.
    with django_assert_num_queries(1):
        assert discussion_context(request_as(resident), owner) == {"discussion_block": None}
    assert not Discussion.objects.exists()


def test_a_discussion_the_owner_keeps_from_the_viewer_gets_no_block(owner, owner_rules, resident):
    # The owner's page may stay public (a hidden proposal shows its moderation reason).
    make_comment(create_discussion(owner), resident, "No debe verse")
    owner_rules.visible = False
    assert discussion_context(request_as(resident), owner) == {"discussion_block": None}
