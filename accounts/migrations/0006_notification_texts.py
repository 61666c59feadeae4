from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_official_comuna_names")]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="bodies",
            field=models.JSONField(
                default=dict, editable=False, verbose_name="detalle en cada idioma"
            ),
        ),
        migrations.AddField(
            model_name="notification",
            name="subjects",
            field=models.JSONField(
                default=dict, editable=False, verbose_name="asunto en cada idioma"
            ),
        ),
    ]
