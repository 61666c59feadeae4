"""The indicators benchmark (issue 11): 100,000 participants over five years, then the
server time of /indicadores/ and its data (PostgreSQL).

    createdb -h 127.0.0.1 -U postgres h_indicators
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_indicators
    .venv/bin/python manage.py migrate
    flock /tmp/h/bench.lock .venv/bin/python bench/indicators_data.py [--people 100000]
        [--repeat 50] [--markdown] [--rebuild]

The first run builds the data set (``--rebuild`` starts over): ``--people`` people with a
comuna (skewed: a few large comunas, a long tail of small ones), a gender and an age
range; one published consultation per year for the last five years (slugs
``bench-indicadores-<year>``), with proposals (one per person on average, spread over
the year), supports (three per person), comments on the consultations' discussions (one
for every two people), a tenth of the proposals traced to an outcome; and 25 planning
instruments (five per year) with participatory instances meeting the criteria in
different ways. Rows go in with PostgreSQL's COPY. Then it times
``do_refresh_indicators`` (the first run closes four years and counts every act; the
second reads the running year only) and measures, through Django's test client in this
process with production settings and the page cache off (what a miss costs):
/indicadores/ (the default year, and a closed year with its breakdowns), the API's
participation endpoint and the participation CSV, printing the median, 90th percentile,
SQL time and queries of each (bench/README.md, "Indicators").
"""

import argparse
import random
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from time import perf_counter
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    measure_in_turns,
    plain_static_storages,
    print_line,
    print_markdown,
    setup_django,
)

setup_django()

from django.conf import settings  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Comuna, User  # noqa: E402
from consultations.models import Consultation, Phase, Proposal  # noqa: E402
from deliberation.actions import create_discussion  # noqa: E402
from deliberation.markup import render_markdown  # noqa: E402
from deliberation.models import Comment, Discussion  # noqa: E402
from planning.indicators.actions import do_refresh_indicators  # noqa: E402
from planning.indicators.models import ParticipationPeriod  # noqa: E402
from planning.models import (  # noqa: E402
    Outcome,
    ParticipatoryInstance,
    PlanningInstrument,
)

EMAIL_DOMAIN = "indicadores.bench.cabildo.invalid"
SLUG = "bench-indicadores"
YEARS = 5


def _copy(table: str, columns: list[str], rows: Any) -> int:
    """COPY rows (tuples) into ``table``; returns how many went in."""
    count = 0
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def step(label: str, function: Any) -> Any:
    started = perf_counter()
    print(f"- {label}…", end="", flush=True)
    result = function()
    print(f" {perf_counter() - started:.1f} s")
    return result


