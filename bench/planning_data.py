"""An instrument page with 5,000 linked contributions: data generator and render time.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_planning \\
        .venv/bin/python bench/planning_data.py generate [--links 5000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_planning \\
        .venv/bin/python bench/planning_data.py render [--repeat 50] [--markdown]
    .venv/bin/python bench/profile_pages.py /planificacion/bench-erd/
    .venv/bin/python bench/serving.py --planning     # the pages below under wrk

``generate`` (re)creates one instrument (slug ``bench-erd``) with eight strategic
objectives and six participatory instances, one published consultation (slug
``bench-planificacion``) with 4,000 proposals by 800 people and 1,000 comments on them, and
outcomes linking all 5,000 of them (``--links``) to one or two objectives each — one
outcome in four groups two or three duplicates, with dated progress — plus 300 linked
contributions that are hidden or pending (they must stay off every public page, and cost
the page their filtering), and the consultation's published devolución. Rows go in with
``bulk_create``.

``render`` requests through Django's test client in this process (production settings,
DEBUG off, page cache off) the instrument page, a section's page, its last page, a
decision filter, a comment's fate, the devolución page and its CSV, and prints the median
and 90th percentile of ``--repeat`` requests and the SQL queries of one.
"""

import argparse
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    BUDGET_MS,
    measure_in_turns,
    plain_static_storages,
    print_line,
    print_markdown,
    setup_django,
)

if __name__ == "__main__":
    setup_django()

INSTRUMENT = "bench-erd"
CONSULTATION = "bench-planificacion"
EMAIL_DOMAIN = "planificacion.bench.cabildo.invalid"
OFFICIAL_EMAIL = f"funcionaria@{EMAIL_DOMAIN}"
PEOPLE = 800
COMMENTS_SHARE = 5  # one linked contribution in five is a comment
HIDDEN = 300
WORDS = [
    *("ciclovía", "barrio", "plaza", "consultorio", "transporte", "vereda", "luminaria"),
    *("parque", "agua", "seguridad", "escuela", "feria", "cerro", "ascensor", "micro"),
]


def _text(rng: random.Random, low: int = 6, high: int = 20) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high))).capitalize()


def _clear() -> None:
    from django.contrib.contenttypes.models import ContentType

    from accounts.models import User
    from consultations.models import Consultation, Proposal
    from deliberation.models import Comment, Discussion
    from planning.models import Devolution, Outcome, OutcomeLink, PlanningInstrument

    consultation = Consultation.objects.filter(slug=CONSULTATION).first()
    if consultation is not None:
        proposal_ids = list(
            Proposal.objects.filter(consultation=consultation).values_list("pk", flat=True)
        )
        discussions = Discussion.objects.filter(
            content_type=ContentType.objects.get_for_model(Proposal), object_id__in=proposal_ids
        ) | Discussion.objects.filter(
            content_type=ContentType.objects.get_for_model(Consultation), object_id=consultation.pk
        )
        comment_ids = list(
            Comment.objects.filter(discussion__in=discussions).values_list("pk", flat=True)
        )
        outcome_ids = set(
            OutcomeLink.objects.filter(
                content_type=ContentType.objects.get_for_model(Proposal), object_id__in=proposal_ids
            ).values_list("outcome_id", flat=True)
        )
        Outcome.objects.filter(pk__in=outcome_ids).delete()
        OutcomeLink.objects.filter(
            content_type=ContentType.objects.get_for_model(Comment), object_id__in=comment_ids
        ).delete()
        Devolution.objects.filter(
            content_type=ContentType.objects.get_for_model(Consultation), object_id=consultation.pk
        ).delete()
        Comment.objects.filter(pk__in=comment_ids).update(parent=None, root=None)
        Comment.objects.filter(pk__in=comment_ids)._raw_delete(Comment.objects.db)
        discussions.delete()
        Proposal.objects.filter(pk__in=proposal_ids).delete()
        consultation.delete()
    PlanningInstrument.objects.filter(slug=INSTRUMENT).delete()
    User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").exclude(email=OFFICIAL_EMAIL).delete()


