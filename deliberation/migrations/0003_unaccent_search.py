"""Accent-blind search on PostgreSQL: the ``unaccent`` extension (``common.collation.Fold``)
and the ``es_unaccent`` text-search configuration (Spanish, with accents removed before the
Spanish stemmer), which every search vector uses. Nothing on SQLite (``cabildo_fold`` there
is registered per connection by ``common.collation``)."""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

CREATE_CONFIGURATION = """
CREATE TEXT SEARCH CONFIGURATION es_unaccent (COPY = pg_catalog.spanish);
ALTER TEXT SEARCH CONFIGURATION es_unaccent
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
    WITH unaccent, spanish_stem;
"""

DROP_CONFIGURATION = "DROP TEXT SEARCH CONFIGURATION IF EXISTS es_unaccent;"


def create_configuration(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_CONFIGURATION)


def drop_configuration(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_CONFIGURATION)


class Migration(migrations.Migration):
    dependencies = [
        ("deliberation", "0002_room_events_and_moderation_decisions"),
    ]

    operations = [
        UnaccentExtension(),
        migrations.RunPython(create_configuration, drop_configuration, elidable=False),
    ]