class Builder:
    def __init__(self, people: int, seed: int = 11) -> None:
        self.count = people
        self.rng = random.Random(seed)
        self.now = timezone.now()
        self.current = timezone.localdate().year
        self.years = list(range(self.current - YEARS + 1, self.current + 1))
        self.zone = timezone.get_default_timezone()

    def run(self) -> None:
        people = step(f"{self.count:,} people", self.people)
        consultations = step("consultations, one per year", self.consultations)
        proposals = step("proposals", lambda: self.proposals(people, consultations))
        step("supports", lambda: self.supports(people, proposals))
        step("comments", lambda: self.comments(people, consultations))
        step("outcomes for a tenth of the proposals", lambda: self.outcomes(proposals))
        step("instruments and participatory instances", lambda: self.instruments(consultations))
        with connection.cursor() as cursor:
            for table in (
                "accounts_user",
                "consultations_proposal",
                "consultations_support",
                "deliberation_comment",
                "planning_outcomelink",
            ):
                cursor.execute(f"ANALYZE {table}")

    def moment_in(self, year: int) -> datetime:
        """A random moment of ``year`` (up to now for the running year)."""
        start = datetime(year, 1, 1, tzinfo=self.zone)
        end = min(datetime(year + 1, 1, 1, tzinfo=self.zone), self.now)
        return start + (end - start) * self.rng.random()

    def people(self) -> list[int]:
        comunas = list(
            Comuna.objects.filter(region_id=settings.CABILDO_REGION_CODE).values_list(
                "cut", flat=True
            )
        )
        # A few large comunas and a long tail: the smallest end up under 5 people in some
        # breakdowns only if there are few people; with 100,000 the tail still shows.
        weights = [1 / (rank + 1) ** 1.6 for rank in range(len(comunas))]
        genders = ["F", "M", "NB", "O", "ND", ""]
        gender_weights = [48, 45, 1, 0.5, 2, 3.5]
        ages = ["0-17", "18-29", "30-44", "45-59", "60+", "ND", ""]
        age_weights = [3, 22, 30, 25, 15, 2, 3]
        existing = User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").count()
        rows = (
            (
                "!",
                False,
                f"persona{n}@{EMAIL_DOMAIN}",
                f"Persona {n}",
                self.rng.choices(comunas, weights)[0] if self.rng.random() < 0.93 else None,
                self.rng.choices(genders, gender_weights)[0],
                self.rng.choices(ages, age_weights)[0],
                "es-cl",
                User.EmailFrequency.NEVER,
                False,
                False,
                False,
                False,
                False,
                True,
                self.now,
            )
            for n in range(existing, self.count)
        )
        _copy(
            "accounts_user",
            [
                "password",
                "is_superuser",
                "email",
                "display_name",
                "comuna_id",
                "gender",
                "age_range",
                "language",
                "email_frequency",
                "is_verified_resident",
                "is_cosoc_member",
                "is_moderator",
                "is_official",
                "is_staff",
                "is_active",
                "date_joined",
            ],
            rows,
        )
        return list(
            User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}")
            .order_by("pk")
            .values_list("pk", flat=True)[: self.count]
        )

    def consultations(self) -> dict[int, Consultation]:
        found = {}
        for year in self.years:
            consultation = Consultation.objects.create(
                title=f"Consulta de prueba de indicadores {year}",
                slug=f"{SLUG}-{year}",
                summary="Datos de prueba del banco de indicadores.",
                body="<p>Datos de prueba.</p>",
                status=Consultation.Status.PUBLISHED,
                created_at=datetime(year, 1, 1, tzinfo=self.zone),
            )
            ends = min(datetime(year, 12, 31, 23, tzinfo=self.zone), self.now - timedelta(days=1))
            for kind in (Phase.Kind.PROPOSALS, Phase.Kind.SUPPORTS):
                Phase.objects.create(
                    consultation=consultation,
                    kind=kind,
                    starts_at=datetime(year, 1, 1, tzinfo=self.zone),
                    ends_at=ends,
                )
            create_discussion(consultation)
            found[year] = consultation
        return found

    def proposals(self, people: list[int], consultations: dict[int, Consultation]) -> list:
        source = "Una propuesta de prueba para la región."
        body = str(render_markdown(source))

        def rows():
            for n in range(len(people)):
                year = self.rng.choice(self.years)
                created = self.moment_in(year)
                yield (
                    consultations[year].pk,
                    self.rng.choice(people),
                    f"Propuesta {n}",
                    source,
                    body,
                    Proposal.ModerationStatus.PUBLISHED
                    if n % 50
                    else Proposal.ModerationStatus.HIDDEN,
                    "",
                    created,
                    created,
                    Proposal.State.RECEIVED,
                    0,
                    0,
                    self.rng.randrange(2**31),
                )

        _copy(
            "consultations_proposal",
            [
                "consultation_id",
                "author_id",
                "title",
                "body_source",
                "body",
                "moderation_status",
                "moderation_reason",
                "created_at",
                "updated_at",
                "state",
                "support_count",
                "comment_count",
                "shuffle_key",
            ],
            rows(),
        )
        return list(
            Proposal.objects.filter(consultation__in=consultations.values())
            .order_by("pk")
            .values_list("pk", "consultation_id", "created_at")
        )

    def supports(self, people: list[int], proposals: list) -> None:
        def rows():
            for person in people:
                chosen = {self.rng.randrange(len(proposals)) for _ in range(3)}
                for index in chosen:
                    pk, consultation, created = proposals[index]
                    at = min(created + timedelta(days=self.rng.random() * 20), self.now)
                    yield (pk, person, consultation, at)

        _copy(
            "consultations_support",
            ["proposal_id", "user_id", "consultation_id", "created_at"],
            rows(),
        )

    def comments(self, people: list[int], consultations: dict[int, Consultation]) -> None:
        content_type = ContentType.objects.get_for_model(Consultation)
        discussions = dict(
            Discussion.objects.filter(
                content_type=content_type, object_id__in=[c.pk for c in consultations.values()]
            ).values_list("object_id", "pk")
        )
        source = "Un comentario de prueba."
        body = str(render_markdown(source))

        def rows():
            for _n in range(len(people) // 2):
                year = self.rng.choice(self.years)
                created = self.moment_in(year)
                yield (
                    discussions[consultations[year].pk],
                    self.rng.choice(people),
                    source,
                    body,
                    Comment.ModerationStatus.PUBLISHED,
                    "",
                    created,
                    created,
                    0,
                    "",
                    0,
                    0,
                    0,
                )

        _copy(
            "deliberation_comment",
            [
                "discussion_id",
                "author_id",
                "body_source",
                "body",
                "moderation_status",
                "moderation_reason",
                "created_at",
                "updated_at",
                "depth",
                "alignment",
                "upvotes",
                "downvotes",
                "reply_count",
            ],
            rows(),
        )

    def outcomes(self, proposals: list) -> None:
        official, _created = User.objects.get_or_create(
            email=f"funcionaria@{EMAIL_DOMAIN}",
            defaults={"display_name": "Funcionaria de prueba"},
        )
        outcome = Outcome.objects.create(
            decision=Outcome.Decision.UNDER_STUDY,
            justification="Datos de prueba.",
            decided_by=official,
        )
        content_type = ContentType.objects.get_for_model(Proposal)
        _copy(
            "planning_outcomelink",
            ["outcome_id", "content_type_id", "object_id", "linked_at"],
            (
                (outcome.pk, content_type.pk, pk, self.now)
                for pk, _consultation, _created in proposals[::10]
            ),
        )

    def instruments(self, consultations: dict[int, Consultation]) -> None:
        content_type = ContentType.objects.get_for_model(Consultation)
        for year in self.years:
            for index in range(5):
                instrument = PlanningInstrument.objects.create(
                    name=f"Instrumento de prueba {year}-{index + 1}",
                    slug=f"{SLUG}-{year}-{index + 1}",
                    kind=PlanningInstrument.Kind.POLICY,
                    elaboration_year=year,
                )
                for number in range(1 + index % 3):
                    linked = number == 0 and index % 2 == 0
                    ParticipatoryInstance.objects.create(
                        instrument=instrument,
                        title=f"Instancia {number + 1}",
                        kind=ParticipatoryInstance.Kind.CONSULTATION
                        if linked
                        else ParticipatoryInstance.Kind.WORKSHOP,
                        starts_on=date(year, 3, 1),
                        ends_on=date(year, 4, 1),
                        open_to_all_residents=index != 3,
                        results_published_on=date(year, 5, 1),
                        devolution_sent_on=date(year, 6, 1) if index != 4 else None,
                        process_type=content_type if linked else None,
                        process_id=consultations[year].pk if linked else None,
                        participants=None if linked else 40 + number,
                    )


def delete() -> None:
    with connection.cursor() as cursor:
        ids = list(Consultation.objects.filter(slug__startswith=SLUG).values_list("pk", flat=True))
        if ids:
            cursor.execute(
                "DELETE FROM consultations_support WHERE consultation_id = ANY(%s)", [ids]
            )
            cursor.execute("DELETE FROM planning_outcomelink")
            content_type = ContentType.objects.get_for_model(Consultation)
            cursor.execute(
                "DELETE FROM deliberation_comment WHERE discussion_id IN (SELECT id FROM "
                "deliberation_discussion WHERE content_type_id = %s AND object_id = ANY(%s))",
                [content_type.pk, ids],
            )
            cursor.execute(
                "DELETE FROM consultations_proposal WHERE consultation_id = ANY(%s)", [ids]
            )
    Outcome.objects.filter(decided_by__email__endswith=f"@{EMAIL_DOMAIN}").delete()
    PlanningInstrument.objects.filter(slug__startswith=SLUG).delete()
    Discussion.objects.filter(
        content_type=ContentType.objects.get_for_model(Consultation),
        object_id__in=Consultation.objects.filter(slug__startswith=SLUG).values("pk"),
    ).delete()
    Consultation.objects.filter(slug__startswith=SLUG).delete()
    ParticipationPeriod.objects.all().delete()
    User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").delete()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("The indicators benchmark needs PostgreSQL (DATABASE_URL=postgres://…).")
    connection.settings_dict["CONN_MAX_AGE"] = 600
    built = Consultation.objects.filter(slug__startswith=SLUG).exists()
    if built and args.rebuild:
        step("deleting the previous data set", lambda: transaction.atomic(delete)())
        built = False
    if not built:
        with transaction.atomic():
            Builder(args.people).run()
        ParticipationPeriod.objects.all().delete()
        step("refresh_indicators, first run (every act; closes four years)", do_refresh_indicators)
    step("refresh_indicators, again (the running year only)", do_refresh_indicators)

    settings.PAGE_CACHE_SECONDS = 0
    closed = timezone.localdate().year - 1
    pages = [
        ("indicators (default year)", "/indicadores/"),
        ("indicators, a closed year", f"/indicadores/?anio={closed}"),
        ("API: participation", "/api/v1/indicators/participation/"),
        ("file: participation CSV", "/datos/participacion.csv"),
    ]
    client = Client()
    results = measure_in_turns(client, [url for _label, url in pages], args.repeat)
    width = max(len(label) for label, _url in pages)
    for (label, _url), result in zip(pages, results, strict=True):
        print_line(label, result, width=width)
    if args.markdown:
        print_markdown([(label, url, r) for (label, url), r in zip(pages, results, strict=True)])


if __name__ == "__main__":
    with plain_static_storages():
        main()
