from django.db import migrations


def load(apps, schema_editor):
    # load_territory is an upsert: running it again renames the comunas whose official
    # spelling differs from the GIS layer's (Los Álamos, Los Ángeles, Coyhaique, Aysén, Ránquil).
    from accounts.territory import load_territory

    load_territory(apps.get_model("accounts", "Region"), apps.get_model("accounts", "Comuna"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_user_claimed_rut")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
