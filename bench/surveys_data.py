"""Benchmark data for surveys: a survey with every question kind and many responses.

``bench/consultations_data.py`` (``manage.py bench_data``) calls ``create_bench_surveys``
and, when rebuilding, ``delete_bench_surveys``; ``bench/surveys.py`` calls
``generate_survey_responses`` directly. On PostgreSQL rows go in with COPY (100,000
responses and about 800,000 answers take well under a minute); elsewhere with
``bulk_create`` in batches, which is what the tests use with small numbers.

One response per person is a database rule, so the generator uses the people it is given
and creates more (``encuestada-N@bench.cabildo.invalid``, no usable password) when there
are not enough.
"""

import random
from collections.abc import Iterable, Iterator
from datetime import timedelta
from typing import Any, TextIO

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from accounts.territory import territory_data
from surveys.models import Answer, Option, Question, Response, Survey

BENCH_DOMAIN = "bench.cabildo.invalid"
BATCH = 5000

QUESTIONS = [
    (
        Question.Kind.SINGLE,
        "¿Cómo te mueves habitualmente?",
        ["Bus", "Tren", "Bicicleta", "A pie", "Auto"],
        {},
    ),
    (
        Question.Kind.MULTIPLE,
        "¿Qué mejoras priorizarías? (hasta 3)",
        ["Ciclovías", "Veredas", "Paraderos", "Iluminación", "Áreas verdes", "Seguridad"],
        {"max_choices": 3},
    ),
    (
        Question.Kind.SCALE,
        "¿Qué tan seguro te sientes en el transporte público?",
        [],
        {"scale_min_label": "Nada seguro", "scale_max_label": "Muy seguro"},
    ),
    (
        Question.Kind.RANKING,
        "Ordena estos proyectos según tu prioridad",
        ["Parque", "Biblioteca", "Piscina", "Centro de salud"],
        {},
    ),
    (Question.Kind.SHORT_TEXT, "Una palabra para tu barrio", [], {"is_required": False}),
    (Question.Kind.LONG_TEXT, "¿Algo más que quieras contarnos?", [], {"is_required": False}),
]
WORDS = ["tranquilo", "ruidoso", "verde", "inseguro", "bonito", "lejano", "vivo", "cerro", "mar"]


def create_survey(owner: models.Model, *, title: str = "Encuesta de rendimiento") -> Survey:
    """A survey with one question of every kind (closed, so its results are public)."""
    now = timezone.now()
    with transaction.atomic():
        survey = Survey.objects.create(
            owner=owner,
            title=title,
            introduction="Datos generados para medir la página de resultados.",
            opens_at=now - timedelta(days=60),
            closes_at=now - timedelta(days=1),
        )
        for position, (kind, text, options, extra) in enumerate(QUESTIONS, start=1):
            question = Question.objects.create(
                survey=survey, position=position, kind=kind, text=text, **extra
            )
            Option.objects.bulk_create(
                Option(question=question, position=index, text=label)
                for index, label in enumerate(options, start=1)
            )
    return survey


def create_bench_surveys(
    *,
    owner: models.Model,
    people: list[int],
    responses: int,
    rng: random.Random,
    stdout: TextIO | None = None,
) -> Survey:
    """The survey of the ``bench_data`` consultation (``owner``) with ``responses``."""
    survey = create_survey(owner)
    generate_survey_responses(survey, responses, people=people, rng=rng, stdout=stdout)
    return survey


def delete_bench_surveys(owner: models.Model) -> None:
    """Remove the owner's survey and its answers quickly (straight SQL)."""
    survey = Survey.objects.of(owner).first()
    if survey is None:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM surveys_answer WHERE question_id IN "
            "(SELECT id FROM surveys_question WHERE survey_id = %s)",
            [survey.pk],
        )
        cursor.execute("DELETE FROM surveys_response WHERE survey_id = %s", [survey.pk])
    survey.delete()


# --- Generation ---------------------------------------------------------------------------


def generate_survey_responses(
    survey: Survey,
    n: int = 100_000,
    *,
    people: list[int] | None = None,
    rng: random.Random | None = None,
    stdout: TextIO | None = None,
) -> int:
    """Add ``n`` responses to ``survey`` (from people who have not answered it yet), with
    skewed answers to every question; returns how many went in."""
    rng = rng or random.Random(2026)
    answered = set(Response.objects.filter(survey=survey).values_list("respondent_id", flat=True))
    candidates = [pk for pk in (people or []) if pk not in answered]
    if len(candidates) < n:
        candidates += _bench_people(
            n - len(candidates), exclude=answered | set(candidates), rng=rng
        )
    respondents = candidates[:n]
    now = timezone.now()
    last_id = Response.objects.aggregate(last=Max("id"))["last"] or 0
    _insert(
        "surveys_response",
        ["survey_id", "respondent_id", "revision", "created_at", "updated_at"],
        ((survey.pk, person, 1, now, now) for person in respondents),
        Response,
    )
    response_ids = list(
        Response.objects.filter(survey=survey, id__gt=last_id)
        .order_by("id")
        .values_list("id", flat=True)
    )
    questions = list(survey.questions.prefetch_related("options").order_by("position", "pk"))
    count = _insert(
        "surveys_answer",
        ["response_id", "question_id", "option_id", "rank", "scale_value", "text"],
        _answers(response_ids, questions, rng),
        Answer,
    )
    if connection.vendor == "postgresql":
        # VACUUM sets the visibility map, so the results' tally can read the covering
        # index alone (as autovacuum would do in time); it cannot run in a transaction.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        with connection.cursor() as cursor:
            for table in ("surveys_response", "surveys_answer", "accounts_user"):
                cursor.execute(f"{command} {table}")
    if stdout is not None:
        stdout.write(f" ({len(response_ids):,} responses, {count:,} answers)")
    return len(response_ids)


