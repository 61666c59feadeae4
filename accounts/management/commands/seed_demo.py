"""``manage.py seed_demo``: idempotent demo data, one ``demo.py`` module per app."""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Create or refresh the demo data (safe to run any number of times)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Seed even with DEBUG off (the demo passwords are public).",
        )

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "DEBUG is off: the demo accounts have public passwords. "
                "Pass --allow-production to seed anyway."
            )
        summary = []
        # Apps seed in INSTALLED_APPS order, which follows the layers (accounts first).
        for config in apps.get_app_configs():
            try:
                module = import_module(f"{config.name}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.demo":
                    raise
                continue
            with transaction.atomic():
                summary += module.seed(self.stdout) or []
        self.stdout.write(
            self.style.SUCCESS("\nDemo accounts (password for all: ")
            + DEMO_PASSWORD
            + self.style.SUCCESS(")")
        )
        for name, email in summary:
            self.stdout.write(f"  {email:32}  {name}")
        self.stdout.write(
            "Staff accounts (moderation, official, admin) use two-factor authentication.\n"
            f"  TOTP secret for all of them: {DEMO_TOTP_SECRET}\n"
            "  or print the current code with: python manage.py demo_totp_code"
        )
