"""deliberation.queries: the API other apps call (get_or_create_discussion,
discussion_context) and the cursor helpers."""

from django.test import RequestFactory

from deliberation.models import Discussion
from deliberation.queries import (
    SORTS,
    decode_cursor,
    discussion_context,
    get_or_create_discussion,
)
from tests.deliberation.owners import make_comment


def test_get_or_create_discussion_is_idempotent(owner, owner_rules):
    first = get_or_create_discussion(owner)
    assert get_or_create_discussion(owner) == first
    assert Discussion.objects.count() == 1
    assert first.owner == owner
    assert not first.uses_alignment


def test_discussion_context_feeds_the_include(owner, resident, django_assert_max_num_queries):
    discussion = get_or_create_discussion(owner)
    make_comment(discussion, resident, "Desde otra página")
    request = RequestFactory().get("/consultas/ciclovias/propuestas/7/")
    request.user = resident
    # 1 discussion, 2 first batch (+authors), 3 their replies (+authors), 4 the viewer's
    # votes, 5 does the viewer follow, 6 last event id. (Not a moderator: no 2FA query.)
    with django_assert_max_num_queries(6):
        context = discussion_context(request, owner)
    block = context["discussion_block"]
    assert block.discussion == discussion
    assert block.page_url == "/consultas/ciclovias/propuestas/7/"
    assert [c.body for c in block.threads] == ["<p>Desde otra página</p>"]
    assert block.can_comment


def test_malformed_cursors_mean_the_first_batch():
    sort = SORTS["recientes"]
    for raw in ["", "x~1", "1~y", "~", "99999999999999999999999~1"]:
        assert decode_cursor(raw, sort) is None
    assert decode_cursor("5~7", SORTS["mejores"]) == (5, 7)
