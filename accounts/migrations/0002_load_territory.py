from django.db import migrations


def load(apps, schema_editor):
    from accounts.territory import load_territory

    load_territory(apps.get_model("accounts", "Region"), apps.get_model("accounts", "Comuna"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
