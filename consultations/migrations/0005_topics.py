"""Curated topics: consultations.Topic (Spanish and English names) replaces taggit's
free-form tags. The tags already typed are moved onto the curated list, near-duplicates
("borde costero", "ciclovías", "parques") onto the topic they mean; a tag that matches
none is kept as an inactive topic for administrators to translate, merge or activate."""

import django.db.models.deletion
import taggit.managers
from django.db import migrations, models


def curate(apps, schema_editor):
    Topic = apps.get_model("consultations", "Topic")
    TaggedTopic = apps.get_model("consultations", "TaggedTopic")
    Tag = apps.get_model("taggit", "Tag")
    TaggedItem = apps.get_model("taggit", "TaggedItem")
    ContentType = apps.get_model("contenttypes", "ContentType")

    from common.text import fold
    from consultations.topics import SYNONYMS, load_curated_topics

    by_fold = {fold(name): topic for name, topic in load_curated_topics(Topic).items()}
    for typed, name in SYNONYMS.items():
        by_fold[typed] = by_fold[fold(name)]

    types = list(
        ContentType.objects.filter(
            app_label="consultations", model__in=["consultation", "proposal"]
        ).values_list("pk", flat=True)
    )
    items = TaggedItem.objects.filter(content_type_id__in=types)
    topic_of_tag = {}
    for tag in Tag.objects.filter(pk__in=items.values("tag_id")):
        folded = fold(" ".join(tag.name.split()))
        topic = by_fold.get(folded)
        if topic is None:
            # Nobody curated it yet: keep it on its consultations and proposals, offered
            # to no one until an administrator gives it an English name and activates it.
            topic, _created = Topic.objects.get_or_create(
                slug=tag.slug, defaults={"name": tag.name, "name_en": "", "is_active": False}
            )
            by_fold[folded] = topic
        topic_of_tag[tag.pk] = topic

    seen = set()
    rows = []
    for content_type_id, object_id, tag_id in items.values_list(
        "content_type_id", "object_id", "tag_id"
    ):
        key = (content_type_id, object_id, topic_of_tag[tag_id].pk)
        if key not in seen:
            seen.add(key)
            rows.append(
                TaggedTopic(
                    content_type_id=content_type_id, object_id=object_id, tag=topic_of_tag[tag_id]
                )
            )
    TaggedTopic.objects.bulk_create(rows, batch_size=1000)
    items.delete()
    Tag.objects.filter(taggit_taggeditem_items__isnull=True).delete()


def uncurate(apps, schema_editor):
    """Unapplying: the topics of consultations and proposals go back to taggit's tags
    (by their Spanish name) before their tables are dropped, so a rollback keeps them."""
    Tag = apps.get_model("taggit", "Tag")
    TaggedItem = apps.get_model("taggit", "TaggedItem")
    TaggedTopic = apps.get_model("consultations", "TaggedTopic")
    tag_of_topic = {}
    rows = []
    for content_type_id, object_id, topic_id, name, slug in TaggedTopic.objects.values_list(
        "content_type_id", "object_id", "tag_id", "tag__name", "tag__slug"
    ):
        if topic_id not in tag_of_topic:
            tag = Tag.objects.filter(name=name).first() or Tag.objects.filter(slug=slug).first()
            tag_of_topic[topic_id] = tag or Tag.objects.create(name=name, slug=slug)
        rows.append(
            TaggedItem(
                content_type_id=content_type_id, object_id=object_id, tag=tag_of_topic[topic_id]
            )
        )
    TaggedItem.objects.bulk_create(rows, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0004_search_es_unaccent"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.CreateModel(
            name="Topic",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100, unique=True, verbose_name="name")),
                (
                    "slug",
                    models.SlugField(
                        allow_unicode=True, max_length=100, unique=True, verbose_name="slug"
                    ),
                ),
                ("name_en", models.CharField(max_length=100, verbose_name="nombre en inglés")),
                (
                    "is_active",
                    models.BooleanField(
                        default=True,
                        help_text=(
                            "Solo los temas activos se ofrecen al crear o editar una consulta. "
                            "Desactivar un tema no lo quita de las consultas y propuestas que "
                            "ya lo tienen."
                        ),
                        verbose_name="activo",
                    ),
                ),
            ],
            options={"verbose_name": "tema", "verbose_name_plural": "temas"},
        ),
        migrations.CreateModel(
            name="TaggedTopic",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("object_id", models.IntegerField(db_index=True, verbose_name="object ID")),
                (
                    "content_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="%(app_label)s_%(class)s_tagged_items",
                        to="contenttypes.contenttype",
                        verbose_name="content type",
                    ),
                ),
                (
                    "tag",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tagged_items",
                        to="consultations.topic",
                    ),
                ),
            ],
            options={
                "verbose_name": "tema asignado",
                "verbose_name_plural": "temas asignados",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("content_type", "object_id", "tag"), name="one_topic_per_object"
                    )
                ],
            },
        ),
        # The topics fields own no column: switching their through model moves no data.
        migrations.AlterField(
            model_name="consultation",
            name="topics",
            field=taggit.managers.TaggableManager(
                blank=True,
                help_text="A comma-separated list of tags.",
                through="consultations.TaggedTopic",
                to="consultations.Topic",
                verbose_name="temas",
            ),
        ),
        migrations.AlterField(
            model_name="proposal",
            name="topics",
            field=taggit.managers.TaggableManager(
                blank=True,
                help_text="A comma-separated list of tags.",
                through="consultations.TaggedTopic",
                to="consultations.Topic",
                verbose_name="temas",
            ),
        ),
        migrations.RunPython(curate, uncurate),
    ]
