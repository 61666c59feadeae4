"""Keep what people typed next to the HTML readers see (``body_source``) on proposals,
official answers and consultation descriptions, and fill it for rows written before: their
stored HTML written back as the Markdown subset."""

from django.db import migrations, models

from deliberation.markup import markdown_from_html

BATCH = 1000


def fill_sources(apps, schema_editor):
    for name in ("Consultation", "Proposal", "ProposalAnswer"):
        model = apps.get_model("consultations", name)
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
        ("consultations", "0005_topics"),
        ("deliberation", "0004_body_source"),
    ]

    operations = [
        migrations.AddField(
            model_name="consultation",
            name="body_source",
            field=models.TextField(blank=True, verbose_name="descripción escrita"),
        ),
        migrations.AddField(
            model_name="proposal",
            name="body_source",
            field=models.TextField(blank=True, verbose_name="texto escrito"),
        ),
        migrations.AddField(
            model_name="proposalanswer",
            name="body_source",
            field=models.TextField(blank=True, verbose_name="respuesta pública escrita"),
        ),
        migrations.RunPython(fill_sources, migrations.RunPython.noop, elidable=True),
    ]