def generate(links: int, *, seed: int = 5) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import Division, User
    from consultations.models import Consultation, Proposal
    from deliberation.actions import create_discussion, create_discussions
    from deliberation.models import Comment, Discussion
    from planning.models import (
        Devolution,
        InstrumentSection,
        Outcome,
        OutcomeLink,
        OutcomeUpdate,
        ParticipatoryInstance,
        PlanningInstrument,
    )

    rng = random.Random(seed)
    started = time.perf_counter()
    now = timezone.now()
    with transaction.atomic():
        _clear()
        division, _created = Division.objects.get_or_create(
            acronym="BENCHP", defaults={"name": "División de planificación (bench)"}
        )
        official, _created = User.objects.get_or_create(
            email=OFFICIAL_EMAIL,
            defaults={"display_name": "Funcionaria", "is_official": True, "division": division},
        )
        instrument = PlanningInstrument.objects.create(
            name="Estrategia Regional de Desarrollo (bench)",
            slug=INSTRUMENT,
            kind=PlanningInstrument.Kind.ERD,
            status=PlanningInstrument.Status.CONSULTATION,
            period_start=2026,
            period_end=2036,
            elaboration_year=now.year,
        )
        sections = InstrumentSection.objects.bulk_create(
            InstrumentSection(
                instrument=instrument, code=f"OE {n}", title=_text(rng, 3, 6), position=n
            )
            for n in range(1, 9)
        )
        consultation = Consultation.objects.create(
            slug=CONSULTATION,
            title="Consulta para la ERD (bench)",
            summary="Datos generados por bench/planning_data.py.",
            body="<p>Propuestas con destino.</p>",
            status=Consultation.Status.PUBLISHED,
            planning_instrument=instrument,
            division=division,
        )
        create_discussion(consultation)
        ParticipatoryInstance.objects.bulk_create(
            ParticipatoryInstance(
                instrument=instrument,
                title=f"Instancia {n}",
                kind=ParticipatoryInstance.Kind.WORKSHOP,
                starts_on=(now - timedelta(days=30 * n)).date(),
                ends_on=(now - timedelta(days=30 * n)).date(),
                open_to_all_residents=n % 2 == 0,
                participants=40 * n,
            )
            for n in range(1, 6)
        )
        ParticipatoryInstance.objects.create(
            instrument=instrument,
            title=consultation.title,
            kind=ParticipatoryInstance.Kind.CONSULTATION,
            starts_on=(now - timedelta(days=60)).date(),
            ends_on=now.date(),
            open_to_all_residents=True,
            process_type=ContentType.objects.get_for_model(Consultation),
            process_id=consultation.pk,
        )
        people = User.objects.bulk_create(
            User(email=f"p{n}@{EMAIL_DOMAIN}", display_name=f"Persona {n}") for n in range(PEOPLE)
        )
        total = links + HIDDEN
        comment_count = total // COMMENTS_SHARE
        proposal_count = total - comment_count
        proposals = Proposal.objects.bulk_create(
            (
                Proposal(
                    consultation=consultation,
                    author=people[n % PEOPLE],
                    title=_text(rng, 3, 8),
                    body=f"<p>{_text(rng)}.</p>",
                    created_at=now - timedelta(minutes=proposal_count - n),
                )
                for n in range(proposal_count)
            ),
            batch_size=2000,
        )
        create_discussions(proposals)
        discussions = {
            d.object_id: d
            for d in Discussion.objects.filter(
                content_type=ContentType.objects.get_for_model(Proposal),
                object_id__in=[p.pk for p in proposals[:comment_count]],
            )
        }
        comments = Comment.objects.bulk_create(
            (
                Comment(
                    discussion=discussions[proposals[n].pk],
                    author=people[(n * 7) % PEOPLE],
                    body=f"<p>{_text(rng)}.</p>",
                    created_at=now - timedelta(minutes=comment_count - n),
                )
                for n in range(comment_count)
            ),
            batch_size=2000,
        )
        contributions = [*proposals, *comments]
        rng.shuffle(contributions)
        # The hidden and pending ones: linked, and never shown.
        for row in contributions[:HIDDEN]:
            row.moderation_status = "hidden" if row.pk % 2 else "pending"
        for model in (Proposal, Comment):
            for status in ("hidden", "pending"):
                model.objects.filter(
                    pk__in=[
                        r.pk
                        for r in contributions[:HIDDEN]
                        if isinstance(r, model) and r.moderation_status == status
                    ]
                ).update(moderation_status=status)
        decisions = [value for value, _label in Outcome.Decision.choices]
        groups: list[list] = []
        index = 0
        while index < len(contributions):
            size = rng.choice((2, 3)) if rng.random() < 0.25 else 1
            groups.append(contributions[index : index + size])
            index += size
        outcomes = Outcome.objects.bulk_create(
            (
                Outcome(
                    decision=rng.choice(decisions),
                    justification=_text(rng, 15, 40) + ".",
                    progress=rng.choice((0, 10, 25, 50, 80, 100)),
                    decided_by=official,
                    decided_at=now - timedelta(minutes=len(groups) - n),
                    updated_at=now - timedelta(minutes=len(groups) - n),
                )
                for n in range(len(groups))
            ),
            batch_size=2000,
        )
        through = Outcome.sections.through
        through.objects.bulk_create(
            (
                through(outcome_id=outcome.pk, instrumentsection_id=section.pk)
                for outcome in outcomes
                for section in rng.sample(sections, rng.choice((1, 1, 2)))
            ),
            batch_size=5000,
        )
        types = {
            Proposal: ContentType.objects.get_for_model(Proposal),
            Comment: ContentType.objects.get_for_model(Comment),
        }
        OutcomeLink.objects.bulk_create(
            (
                OutcomeLink(outcome=outcome, content_type=types[type(row)], object_id=row.pk)
                for outcome, group in zip(outcomes, groups, strict=True)
                for row in group
            ),
            batch_size=5000,
        )
        OutcomeUpdate.objects.bulk_create(
            (
                OutcomeUpdate(
                    outcome=outcome,
                    decision=outcome.decision,
                    progress=outcome.progress,
                    on=outcome.decided_at.date(),
                    actor=official,
                )
                for outcome in outcomes
            ),
            batch_size=5000,
        )
        Devolution.objects.create(
            content_type=ContentType.objects.get_for_model(Consultation),
            object_id=consultation.pk,
            introduction="Devolución generada por el bench.",
            published_by=official,
        )
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Fresh statistics for every table the pages join (discussions included).
            cursor.execute("ANALYZE")
    print(
        f"{len(contributions):,} linked contributions ({HIDDEN} hidden or pending) in "
        f"{len(outcomes):,} outcomes, in {time.perf_counter() - started:.0f} s"
    )


