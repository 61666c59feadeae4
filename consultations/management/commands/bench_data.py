"""``manage.py bench_data``: the consultations benchmark data set on PostgreSQL.

The generator is ``bench/consultations_data.py`` (with ``bench/surveys_data.py``); see
bench/README.md ("Consultations").
"""

from typing import Any

from django.core.management.base import BaseCommand

from bench.consultations_data import Generator


class Command(BaseCommand):
    help = "Generate the consultations benchmark data set on PostgreSQL (see bench/README.md)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--proposals", type=int, default=50_000)
        parser.add_argument("--supports", type=int, default=1_000_000)
        parser.add_argument("--people", type=int, default=25_000)
        parser.add_argument("--responses", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--reset", action="store_true", help="Delete a previous bench consultation first."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # The generator writes a step's label, then its time on the same line.
        self.stdout.ending = ""
        Generator(self.stdout).run(**options)