def _weights(count: int, rng: random.Random) -> list[float]:
    """Skewed popularity: a few options much more chosen than others."""
    return [rng.random() ** 2 + 0.05 for _ in range(count)]


def _answers(
    response_ids: list[int], questions: list[Question], rng: random.Random
) -> Iterator[tuple]:
    plans = []
    for question in questions:
        options = [option.pk for option in question.options.all()]
        plans.append((question, options, _weights(max(len(options), 5), rng)))
    for response_id in response_ids:
        for question, options, weights in plans:
            kind = question.kind
            if kind == Question.Kind.SINGLE:
                (choice,) = rng.choices(options, weights=weights[: len(options)])
                yield (response_id, question.pk, choice, 1, None, "")
            elif kind == Question.Kind.MULTIPLE:
                wanted = rng.randint(1, question.max_choices or len(options))
                chosen = set(rng.choices(options, weights=weights[: len(options)], k=wanted))
                for place, option in enumerate(sorted(chosen), start=1):
                    yield (response_id, question.pk, option, place, None, "")
            elif kind == Question.Kind.RANKING:
                # Sort by a noisy score so popular options tend to come first.
                popularity = dict(zip(options, weights, strict=False))
                noisy = {pk: popularity[pk] * rng.random() for pk in options}
                order = sorted(options, key=lambda pk: -noisy[pk])
                for place, option in enumerate(order, start=1):
                    yield (response_id, question.pk, option, place, None, "")
            elif kind == Question.Kind.SCALE:
                (value,) = rng.choices(range(1, 6), weights=weights[:5])
                yield (response_id, question.pk, None, None, value, "")
            elif kind == Question.Kind.SHORT_TEXT and rng.random() < 0.3:
                yield (response_id, question.pk, None, None, None, rng.choice(WORDS))
            elif kind == Question.Kind.LONG_TEXT and rng.random() < 0.1:
                words = " ".join(rng.choices(WORDS, k=12))
                yield (response_id, question.pk, None, None, None, words.capitalize() + ".")


def _bench_people(count: int, *, exclude: set[int], rng: random.Random) -> list[int]:
    """``count`` ids of bench people (reused from an earlier run, created if missing)."""
    existing = [
        pk
        for pk in User.objects.filter(
            email__endswith=f"@{BENCH_DOMAIN}", email__startswith="encuestada-"
        )
        .order_by("pk")
        .values_list("pk", flat=True)
        if pk not in exclude
    ]
    missing = count - len(existing)
    if missing > 0:
        start = User.objects.filter(email__startswith="encuestada-").count()
        comunas = region_codes()
        genders = [value for value, _label in User.Gender.choices]
        ages = [value for value, _label in User.AgeRange.choices]
        now = timezone.now()
        people = (
            User(
                email=f"encuestada-{start + index}@{BENCH_DOMAIN}",
                display_name=f"Persona de prueba {start + index}",
                password="!",  # noqa: S106 (unusable: nobody signs in as a bench person)
                comuna_id=rng.choice(comunas) if comunas and rng.random() < 0.9 else None,
                gender=rng.choice(genders) if rng.random() < 0.7 else "",
                age_range=rng.choice(ages) if rng.random() < 0.7 else "",
                date_joined=now,
            )
            for index in range(missing)
        )
        _insert_models(User, people)
        existing = [
            pk
            for pk in User.objects.filter(
                email__startswith="encuestada-", email__endswith=f"@{BENCH_DOMAIN}"
            )
            .order_by("pk")
            .values_list("pk", flat=True)
            if pk not in exclude
        ]
    return existing[:count]


# --- Writing rows ------------------------------------------------------------------------------


def _batches(rows: Iterable[Any], size: int = BATCH) -> Iterator[list[Any]]:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _insert(table: str, columns: list[str], rows: Iterable[tuple], model: Any) -> int:
    """Insert tuples into ``table``: COPY on PostgreSQL, bulk_create in batches elsewhere."""
    count = 0
    if connection.vendor == "postgresql":
        statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        return count
    attnames = list(columns)
    for batch in _batches(rows):
        model.objects.bulk_create(model(**dict(zip(attnames, row, strict=True))) for row in batch)
        count += len(batch)
    return count


def _insert_models(model: Any, objects: Iterable[Any]) -> None:
    """Insert unsaved model instances, every concrete column but the id."""
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    if connection.vendor != "postgresql":
        for batch in _batches(objects):
            model.objects.bulk_create(batch)
        return
    rows = (
        tuple(field.get_db_prep_save(getattr(obj, field.attname), connection) for field in fields)
        for obj in objects
    )
    _insert(model._meta.db_table, [field.column for field in fields], rows, model)


def region_codes() -> list[str]:
    """CUT codes of the deployment region's comunas (from the data file)."""
    region = settings.CABILDO_REGION_CODE
    return [c["cut"] for c in territory_data()["comunas"] if c["region_cut"] == region]
