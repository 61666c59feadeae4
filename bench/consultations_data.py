"""The consultations benchmark data set (issue 3), on PostgreSQL: ``manage.py bench_data``.

One published consultation (slug ``bench``) in its proposals and supports phases with
50,000 proposals (a third of them on the map, half with a topic), 1,000,000 supports
from 25,000 people (skewed, so "más apoyadas" means something) and, through the survey
data generator (``bench/surveys_data.py``), 100,000 survey responses. Rows go in with
PostgreSQL's COPY; counters and search vectors are then computed in SQL. About a minute
on a 2-core machine.

Run it again to rebuild the same data set (``--reset`` drops the previous one first).
See bench/README.md ("Consultations") for the measurements made on it.

"""

import random
from datetime import timedelta
from time import perf_counter
from typing import Any, TextIO

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone

from accounts.geo import comuna_at
from accounts.models import Comuna, User
from bench.surveys_data import create_bench_surveys, delete_bench_surveys
from consultations.actions import refresh_consultation_search
from consultations.models import Consultation, Phase, Proposal, Topic
from consultations.queries import proposal_search_vector
from deliberation.actions import create_discussion, create_discussions
from deliberation.markup import render_markdown
from deliberation.models import Discussion

SLUG = "bench"
EMAIL_DOMAIN = "bench.cabildo.invalid"
TOPICS = ["Movilidad", "Áreas verdes", "Seguridad", "Cultura", "Deporte", "Salud"]
# Real words sprinkled into the made-up text, so searches have something to find.
WORDS = (  # noqa: SIM905
    "plaza parque ciclovía paradero luminaria huerto biblioteca cancha sendero mirador "
    "escalera ascensor feria mercado puente vereda semáforo árbol juego agua reciclaje "
    "taller escuela consultorio museo teatro playa cerro quebrada estero costanera"
).split()
SYLLABLES = "ca co cu la le lo ma me mi na no pa pe po ra re ri sa se ta te to va ve".split()  # noqa: SIM905


def _copy(table: str, columns: list[str], rows: Any) -> int:
    """COPY rows (tuples) into ``table``; returns how many went in."""
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg 3
        with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


