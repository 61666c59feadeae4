"""deliberation.queries: reads other apps call (discussion_for) and the cursor helpers."""

from deliberation.actions import create_discussion
from deliberation.queries import SORTS, decode_cursor, discussion_for


def test_discussion_for_reads_without_creating(owner, django_assert_num_queries):
    # 1: the discussion (none yet).
    with django_assert_num_queries(1):
        assert discussion_for(owner) is None
    created = create_discussion(owner)
    assert discussion_for(owner) == created


def test_malformed_cursors_mean_the_first_batch():
    sort = SORTS["recientes"]
    for raw in ["", "x~1", "1~y", "~", "99999999999999999999999~1"]:
        assert decode_cursor(raw, sort) is None
    assert decode_cursor("5~7", SORTS["mejores"]) == (5, 7)
