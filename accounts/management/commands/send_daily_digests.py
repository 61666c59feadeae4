"""``manage.py send_daily_digests``: run once a day (cron) to mail the daily summaries."""

from django.core.management.base import BaseCommand

from accounts.tasks import send_daily_digests


class Command(BaseCommand):
    help = "E-mail each person who chose a daily summary the notifications still unsent."

    def handle(self, *args, **options) -> None:
        result = send_daily_digests.enqueue()
        self.stdout.write(f"Daily digests: {result.status}")
