"""A discussion with 5,000 comments: data generator and server render time.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cabildo_delib \\
        .venv/bin/python bench/discussions.py generate [--comments 5000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cabildo_delib \\
        .venv/bin/python bench/discussions.py render [--repeat 50] [--markdown]

``generate`` (re)creates one discussion owned by a bench-only owner (see
discussion_owner.py): 40 % top-level comments, the rest replies on two levels spread over
the threads (most on recent ones), stances, about four votes per comment from 300
people, and a few edited, deleted and hidden comments.

``render`` requests, through Django's test client in this process (middleware, view,
queries, template; no network) with production settings (DEBUG off, cached templates),
the first batch of the discussion page in each sort, the two-column view, the "Ver más"
fragment deep in the list and a permalink into an old thread, as a signed-in resident
who has voted. After warm-up it prints the median and 90th percentile of ``--repeat``
requests and the SQL queries of one request. Not part of the test suite.
"""

import argparse
import random
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import BUDGET_MS, measure, plain_static_storages, setup_django

setup_django()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Division, User  # noqa: E402
from bench.discussion_owner import BENCH_DIVISION, bench_owner, register  # noqa: E402
from deliberation.actions import create_discussion  # noqa: E402
from deliberation.models import Comment, CommentVote, Discussion, RoomEvent  # noqa: E402
from deliberation.queries import SORTS, discussion_for, encode_cursor  # noqa: E402

register()

PEOPLE = 300
VIEWER_EMAIL = "bench-viewer@bench.cabildo.cl"
WORDS = [
    *("ciclovía", "barrio", "plaza", "consultorio", "transporte", "vereda", "luminaria"),
    *("parque", "agua", "seguridad", "escuela", "feria", "cerro", "ascensor", "micro"),
    *("paradero", "árbol", "basura", "reciclaje"),
]


def _text(rng: random.Random) -> str:
    sentences = []
    for _ in range(rng.randint(1, 4)):
        words = [rng.choice(WORDS) for _ in range(rng.randint(6, 18))]
        sentences.append(" ".join(words).capitalize() + ".")
    return " ".join(sentences)


def generate(total: int) -> None:
    rng = random.Random(2026)
    with transaction.atomic():
        owner, _ = Division.objects.get_or_create(
            name=BENCH_DIVISION, defaults={"acronym": "BENCH"}
        )
        discussion = create_discussion(owner)
        RoomEvent.objects.filter(
            room_type=ContentType.objects.get_for_model(Discussion), room_id=discussion.pk
        ).delete()
        CommentVote.objects.filter(comment__discussion=discussion).delete()
        # Replies point at their parents (PROTECT): delete from the deepest level up.
        for depth in (2, 1, 0):
            Comment.objects.filter(discussion=discussion, depth=depth).delete()
        people = list(User.objects.filter(email__endswith="@bench.cabildo.cl").order_by("pk"))
        for index in range(len(people), PEOPLE):
            people.append(
                User.objects.create_user(
                    f"persona{index}@bench.cabildo.cl", None, display_name=f"Persona {index}"
                )
            )
        viewer = User.objects.filter(email=VIEWER_EMAIL).first() or User.objects.create_user(
            VIEWER_EMAIL, None, display_name="Lectora"
        )
        Discussion.objects.filter(pk=discussion.pk).update(uses_alignment=True)
        start = timezone.now() - timedelta(days=60)
        top_count = int(total * 0.4)
        alignments = ["favor", "contra", "neutral"]
        roots = Comment.objects.bulk_create(
            [
                Comment(
                    discussion=discussion,
                    author=rng.choice(people),
                    body=_text(rng),
                    alignment=rng.choice(alignments),
                    created_at=start + timedelta(minutes=20 * i),
                )
                for i in range(top_count)
            ]
        )
        # Replies favour recent threads (where conversations are alive).
        level_one = []
        remaining = total - top_count
        for _ in range(int(remaining * 0.7)):
            root = roots[min(top_count - 1, int(top_count * (1 - rng.random() ** 2)))]
            level_one.append(
                Comment(
                    discussion=discussion,
                    author=rng.choice(people),
                    body=_text(rng),
                    parent=root,
                    root=root,
                    depth=1,
                    created_at=root.created_at + timedelta(minutes=rng.randint(1, 600)),
                )
            )
        level_one = Comment.objects.bulk_create(level_one)
        level_two = []
        for _ in range(remaining - len(level_one)):
            parent = rng.choice(level_one)
            level_two.append(
                Comment(
                    discussion=discussion,
                    author=rng.choice(people),
                    body=_text(rng),
                    parent=parent,
                    root_id=parent.root_id,
                    depth=2,
                    created_at=parent.created_at + timedelta(minutes=rng.randint(1, 300)),
                )
            )
        Comment.objects.bulk_create(level_two)
        every = list(Comment.objects.filter(discussion=discussion).values_list("pk", "author_id"))
        votes = []
        for pk, author_id in every:
            for voter in rng.sample(people, rng.randint(0, 8)):
                if voter.pk != author_id:
                    votes.append(
                        CommentVote(comment_id=pk, voter=voter, value=rng.choice([1, 1, 1, -1]))
                    )
        # The viewer voted on a few of the newest threads, so their votes show pressed.
        for root in roots[-30:]:
            votes.append(CommentVote(comment=root, voter=viewer, value=1))
        CommentVote.objects.bulk_create(votes, batch_size=5000, ignore_conflicts=True)
        tally = CommentVote.objects.filter(comment__discussion=discussion).values("comment_id")
        ups = dict(tally.filter(value=1).annotate(n=Count("pk")).values_list("comment_id", "n"))
        downs = dict(tally.filter(value=-1).annotate(n=Count("pk")).values_list("comment_id", "n"))
        replies = Comment.objects.filter(discussion=discussion)
        per_root = dict(
            replies.filter(depth__gt=0)
            .values("root_id")
            .annotate(n=Count("pk"))
            .values_list("root_id", "n")
        )
        per_parent = dict(
            replies.filter(depth=2)
            .values("parent_id")
            .annotate(n=Count("pk"))
            .values_list("parent_id", "n")
        )
        updates = []
        for comment in Comment.objects.filter(discussion=discussion).only("pk", "depth"):
            comment.upvotes, comment.downvotes = ups.get(comment.pk, 0), downs.get(comment.pk, 0)
            comment.reply_count = (per_root if comment.depth == 0 else per_parent).get(
                comment.pk, 0
            )
            updates.append(comment)
        Comment.objects.bulk_update(
            updates, ["upvotes", "downvotes", "reply_count"], batch_size=2000
        )
        sample = rng.sample(roots[-200:], 9)
        Comment.objects.filter(pk__in=[c.pk for c in sample[:3]]).update(edited_at=timezone.now())
        Comment.objects.filter(pk__in=[c.pk for c in sample[3:6]]).update(
            deleted_at=timezone.now(), moderation_status="withdrawn"
        )
        Comment.objects.filter(pk__in=[c.pk for c in sample[6:]]).update(
            moderation_status="hidden", moderation_reason="Lenguaje ofensivo"
        )
        visible = Comment.objects.filter(
            discussion=discussion, moderation_status="published", deleted_at__isnull=True
        ).count()
        Discussion.objects.filter(pk=discussion.pk).update(comment_count=visible)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE deliberation_comment; ANALYZE deliberation_commentvote")
    print(
        f"Discussion {discussion.pk}: {len(every)} comments ({top_count} threads), "
        f"{len(votes)} votes, {len(people)} people."
    )


