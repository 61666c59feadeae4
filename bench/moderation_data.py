"""The moderation queue with 10,000 open cases: data generator and server render time.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_moderation \\
        .venv/bin/python bench/moderation_data.py generate [--cases 10000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_moderation \\
        .venv/bin/python bench/moderation_data.py render [--repeat 50] [--markdown]

``generate`` (re)creates one published consultation (slug ``bench-moderacion``) whose
discussion holds ``--cases`` comments by 500 people, each reported by one to three others
with a reason (some with details) — a third of them hidden pending review by their third
report, one in twenty waiting in pre-moderation instead — so every case is open; a few
hundred closed cases with decisions feed the public log; and a moderator with TOTP
(``MODERATOR_EMAIL``). Rows go in with ``bulk_create``: about a minute on PostgreSQL.

``render`` requests through Django's test client in this process (production settings,
DEBUG off; every page rendered, unless ``--cache``) the queue's first page, a page deep
in it (by its cursor), the queue filtered by space, by reason and by state, a case page
and the public log, as the moderator in a session that passed the second factor, and
prints the median and 90th percentile of ``--repeat`` requests and the SQL queries of
one. ``moderator_client()`` and
``moderator_cookie()`` give that session to bench/profile_pages.py and bench/serving.py.
"""

import argparse
import random
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

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

SLUG = "bench-moderacion"
EMAIL_DOMAIN = "moderacion.bench.cabildo.invalid"
MODERATOR_EMAIL = f"moderadora@{EMAIL_DOMAIN}"
TOTP_SECRET = "JBSWY3DPEHPK3PXPBENCHMOD"  # noqa: S105  (a bench-only account)
PEOPLE = 500
CLOSED = 300
WORDS = [
    *("ciclovía", "barrio", "plaza", "consultorio", "transporte", "vereda", "luminaria"),
    *("parque", "agua", "seguridad", "escuela", "feria", "cerro", "ascensor", "micro"),
]
DETAILS = ["", "", "Insulta a otra persona.", "Publica un teléfono.", "Es publicidad."]


def _text(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 30))).capitalize() + "."


def generate(cases: int, *, seed: int = 11) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import User
    from consultations.contributions import consultation_space
    from consultations.models import Consultation
    from deliberation.actions import create_discussion
    from deliberation.markup import render_markdown
    from deliberation.models import (
        Comment,
        Discussion,
        ModerationCase,
        ModerationDecision,
        Report,
        ReportReason,
    )

    rng = random.Random(seed)
    started = time.perf_counter()
    comment_type = ContentType.objects.get_for_model(Comment)
    with transaction.atomic():
        old = Consultation.objects.filter(slug=SLUG).first()
        if old is not None:
            discussion = Discussion.objects.filter(
                content_type=ContentType.objects.get_for_model(Consultation), object_id=old.pk
            ).first()
            if discussion is not None:
                ids = list(
                    Comment.objects.filter(discussion=discussion).values_list("pk", flat=True)
                )
                for model in (Report, ModerationCase, ModerationDecision):
                    # The queryset's own delete, in chunks (no signals, no cascades to check).
                    for start in range(0, len(ids), 5000):
                        model.objects.filter(
                            content_type=comment_type, object_id__in=ids[start : start + 5000]
                        )._raw_delete(model.objects.db)
                Comment.objects.filter(discussion=discussion).update(parent=None, root=None)
                Comment.objects.filter(discussion=discussion)._raw_delete(Comment.objects.db)
                discussion.delete()
            old.delete()
        User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").exclude(
            email=MODERATOR_EMAIL
        ).delete()
        consultation = Consultation.objects.create(
            slug=SLUG,
            title="Consulta con la cola de moderación llena",
            summary="Datos generados por bench/moderation_data.py.",
            body="<p>10.000 comentarios reportados.</p>",
            status=Consultation.Status.PUBLISHED,
        )
        discussion = create_discussion(consultation)
        space = consultation_space(consultation)
        people = User.objects.bulk_create(
            User(email=f"p{n}@{EMAIL_DOMAIN}", display_name=f"Persona {n}") for n in range(PEOPLE)
        )
        _moderator()
        now = timezone.now()
        comments = []
        for n in range(cases + CLOSED):
            body = _text(rng)
            status = Comment.ModerationStatus.PUBLISHED
            if n < cases and n % 20 == 0:
                status = Comment.ModerationStatus.PENDING
            comments.append(
                Comment(
                    discussion=discussion,
                    author=people[n % PEOPLE],
                    body_source=body,
                    body=render_markdown(body),
                    moderation_status=status,
                    created_at=now - timedelta(minutes=2 * (cases + CLOSED - n)),
                )
            )
        comments = Comment.objects.bulk_create(comments, batch_size=2000)
        reasons = [value for value, _label in ReportReason.choices]
        reports, case_rows, decisions = [], [], []
        for n, comment in enumerate(comments):
            moment = comment.created_at + timedelta(minutes=1)
            if n >= cases:
                state, count = ModerationCase.State.CLOSED, 1
            elif comment.moderation_status == Comment.ModerationStatus.PENDING:
                state, count = ModerationCase.State.PENDING, 0
            elif n % 3 == 0:
                state, count = ModerationCase.State.REVIEW, 3
                comment.moderation_status = Comment.ModerationStatus.HIDDEN
            else:
                state, count = ModerationCase.State.REPORTED, 1 + n % 2
            reason = reasons[n % len(reasons)]
            for r in range(count):
                reports.append(
                    Report(
                        content_type=comment_type,
                        object_id=comment.pk,
                        reporter=people[(n + 1 + r * 7) % PEOPLE],
                        reason=reason if r == 0 else rng.choice(reasons),
                        details=rng.choice(DETAILS),
                        created_at=moment,
                        dismissed_at=moment if state == ModerationCase.State.CLOSED else None,
                    )
                )
            case_rows.append(
                ModerationCase(
                    content_type=comment_type,
                    object_id=comment.pk,
                    kind="comentario",
                    space_key=space.key,
                    space_title=space.title,
                    author_id=comment.author_id,
                    state=state,
                    open_reports=0 if state == ModerationCase.State.CLOSED else count,
                    opened_at=moment,
                    updated_at=moment,
                )
            )
            if state == ModerationCase.State.REVIEW:
                decisions.append(
                    ModerationDecision(
                        content_type=comment_type,
                        object_id=comment.pk,
                        action=ModerationDecision.Action.AUTO_HIDE,
                        status_before=Comment.ModerationStatus.PUBLISHED,
                        created_at=moment,
                    )
                )
            elif state == ModerationCase.State.CLOSED:
                decisions.append(
                    ModerationDecision(
                        content_type=comment_type,
                        object_id=comment.pk,
                        action=ModerationDecision.Action.DISMISS,
                        status_before=Comment.ModerationStatus.PUBLISHED,
                        created_at=moment,
                    )
                )
        Comment.objects.filter(
            pk__in=[c.pk for c in comments if c.moderation_status == "hidden"]
        ).update(moderation_status=Comment.ModerationStatus.HIDDEN)
        Report.objects.bulk_create(reports, batch_size=5000)
        ModerationCase.objects.bulk_create(case_rows, batch_size=5000)
        ModerationDecision.objects.bulk_create(decisions, batch_size=5000)
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in ("deliberation_moderationcase", "deliberation_report"):
                cursor.execute(f"ANALYZE {table}")
    print(
        f"{cases:,} open cases ({len(reports):,} reports, {len(decisions):,} decisions) "
        f"in {time.perf_counter() - started:.0f} s"
    )


