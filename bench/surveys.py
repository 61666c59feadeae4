"""Server time of the survey and results pages with 100,000 survey responses (PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cabildo_surv .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cabildo_surv \\
        .venv/bin/python bench/surveys.py [--responses 100000] [--repeat 50] [--markdown]

The first run builds the data set: a published consultation ``bench-encuesta`` with a
closed survey of every question kind and ``--responses`` responses (one per person; the
people are created too), through ``bench/surveys_data.py``. Later runs reuse it
(``--rebuild`` starts over). ``--slug bench`` measures instead the consultation built by
``manage.py bench_data`` (50,000 proposals, 1,000,000 supports and 100,000 responses).

Each page is requested through Django's test client in this process (middleware, view,
queries, template; no network), with production settings (DEBUG off), anonymously (the
results pages are public). After a few warm-up requests it prints the median and 90th
percentile of ``--repeat`` requests, the SQL time and the number of queries of one
request. ``--cold`` clears the cache before every request (see bench/README.md).
"""

import argparse
import random
import sys
from datetime import timedelta
from pathlib import Path
from time import perf_counter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    measure,
    plain_static_storages,
    print_line,
    print_markdown,
    setup_django,
)

setup_django()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.surveys_data import (  # noqa: E402
    create_survey,
    delete_bench_surveys,
    generate_survey_responses,
)
from consultations.models import Consultation, Phase  # noqa: E402
from surveys.models import Answer, Response, Survey  # noqa: E402

SLUG = "bench-encuesta"


def build(responses: int, *, rebuild: bool) -> Consultation:
    consultation = Consultation.objects.filter(slug=SLUG).first()
    if consultation is not None and rebuild:
        delete_bench_surveys(consultation)
        consultation.delete()
        consultation = None
    if consultation is None:
        now = timezone.now()
        consultation = Consultation.objects.create(
            slug=SLUG,
            title="Encuesta de rendimiento",
            summary="Datos generados por bench/surveys.py para medir los resultados.",
            status=Consultation.Status.PUBLISHED,
        )
        Phase.objects.create(
            consultation=consultation,
            kind=Phase.Kind.RESULTS,
            starts_at=now - timedelta(days=1),
            ends_at=now + timedelta(days=365),
        )
    survey = Survey.objects.of(consultation).first() or create_survey(consultation)
    missing = responses - Response.objects.filter(survey=survey).count()
    if missing > 0:
        started = perf_counter()
        print(f"Generating {missing:,} responses…", end="", flush=True)
        generate_survey_responses(survey, missing, rng=random.Random(2026))
        print(f" {perf_counter() - started:.1f} s")
    return consultation


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--slug", default=SLUG)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--cold", action="store_true", help="clear the cache before each request")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument(
        "--downloads", action="store_true", help="also time each open data file, once"
    )
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("Run it on PostgreSQL (DATABASE_URL).")
    # Persistent connections, as a production deployment should use.
    connection.settings_dict["CONN_MAX_AGE"] = 600
    if args.slug == SLUG:
        consultation = build(args.responses, rebuild=args.rebuild)
    else:
        consultation = Consultation.objects.get(slug=args.slug)
    survey = Survey.objects.of(consultation).get()
    responses = Response.objects.filter(survey=survey).count()
    answers = Answer.objects.filter(question__survey=survey).count()
    text_question = survey.questions.filter(kind="long").first()
    slug = consultation.slug
    pages = [
        ("Consultation results page", f"/consultas/{slug}/resultados/"),
        ("Survey results page", f"/consultas/{slug}/encuesta/resultados/"),
        ("Survey results CSV", f"/consultas/{slug}/encuesta/resultados.csv"),
        ("Results summary CSV", f"/consultas/{slug}/resultados/resumen.csv"),
        ("API results", f"/api/v1/consultations/{slug}/results/"),
        (
            "Open-text answers, page 100",
            f"/consultas/{slug}/encuesta/resultados/preguntas/{text_question.pk}/?pagina=100",
        ),
    ]
    client = Client()
    mode = "cache cleared before each request" if args.cold else "warm cache"
    print(
        f"Data: {responses:,} responses, {answers:,} answers; {args.repeat} requests per "
        f"page, anonymous, {mode}."
    )
    rows = []
    for label, url in pages:
        result = measure(client, url, args.repeat, before_each=cache.clear if args.cold else None)
        rows.append((label, url, result))
        if not args.markdown:
            print_line(label, result, width=32)
    if args.downloads:
        for dataset in ("consultas", "propuestas", "encuestas"):
            for extension in ("csv", "json"):
                url = f"/datos/{dataset}.{extension}"
                started = perf_counter()
                response = client.get(url)
                size = sum(len(chunk) for chunk in response.streaming_content)
                print(f"{url:32} {perf_counter() - started:6.2f} s  {size / 1e6:6.2f} MB")
    if args.markdown:
        print_markdown(rows)


if __name__ == "__main__":
    with plain_static_storages():
        main()
