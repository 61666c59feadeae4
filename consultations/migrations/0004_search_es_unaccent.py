"""Recompute the stored search vectors with the accent-blind ``es_unaccent`` configuration
(deliberation migration 0003): "arbol" then finds "Árboles". PostgreSQL only."""

from django.contrib.postgres.search import SearchVector
from django.db import migrations

CONFIG = "es_unaccent"


def recompute(apps, schema_editor, config=CONFIG):
    if schema_editor.connection.vendor != "postgresql":
        return
    Consultation = apps.get_model("consultations", "Consultation")
    Proposal = apps.get_model("consultations", "Proposal")
    Consultation.objects.update(
        search_vector=SearchVector("title", weight="A", config=config)
        + SearchVector("summary", weight="B", config=config)
        + SearchVector("body", weight="C", config=config)
    )
    Proposal.objects.update(
        search_vector=SearchVector("title", weight="A", config=config)
        + SearchVector("body", weight="B", config=config)
    )


def recompute_spanish(apps, schema_editor):
    recompute(apps, schema_editor, config="spanish")


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0003_residency_rule"),
        ("deliberation", "0003_unaccent_search"),
    ]

    operations = [migrations.RunPython(recompute, recompute_spanish, elidable=False)]
