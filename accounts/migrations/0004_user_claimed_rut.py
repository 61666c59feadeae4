"""User.claimed_rut, and every stored RUT in its one ASCII form.

localflavor's CLRutField accepted fullwidth and Arabic-Indic digits, so a RUT could be
stored twice in two spellings and escape the unique constraint. Each such RUT is rewritten
in ASCII digits; when that spelling is another account's, an unverified account keeps it
aside in ``claimed_rut`` (as the profile does now) and a verified one is left as it is and
logged for an administrator.
"""

import logging
import unicodedata

from django.db import migrations, models

from common.numbers import parse_rut

logger = logging.getLogger(__name__)


def _ascii_digits(text: str) -> str:
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


def normalise_ruts(apps, schema_editor) -> None:
    User = apps.get_model("accounts", "User")
    for user in User.objects.filter(rut__isnull=False).only("pk", "rut", "is_verified_resident"):
        if parse_rut(user.rut) == user.rut:
            continue
        rut = parse_rut(_ascii_digits(user.rut))
        if rut is None:
            logger.warning("User %s: stored RUT is not a valid RUT; left as it is.", user.pk)
        elif not User.objects.filter(rut=rut).exclude(pk=user.pk).exists():
            User.objects.filter(pk=user.pk).update(rut=rut)
        elif not user.is_verified_resident:
            User.objects.filter(pk=user.pk).update(rut=None, claimed_rut=rut)
            logger.warning("User %s: RUT held by another account; kept as claimed.", user.pk)
        else:
            logger.warning(
                "User %s: verified with a RUT another account holds in ASCII; left as it is.",
                user.pk,
            )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_notification_source"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="claimed_rut",
            field=models.CharField(
                blank=True,
                db_default="",
                db_index=True,
                default="",
                max_length=12,
                verbose_name="RUT declarado que figura en otra cuenta",
            ),
        ),
        migrations.RunPython(normalise_ruts, migrations.RunPython.noop),
    ]
