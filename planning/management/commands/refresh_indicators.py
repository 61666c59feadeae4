"""``manage.py refresh_indicators``: recompute the participation indicators
(``planning.indicators.actions.do_refresh_indicators``). Run it hourly from cron (or a
systemd timer): docs/indicators.md."""

from django.core.management.base import BaseCommand

from planning.indicators.actions import do_refresh_indicators


class Command(BaseCommand):
    help = "Recompute the participation indicators: close ended years once, refresh this one."

    def handle(self, *args, **options) -> None:
        summary = do_refresh_indicators()
        if summary.closed:
            self.stdout.write(f"Closed and published: {', '.join(map(str, summary.closed))}")
        self.stdout.write(f"Refreshed the totals of {summary.open_year}.")
