"""Store on each proposal the division it speaks for (``Contribution.speaks_for``), set
when it is written, instead of reading the author's role at display time. Proposals written
before get the division of authors who are officials now: what their badge showed until
this migration (it read the current role), the best knowledge there is of who spoke."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_speaks_for(apps, schema_editor):
    """``speaks_for`` of proposals without one: the author's division when the author is
    an official now (not a deleted account: their badge was already gone)."""
    Proposal = apps.get_model("consultations", "Proposal")
    User = apps.get_model("accounts", "User")
    division = User.objects.filter(pk=OuterRef("author_id")).values("division_id")[:1]
    Proposal.objects.filter(
        speaks_for__isnull=True,
        author__is_official=True,
        author__division__isnull=False,
        author__deleted_at__isnull=True,
    ).update(speaks_for=Subquery(division))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0008_user_verified_comuna"),
        ("consultations", "0006_body_source"),
    ]

    operations = [
        migrations.AddField(
            model_name="proposal",
            name="speaks_for",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.division",
                verbose_name="a nombre de la división",
            ),
        ),
        migrations.RunPython(fill_speaks_for, migrations.RunPython.noop, elidable=True),
    ]
