"""Demo data for the deliberation engine: lively discussions on whatever owns them.

``seed()`` runs in ``INSTALLED_APPS`` order, before the apps that own discussions
(consultations and later ones) have created their rows on a first run. So owner apps call
``seed_discussion(owner)`` from their own ``demo.py`` for the objects they create, and
``seed()`` here fills any registered owner that already exists and has no comments yet
(on later runs, or owners created by other means). Rows are written directly, not through
the actions (which are durable transactions, and would notify everyone once per comment).
"""

import random
from datetime import timedelta
from typing import Any, TextIO

from django.db import models
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from deliberation.models import Comment, CommentVote, Discussion, Follow
from deliberation.queries import follow_key, get_or_create_discussion
from deliberation.registry import owner_models, policy_for

TOP_LEVEL = [
    ("favor", "Me parece una muy buena idea. En mi barrio lo venimos pidiendo hace años."),
    (
        "favor",
        "Apoyo la propuesta, pero pediría que se priorice a los sectores altos de "
        "la comuna, donde el transporte público casi no llega.",
    ),
    (
        "contra",
        "No estoy de acuerdo: el presupuesto regional debería ir primero a salud "
        "primaria y a los consultorios.",
    ),
    (
        "neutral",
        "¿Alguien sabe si esto considera mantención? Muchas obras quedan "
        "abandonadas a los dos años.",
    ),
    (
        "favor",
        "Como dirigente vecinal puedo contar que la junta de vecinos ya levantó un "
        "catastro. Lo podemos compartir con el Gobierno Regional.",
    ),
    (
        "contra",
        "Me preocupa que se haga sin consultar a los vecinos de la calle. La última "
        "vez nadie nos avisó.",
    ),
    ("neutral", "Sería bueno ver un mapa con el trazado antes de opinar. ¿Está publicado?"),
    ("favor", "Sí, por favor. Mis hijos podrían ir solos al colegio."),
    ("contra", "En invierno con la lluvia esto no se usa. Prefiero mejorar las veredas."),
    ("neutral", "Propongo que se haga por etapas y se evalúe la primera antes de seguir."),
    ("favor", "En Viña funcionó bien en la avenida principal; hay que replicarlo."),
    (
        "neutral",
        "Ojalá se considere la accesibilidad universal: sillas de ruedas, coches "
        "de guagua y personas mayores.",
    ),
]
REPLIES = [
    "Totalmente de acuerdo contigo.",
    "No lo había pensado así. Buen punto.",
    "Yo vivo cerca y no es tan así: en la mañana el tráfico es terrible.",
    "¿Tienes algún dato que respalde eso?",
    "La junta de vecinos de mi sector opina lo mismo.",
    "En la cuenta pública del año pasado se habló de esto, vale la pena revisarla.",
    "Creo que ambas cosas se pueden hacer a la vez.",
    "Gracias por compartirlo, lo voy a llevar a la próxima reunión.",
]


def _people() -> list[User]:
    return list(
        User.objects.filter(is_active=True, deleted_at__isnull=True, is_staff=False).order_by("pk")[
            :30
        ]
    )


def seed_discussion(owner: models.Model, *, threads: int = 12, seed: int | None = None) -> int:
    """Give ``owner`` (a registered owner) a lively discussion unless it has one already.

    Idempotent: an owner whose discussion has comments is left alone. Returns how many
    comments were created. Call it inside or outside a transaction.
    """
    discussion = get_or_create_discussion(owner)
    if discussion.comments.exists():
        return 0
    people = _people()
    if len(people) < 2:
        return 0
    rng = random.Random(seed if seed is not None else owner.pk)  # noqa: S311  (demo text)
    now = timezone.now()
    start = now - timedelta(days=6)
    created = 0
    roots = []
    for index in range(min(threads, len(TOP_LEVEL))):
        alignment, text = TOP_LEVEL[(index + owner.pk) % len(TOP_LEVEL)]
        roots.append(
            Comment.objects.create(
                discussion=discussion,
                author=rng.choice(people),
                body=text,
                alignment=alignment if discussion.uses_alignment else "",
                created_at=start + timedelta(hours=8 * index, minutes=rng.randint(0, 59)),
            )
        )
        created += 1
    replies = []
    for root in roots:
        for depth_one in range(rng.randint(0, 3)):
            reply = Comment.objects.create(
                discussion=discussion,
                author=rng.choice(people),
                body=rng.choice(REPLIES),
                parent=root,
                root=root,
                depth=1,
                created_at=root.created_at + timedelta(hours=depth_one + 1),
            )
            replies.append(reply)
            created += 1
            if rng.random() < 0.4:
                Comment.objects.create(
                    discussion=discussion,
                    author=rng.choice(people),
                    body=rng.choice(REPLIES),
                    parent=reply,
                    root=root,
                    depth=2,
                    created_at=reply.created_at + timedelta(minutes=30),
                )
                created += 1
                Comment.objects.filter(pk=reply.pk).update(reply_count=F("reply_count") + 1)
        Comment.objects.filter(pk=root.pk).update(
            reply_count=Comment.objects.filter(root=root).count()
        )
    # Votes: each person votes on some comments, never their own.
    votes = []
    for comment in Comment.objects.filter(discussion=discussion):
        for person in rng.sample(people, k=min(len(people), rng.randint(0, 8))):
            if person.pk != comment.author_id:
                votes.append(
                    CommentVote(
                        comment=comment,
                        voter=person,
                        value=1 if rng.random() < 0.75 else -1,
                    )
                )
    CommentVote.objects.bulk_create(votes, ignore_conflicts=True)
    for comment in Comment.objects.filter(discussion=discussion):
        Comment.objects.filter(pk=comment.pk).update(
            upvotes=CommentVote.objects.filter(comment=comment, value=1).count(),
            downvotes=CommentVote.objects.filter(comment=comment, value=-1).count(),
        )
    Discussion.objects.filter(pk=discussion.pk).update(comment_count=created)
    policy_for(owner).on_comment_count_change(owner, created)
    # Authors follow what they commented on, as they would through the actions.
    content_type_id, object_id = follow_key(owner)
    Follow.objects.bulk_create(
        [
            Follow(user_id=author_id, content_type_id=content_type_id, object_id=object_id)
            for author_id in set(
                Comment.objects.filter(discussion=discussion).values_list("author_id", flat=True)
            )
        ],
        ignore_conflicts=True,
    )
    return created


def seed(stdout: TextIO) -> list[Any]:
    """Fill registered owners that already exist (six per kind) with discussions."""
    total = 0
    for model in owner_models():
        for owner in model._default_manager.order_by("-pk")[:6]:
            total += seed_discussion(owner)
    stdout.write(f"Deliberation: {total} demo comments.\n")
    return []