def _moderator() -> Any:
    """The bench's moderator, with TOTP (created once, kept across ``generate``)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    from accounts.models import User

    moderator, _created = User.objects.get_or_create(
        email=MODERATOR_EMAIL, defaults={"display_name": "Moderadora", "is_moderator": True}
    )
    if not Authenticator.objects.filter(user=moderator, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(moderator, TOTP_SECRET)
    return moderator


def moderator_client() -> Any:
    """A test client signed in as the bench's moderator in a session that passed the
    second factor (as allauth records a typed TOTP code)."""
    from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
    from django.test import Client

    moderator = _moderator()
    client = Client()
    client.force_login(moderator)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time()},
        {"method": "mfa", "at": time.time(), "type": "totp"},
    ]
    session["account_authentication_methods_user"] = str(moderator.pk)
    session.save()
    return client


def moderator_cookie() -> str:
    """``Cookie:`` header value of that session (for wrk)."""
    from django.conf import settings

    client = moderator_client()
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def pages() -> list[tuple[str, str]]:
    """The moderators' pages worth measuring, on the generated data."""
    from deliberation.models import Comment, ModerationCase
    from deliberation.queue import QueueFilters, queue_cases

    cases = ModerationCase.objects.filter(state__in=ModerationCase.OPEN_STATES)
    space = cases.values_list("space_key", flat=True).first()
    # A cursor about 4,000 cases down the queue.
    deep = queue_cases(QueueFilters(), None, size=4000)[1]
    hidden = Comment.objects.filter(moderation_status="hidden").order_by("-pk").first()
    return [
        ("queue, first page", "/moderacion/"),
        ("queue, 4,000 cases down", f"/moderacion/?despues={deep}"),
        ("queue, one space", f"/moderacion/?espacio={space}"),
        ("queue, reason: personal data", "/moderacion/?motivo=datos_personales"),
        ("queue, hidden pending review", "/moderacion/?estado=review"),
        ("a case (hidden by reports)", f"/moderacion/comentario/{hidden.pk}/"),
        ("public moderation log", "/moderacion/registro/"),
    ]


def serving_pages() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """For bench/serving.py --moderation: what anonymous visitors read (the public log),
    and what the moderator reads (the queue and a case)."""
    listed = pages()
    public = [(label, url) for label, url in listed if url.startswith("/moderacion/registro/")]
    return public, [(label, url) for label, url in listed if (label, url) not in public]


def render(repeat: int, markdown: bool, cached: bool = False) -> None:
    from django.conf import settings
    from django.db import connection
    from django.test.utils import override_settings

    connection.settings_dict["CONN_MAX_AGE"] = 600
    client = moderator_client()
    page_list = pages()
    # Rendered every time unless --cache (then the shared queue list and the log's
    # anonymous copy are read from the cache, as between two moderation writes).
    with override_settings(PAGE_CACHE_SECONDS=settings.PAGE_CACHE_SECONDS if cached else 0):
        results = measure_in_turns(client, [url for _label, url in page_list], repeat)
    if markdown:
        print_markdown(
            [(label, url, r) for (label, url), r in zip(page_list, results, strict=True)]
        )
        return
    width = max(len(label) for label, _url in page_list)
    print(f"Moderators' pages, {repeat} requests each (budget {BUDGET_MS} ms):")
    for (label, _url), result in zip(page_list, results, strict=True):
        print_line(label, result, width=width)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    generating = commands.add_parser("generate")
    generating.add_argument("--cases", type=int, default=10_000)
    rendering = commands.add_parser("render")
    rendering.add_argument("--repeat", type=int, default=50)
    rendering.add_argument("--markdown", action="store_true")
    rendering.add_argument("--cache", action="store_true", help="leave the page cache on")
    args = parser.parse_args()
    if args.command == "generate":
        generate(args.cases)
    else:
        with plain_static_storages():
            render(args.repeat, args.markdown, args.cache)


if __name__ == "__main__":
    main()
