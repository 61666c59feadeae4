"""Keep what people typed next to the HTML readers see (``body_source``), and fill it for
rows written before: their stored HTML written back as the Markdown subset."""

from django.db import migrations, models

from deliberation.markup import markdown_from_html

BATCH = 1000


def fill_sources(apps, schema_editor):
    for name in ("Comment", "CommentRevision"):
        model = apps.get_model("deliberation", name)
        fill_from_html(model)


def fill_from_html(model) -> None:
    """``body_source`` of every row that has none, from its ``body`` (in batches)."""
    rows = []
    for row in model.objects.filter(body_source="").only("pk", "body").iterator(BATCH):
        row.body_source = markdown_from_html(row.body)
        rows.append(row)
        if len(rows) == BATCH:
            model.objects.bulk_update(rows, ["body_source"])
            rows = []
    model.objects.bulk_update(rows, ["body_source"])


class Migration(migrations.Migration):
    dependencies = [
        ("deliberation", "0003_unaccent_search"),
    ]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="body_source",
            field=models.TextField(blank=True, verbose_name="texto escrito"),
        ),
        migrations.AddField(
            model_name="commentrevision",
            name="body_source",
            field=models.TextField(blank=True, verbose_name="texto anterior escrito"),
        ),
        migrations.RunPython(fill_sources, migrations.RunPython.noop, elidable=True),
    ]
