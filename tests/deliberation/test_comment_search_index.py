"""The site-wide search's comment query uses the GIN index of deliberation migration 0005
on PostgreSQL (it computed every comment's vector on each search: 1.7 s for 200,000)."""

import pytest
from django.db import connection

from deliberation.actions import create_discussion
from deliberation.search import searchable_comments
from tests.consultations.factories import ConsultationFactory
from tests.deliberation.owners import make_comment
from tests.factories import UserFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search is PostgreSQL's"
)


def test_the_comment_search_reads_the_index(db):
    discussion = create_discussion(ConsultationFactory())
    make_comment(discussion, UserFactory(), "<p>Más árboles nativos.</p>")
    with connection.cursor() as cursor:
        # Enough comments that reading them all costs more than the index.
        cursor.execute(
            "INSERT INTO deliberation_comment (discussion_id, author_id, body, body_source, "
            "moderation_status, moderation_reason, created_at, updated_at, depth, upvotes, "
            "downvotes, reply_count, alignment) SELECT discussion_id, author_id, "
            "'<p>Comentario número ' || g || '</p>', '', moderation_status, '', created_at, "
            "updated_at, 0, 0, 0, 0, '' FROM deliberation_comment, generate_series(1, 5000) g"
        )
        cursor.execute("ANALYZE deliberation_comment")
        sql, params = searchable_comments("arbol", None)[:6].query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "comment_search" in plan, plan
