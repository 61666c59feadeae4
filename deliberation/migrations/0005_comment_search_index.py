"""The site-wide search reads comments by ``to_tsvector('es_unaccent', body)``
(``deliberation.search``): without an index every search computed it for every comment
(1.7 s for 200,000 comments, on a page anyone may ask for). A GIN index on that very
expression, for the comments the search may show (published, not deleted), takes it to
milliseconds. PostgreSQL only: SQLite compares folded text (``common.search``)."""

from django.db import migrations

# The expression Django writes for SearchVector("body", config="es_unaccent"): the
# planner uses the index only for the same expression.
CREATE = """
CREATE INDEX IF NOT EXISTS comment_search ON deliberation_comment
USING gin (to_tsvector('es_unaccent'::regconfig, COALESCE(body, '')))
WHERE moderation_status = 'published' AND deleted_at IS NULL;
"""
DROP = "DROP INDEX IF EXISTS comment_search;"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("deliberation", "0004_body_source")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
