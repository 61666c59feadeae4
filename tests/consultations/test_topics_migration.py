"""consultations migration 0005_topics, both ways: typed tags move onto the curated list
(near-duplicates onto the topic they mean, the rest kept as inactive topics), and
unapplying it (rolling a deployment back) gives consultations and proposals their topics
back as tags instead of dropping them with the tables."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# Migrations run outside a test's transaction; the data loaded by migrations (comunas,
# content types) comes back for the tests after this one as for every transactional test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("consultations", "0004_search_es_unaccent")]
AFTER = [("consultations", "0005_topics")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def at_0004(db):
    apps = migrate(BEFORE)
    yield apps
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def tag(apps, obj, *names):
    Tag = apps.get_model("taggit", "Tag")
    TaggedItem = apps.get_model("taggit", "TaggedItem")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _created = ContentType.objects.get_or_create(
        app_label="consultations", model=obj._meta.model_name
    )
    for name in names:
        found, _created = Tag.objects.get_or_create(
            name=name, defaults={"slug": name.lower().replace(" ", "-")}
        )
        TaggedItem.objects.create(content_type=content_type, object_id=obj.pk, tag=found)


def topic_names(apps, obj) -> set[str]:
    TaggedTopic = apps.get_model("consultations", "TaggedTopic")
    return set(
        TaggedTopic.objects.filter(
            object_id=obj.pk, content_type__model=obj._meta.model_name
        ).values_list("tag__name", flat=True)
    )


def tag_names(apps, obj) -> set[str]:
    TaggedItem = apps.get_model("taggit", "TaggedItem")
    return set(
        TaggedItem.objects.filter(
            object_id=obj.pk, content_type__model=obj._meta.model_name
        ).values_list("tag__name", flat=True)
    )


def make_rows(apps):
    Consultation = apps.get_model("consultations", "Consultation")
    Proposal = apps.get_model("consultations", "Proposal")
    User = apps.get_model("accounts", "User")
    author = User.objects.create(email="ana@ejemplo.cl", display_name="Ana")
    consultation = Consultation.objects.create(slug="plazas", title="Plazas", status="published")
    proposal = Proposal.objects.create(
        consultation=consultation, author=author, title="Una plaza", body="<p>Texto</p>"
    )
    return consultation, proposal


def test_tags_move_onto_topics_and_come_back_when_unapplied(at_0004):
    consultation, proposal = make_rows(at_0004)
    tag(at_0004, consultation, "Espacios Publicos", "Mareas rojas")
    tag(at_0004, proposal, "borde costero", "ÁREAS VERDES")

    after = migrate(AFTER)
    assert topic_names(after, consultation) == {"Espacios públicos", "Mareas rojas"}
    assert topic_names(after, proposal) == {"Espacios públicos", "Áreas verdes"}
    Topic = after.get_model("consultations", "Topic")
    assert not Topic.objects.get(name="Mareas rojas").is_active

    before = migrate(BEFORE)
    assert tag_names(before, consultation) == {"Espacios públicos", "Mareas rojas"}
    assert tag_names(before, proposal) == {"Espacios públicos", "Áreas verdes"}

    # And forward again: the same topics.
    again = migrate(AFTER)
    assert topic_names(again, proposal) == {"Espacios públicos", "Áreas verdes"}