def render(repeat: int, markdown: bool, fresh_connections: bool) -> int:
    if not fresh_connections:
        # Production keeps database connections open between requests (CONN_MAX_AGE or a
        # pool); the test client would otherwise reconnect on every request.
        connection.settings_dict["CONN_MAX_AGE"] = None
    owner = bench_owner()
    discussion = discussion_for(owner)
    total = Comment.objects.filter(discussion=discussion).count()
    viewer = User.objects.get(email=VIEWER_EMAIL)
    client = Client()
    client.force_login(viewer)
    base = f"/conversaciones/{discussion.pk}/"
    old = Comment.objects.filter(discussion=discussion, depth=2).order_by("created_at").first()
    # A cursor deep in the list: the 40th-newest thread onwards, 25 batches down.
    deep = next(
        iter(
            Comment.objects.filter(discussion=discussion, depth=0).order_by("-created_at", "-pk")[
                499:500
            ]
        )
    )
    cases = [
        ("first batch, most recent", base),
        ("first batch, oldest", base + "?orden=antiguos"),
        ("first batch, best voted", base + "?orden=mejores"),
        ("first batch, most discussed", base + "?orden=comentados"),
        ("two columns (favour / against)", base + "?vista=columnas"),
        ("permalink into an old thread", base + f"?comentario={old.pk}"),
        (
            "Ver más, batch 26 (fragment)",
            f"/conversaciones/{discussion.pk}/mas/?orden=recientes&despues="
            + encode_cursor(deep, SORTS["recientes"]),
        ),
    ]
    engine = connection.vendor
    print(
        f"{total} comments, {engine}, {repeat} requests each (median / p90), "
        f"signed-in resident, DEBUG off, "
        f"{'a new' if fresh_connections else 'a persistent'} database connection per request\n"
    )
    rows = []
    with plain_static_storages(), override_settings(DEBUG=False):
        for label, url in cases:
            rows.append((label, measure(client, url, repeat, warmup=5)))
    worst = max(result.median for _label, result in rows)
    if markdown:
        print("| request | median | p90 | min | queries | HTML |")
        print("|---|---:|---:|---:|---:|---:|")
        for label, r in rows:
            print(
                f"| {label} | {r.median:.1f} ms | {r.p90:.1f} ms | {r.fastest:.1f} ms | "
                f"{r.queries} | {r.size // 1024} KB |"
            )
    else:
        for label, r in rows:
            print(
                f"{label:34} {r.median:7.1f} ms  p90 {r.p90:7.1f} ms  min {r.fastest:6.1f} ms  "
                f"{r.queries:3} queries  {r.size // 1024} KB"
            )
    verdict = "within" if worst < BUDGET_MS else "OVER"
    print(f"\nSlowest median {worst:.1f} ms: {verdict} the {BUDGET_MS} ms budget.")
    return 0 if worst < BUDGET_MS else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate")
    gen.add_argument("--comments", type=int, default=5000)
    ren = sub.add_parser("render")
    ren.add_argument("--repeat", type=int, default=50)
    ren.add_argument("--markdown", action="store_true")
    ren.add_argument(
        "--fresh-connections",
        action="store_true",
        help="open a database connection per request (Django's default CONN_MAX_AGE=0)",
    )
    args = parser.parse_args()
    if args.command == "generate":
        generate(args.comments)
        return 0
    return render(args.repeat, args.markdown, args.fresh_connections)


if __name__ == "__main__":
    sys.exit(main())