def pages(*, downloads: bool = True) -> list[tuple[str, str]]:
    """The planning pages worth measuring, on the generated data (``downloads``: with the
    devolución's CSV and the open data file)."""
    from django.contrib.contenttypes.models import ContentType

    from deliberation.models import Comment
    from planning.models import OutcomeLink
    from planning.queries import PER_PAGE, public_links

    base = f"/planificacion/{INSTRUMENT}/"
    section_links = public_links().filter(outcome__sections__instrument__slug=INSTRUMENT)
    last = max(section_links.filter(outcome__sections__position=1).count() // PER_PAGE, 1)
    comment = (
        OutcomeLink.objects.filter(content_type=ContentType.objects.get_for_model(Comment))
        .filter(pk__in=public_links().values("pk"))
        .order_by("pk")
        .first()
    )
    found = [
        ("instrument page (5,000 linked)", base),
        ("a section, first page", f"{base}secciones/1/"),
        ("a section, last page", f"{base}secciones/1/?pagina={last}"),
        ("a section, one decision", f"{base}secciones/1/?decision=parcial"),
        ("a comment's fate", f"/planificacion/aportes/comentario/{comment.object_id}/"),
        ("devolución page", f"/consultas/{CONSULTATION}/devolucion/"),
    ]
    if downloads:
        found += [
            ("devolución CSV", f"/consultas/{CONSULTATION}/devolucion.csv"),
            ("open data: outcomes (JSON)", "/datos/destinos-de-aportes.json"),
        ]
    return found


def signed_in_cookie() -> str:
    """``Cookie:`` header value of a session of a generated resident with outcomes (for
    bench/serving.py --planning)."""
    from django.conf import settings
    from django.test import Client

    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=f"p1@{EMAIL_DOMAIN}"))
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def render(repeat: int, markdown: bool) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    connection.settings_dict["CONN_MAX_AGE"] = 600
    client = Client()
    page_list = pages()
    with override_settings(PAGE_CACHE_SECONDS=0):
        results = measure_in_turns(client, [url for _label, url in page_list], repeat)
    if markdown:
        print_markdown(
            [(label, url, r) for (label, url), r in zip(page_list, results, strict=True)]
        )
        return
    width = max(len(label) for label, _url in page_list)
    print(f"Planning pages, {repeat} requests each (budget {BUDGET_MS} ms):")
    for (label, _url), result in zip(page_list, results, strict=True):
        print_line(label, result, width=width)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    generating = commands.add_parser("generate")
    generating.add_argument("--links", type=int, default=5_000)
    rendering = commands.add_parser("render")
    rendering.add_argument("--repeat", type=int, default=50)
    rendering.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    if args.command == "generate":
        generate(args.links)
    else:
        with plain_static_storages():
            render(args.repeat, args.markdown)


if __name__ == "__main__":
    main()