class Generator:
    """Builds the data set step by step, telling ``stdout`` how long each step took
    (``stdout.write`` must not add line ends of its own)."""

    def __init__(self, stdout: TextIO) -> None:
        self.stdout = stdout

    def run(self, **options: Any) -> Consultation:
        """``options``: proposals, supports, people, responses, seed, reset (the command's
        arguments)."""
        if connection.vendor != "postgresql":
            raise CommandError("bench_data needs PostgreSQL (DATABASE_URL=postgres://…).")
        self.rng = random.Random(options["seed"])
        started = perf_counter()
        existing = Consultation.objects.filter(slug=SLUG).first()
        if existing is not None:
            if not options["reset"]:
                raise CommandError(f"A consultation '{SLUG}' exists: pass --reset to rebuild it.")
            self._step("deleting the previous data set", lambda: self._delete(existing))
        consultation = self._step("consultation and phases", self._consultation)
        people = self._step(
            f"{options['people']:,} people", lambda: self._people(options["people"])
        )
        proposal_ids = self._step(
            f"{options['proposals']:,} proposals",
            lambda: self._proposals(consultation, people, options["proposals"]),
        )
        self._step(
            f"{options['supports']:,} supports",
            lambda: self._supports(consultation, people, proposal_ids, options["supports"]),
        )
        self._step(
            "counters, topics, search vectors, discussions", lambda: self._derive(consultation)
        )
        self._step("survey responses", lambda: self._surveys(consultation, people, options))
        self._step("VACUUM ANALYZE", self._analyze)
        self.stdout.write(f"Done in {perf_counter() - started:.0f} s: /consultas/{SLUG}/\n")
        return consultation

    def _step(self, label: str, function: Any) -> Any:
        started = perf_counter()
        self.stdout.write(f"- {label}…")
        self.stdout.flush()
        result = function()
        self.stdout.write(f" {perf_counter() - started:.1f} s\n")
        return result

    def _delete(self, consultation: Consultation) -> None:
        with connection.cursor() as cursor:
            # Straight SQL: the ORM's cascade would load a million supports first.
            cursor.execute(
                "DELETE FROM consultations_support WHERE consultation_id = %s", [consultation.pk]
            )
            content_type = ContentType.objects.get_for_model(Proposal)
            cursor.execute(
                "DELETE FROM consultations_taggedtopic WHERE content_type_id = %s AND object_id IN "
                "(SELECT id FROM consultations_proposal WHERE consultation_id = %s)",
                [content_type.pk, consultation.pk],
            )
            # Discussions point at their owners through contenttypes (no cascade); their
            # comments and events go with them.
            cursor.execute(
                "DELETE FROM deliberation_discussion WHERE content_type_id = %s AND object_id IN "
                "(SELECT id FROM consultations_proposal WHERE consultation_id = %s)",
                [content_type.pk, consultation.pk],
            )
        Discussion.objects.filter(
            content_type=ContentType.objects.get_for_model(Consultation), object_id=consultation.pk
        ).delete()
        delete_bench_surveys(consultation)
        consultation.delete()

    def _consultation(self) -> Consultation:
        now = timezone.now()
        with transaction.atomic():
            consultation = Consultation.objects.create(
                slug=SLUG,
                title="Consulta de rendimiento",
                summary="Datos generados por manage.py bench_data para medir las páginas.",
                body="<p>50.000 propuestas, 1.000.000 de apoyos y 100.000 respuestas.</p>",
                status=Consultation.Status.PUBLISHED,
            )
            consultation.topics.set(list(Topic.objects.filter(name__in=TOPICS)))
            for kind in (Phase.Kind.PROPOSALS, Phase.Kind.SUPPORTS):
                Phase.objects.create(
                    consultation=consultation,
                    kind=kind,
                    starts_at=now - timedelta(days=30),
                    ends_at=now + timedelta(days=365),
                )
            refresh_consultation_search([consultation.pk])
        return consultation

    def _people(self, count: int) -> list[int]:
        existing = User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").count()
        comunas = list(Comuna.objects.filter(region_id="05").values_list("cut", flat=True))
        genders = [g for g, _label in User.Gender.choices]
        ages = [a for a, _label in User.AgeRange.choices]
        now = timezone.now()
        rows = (
            (
                "!",  # an unusable password
                False,
                f"persona{n}@{EMAIL_DOMAIN}",
                f"Persona {n}",
                self.rng.choice(comunas),
                self.rng.choice(genders),
                self.rng.choice(ages),
                "es-cl",
                User.EmailFrequency.NEVER,
                False,
                False,
                False,
                False,
                False,
                True,
                now,
            )
            for n in range(existing, count)
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
            .values_list("pk", flat=True)[:count]
        )

    def _proposals(self, consultation: Consultation, people: list[int], count: int) -> list[int]:
        comunas = list(
            Comuna.objects.filter(region_id="05").values_list("cut", "latitude", "longitude")
        )
        # Text with a realistic spread: a few thousand made-up words drawn with a long
        # tail (Zipf-like), and the real words above sprinkled in, so a search matches a
        # few percent of the proposals rather than all of them. Bodies are typed text
        # (body_source) rendered once by markup.render_markdown (COPY skips the model
        # field and the create action).
        vocabulary = sorted(
            {"".join(self.rng.choices(SYLLABLES, k=self.rng.randint(2, 4))) for _ in range(4000)}
        )

        def sentence(length: int) -> str:
            words = [
                vocabulary[min(int(self.rng.paretovariate(1.1)) - 1, len(vocabulary) - 1)]
                if self.rng.random() < 0.97
                else self.rng.choice(WORDS)
                for _ in range(length)
            ]
            return " ".join(words).capitalize() + "."

        sources = [sentence(40) + "\n\n" + sentence(30) for _ in range(2000)]
        bodies = [(source, str(render_markdown(source))) for source in sources]
        now = timezone.now()
        start = now - timedelta(days=29)
        span = 29 * 24 * 3600

        def point_in(comuna: tuple[str, float, float]) -> tuple[float, float]:
            # Near the comuna's representative point and inside its official boundary
            # (as the proposal actions require); the representative point itself is.
            for _try in range(10):
                lat = comuna[1] + self.rng.uniform(-0.05, 0.05)
                lon = comuna[2] + self.rng.uniform(-0.05, 0.05)
                if comuna_at(lat, lon) == comuna[0]:
                    return lat, lon
            return comuna[1], comuna[2]

        def rows():
            for n in range(count):
                comuna = self.rng.choice(comunas) if n % 2 else None
                located = comuna is not None and n % 3 == 1
                point = point_in(comuna) if located else (None, None)  # type: ignore[arg-type]
                created = start + timedelta(seconds=span * n / count)
                yield (
                    consultation.pk,
                    self.rng.choice(people),
                    f"Propuesta {n}: {self.rng.choice(WORDS)} y "
                    f"{vocabulary[self.rng.randrange(len(vocabulary))]}",
                    *self.rng.choice(bodies),
                    Proposal.ModerationStatus.PUBLISHED
                    if n % 97
                    else Proposal.ModerationStatus.WITHDRAWN,
                    "",
                    created,
                    created,
                    Proposal.State.RECEIVED,
                    0,
                    int(self.rng.expovariate(0.3)),
                    comuna[0] if comuna else None,
                    point[0],
                    point[1],
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
                "comuna_id",
                "latitude",
                "longitude",
                "shuffle_key",
            ],
            rows(),
        )
        return list(
            Proposal.objects.filter(consultation=consultation)
            .order_by("pk")
            .values_list("pk", flat=True)
        )

    def _supports(
        self, consultation: Consultation, people: list[int], proposals: list[int], total: int
    ) -> None:
        per_person, extra = divmod(total, len(people))
        per_person = min(per_person, len(proposals))
        now = timezone.now()
        count = len(proposals)

        def rows():
            for index, person in enumerate(people):
                wanted = per_person + (1 if index < extra else 0)
                chosen: set[int] = set()
                while len(chosen) < min(wanted, count):
                    # Squaring skews towards the first proposals: a long tail like real
                    # supports, with a few proposals holding thousands.
                    chosen.add(proposals[int(count * self.rng.random() ** 2)])
                for proposal in chosen:
                    yield (proposal, person, consultation.pk, now)

        _copy(
            "consultations_support",
            ["proposal_id", "user_id", "consultation_id", "created_at"],
            rows(),
        )

    def _derive(self, consultation: Consultation) -> None:
        content_type = ContentType.objects.get_for_model(Proposal)
        # The consultation's own topics (curated, chosen when it was created).
        tags = list(Topic.objects.filter(name__in=TOPICS).order_by("name"))
        with connection.cursor() as cursor:
            cursor.execute(
                """
                UPDATE consultations_proposal AS p SET support_count = s.total
                FROM (SELECT proposal_id, count(*) AS total FROM consultations_support
                      WHERE consultation_id = %s GROUP BY proposal_id) AS s
                WHERE p.id = s.proposal_id
                """,
                [consultation.pk],
            )
            for index, tag in enumerate(tags):
                cursor.execute(
                    """
                    INSERT INTO consultations_taggedtopic (tag_id, content_type_id, object_id)
                    SELECT %s, %s, id FROM consultations_proposal
                    WHERE consultation_id = %s AND id %% %s = %s
                    """,
                    [tag.pk, content_type.pk, consultation.pk, 2 * len(tags), index],
                )
        Proposal.objects.filter(consultation=consultation).update(
            search_vector=proposal_search_vector()
        )
        # Every owner gets its discussion when it is created (the create actions do it;
        # COPY skips them), so pages find one to show.
        create_discussion(consultation)
        ids = list(Proposal.objects.filter(consultation=consultation).values_list("pk", flat=True))
        for start in range(0, len(ids), 5000):
            create_discussions(Proposal(pk=pk) for pk in ids[start : start + 5000])

    def _surveys(self, consultation: Consultation, people: list[int], options: dict) -> None:
        create_bench_surveys(
            owner=consultation,
            people=people,
            responses=options["responses"],
            rng=self.rng,
            stdout=self.stdout,
        )

    def _analyze(self) -> None:
        with connection.cursor() as cursor:
            for table in (
                "accounts_user",
                "consultations_proposal",
                "consultations_support",
                "consultations_taggedtopic",
            ):
                # VACUUM sets the visibility map, so counts use index-only scans at once (as
                # autovacuum would do some time after a real bulk load).
                cursor.execute(f"VACUUM ANALYZE {table}")
