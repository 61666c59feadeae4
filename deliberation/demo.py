"""Demo data for the deliberation engine: lively discussions on whatever owns them.

``seed()`` runs in ``INSTALLED_APPS`` order, before the apps that own discussions
(consultations and later ones) have created their rows on a first run. So owner apps call
it again from their own ``demo.py`` once their objects exist (or ``seed_discussion(owner)``
for one object). It gives every registered owner its discussion (demo rows are written
directly, not through the create actions that would make it) and fills the newest six of
each kind that have no comments yet. Rows are written directly, not through the actions
(which are durable transactions, and would notify everyone once per comment).
"""

import random
import unicodedata
from datetime import timedelta
from typing import Any, TextIO

from django.db import models
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from deliberation.actions import create_discussion, create_discussions
from deliberation.models import (
    Appeal,
    Block,
    Comment,
    CommentVote,
    Discussion,
    Follow,
    ModerationCase,
    ModerationDecision,
    Report,
)
from deliberation.queries import follow_key
from deliberation.registry import owner_models, policy_for

# Comments that fit any proposal or consultation.
GENERIC = [
    ("favor", "Me parece una muy buena idea. En mi barrio lo venimos pidiendo hace años."),
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
        "Me preocupa que se haga sin preguntar a quienes viven en el sector. La última "
        "vez nadie nos avisó.",
    ),
    ("neutral", "Propongo que se haga por etapas y se evalúe la primera antes de seguir."),
    (
        "neutral",
        "Ojalá se considere la accesibilidad universal: sillas de ruedas, coches "
        "de guagua y personas mayores.",
    ),
    (
        "contra",
        "No estoy de acuerdo con la prioridad: el presupuesto regional debería ir "
        "primero a salud primaria y a los consultorios.",
    ),
    ("favor", "Buena iniciativa. Pediría que se informe su avance en cada cuenta pública."),
    (
        "neutral",
        "¿Cuánto costaría y de dónde saldrían los fondos? Sería bueno conocer esa "
        "cifra antes de decidir.",
    ),
    ("favor", "Ojalá se haga pronto. Cuenten conmigo para difundirlo en mi comuna."),
    (
        "contra",
        "Hay otras necesidades más urgentes en la región. No la apoyaría por ahora.",
    ),
    (
        "neutral",
        "Sería bueno que el Gobierno Regional publique un cronograma con fechas concretas.",
    ),
]
# Themed comments, chosen by words in the owner's title and topics (accents and case
# ignored): a culture proposal gets no comments about buses.
THEMES = [
    (
        ("ciclov", "bicicl"),
        [
            ("favor", "Sí, por favor. Mis hijos podrían ir solos al colegio en bicicleta."),
            ("neutral", "Sería bueno ver un mapa con el trazado antes de opinar. ¿Está publicado?"),
            (
                "contra",
                "En invierno, con la lluvia, se pedalea poco. Prefiero que primero se "
                "mejoren las veredas.",
            ),
            ("favor", "En Viña funcionó bien en la avenida principal; hay que replicarlo."),
            (
                "neutral",
                "Que las ciclovías vayan separadas de los autos, no solo pintadas en la calzada.",
            ),
        ],
    ),
    (
        ("movilidad", "transporte", "bus", "paradero", "tarifa", "recorrido"),
        [
            (
                "favor",
                "Apoyo, pero pediría que se priorice a los sectores altos de la comuna, "
                "donde el transporte público casi no llega.",
            ),
            (
                "favor",
                "Viajo todos los días en ese recorrido: cualquier mejora se nota de inmediato.",
            ),
            ("neutral", "¿Se conversó con las empresas de buses? Sin ellas esto no funciona."),
            (
                "contra",
                "Prefiero que el dinero vaya a más frecuencias antes que a obras nuevas.",
            ),
            (
                "favor",
                "Esperar sin techo en invierno es muy duro, sobre todo para las personas mayores.",
            ),
        ],
    ),
    (
        ("rural",),
        [
            (
                "favor",
                "En los sectores rurales dependemos de un solo recorrido; cuando falla, "
                "quedamos aislados.",
            ),
            (
                "neutral",
                "¿Se consultó a las juntas de vecinos rurales? Los caminos interiores "
                "tienen otras necesidades.",
            ),
            (
                "favor",
                "Lo rural siempre queda para el final del presupuesto. Esta vez debería "
                "ser al revés.",
            ),
        ],
    ),
    (
        ("verde", "parque", "bosque", "huerto", "arbol", "medio ambiente", "estero"),
        [
            (
                "favor",
                "Que se planten especies nativas: resisten la sequía y necesitan menos riego.",
            ),
            (
                "neutral",
                "¿Quién se hará cargo del riego y la mantención? La municipalidad dice que "
                "no tiene presupuesto para más áreas verdes.",
            ),
            (
                "favor",
                "Los niños y niñas del sector no tienen dónde jugar al aire libre. Un "
                "espacio verde cambiaría el barrio.",
            ),
            (
                "contra",
                "Con la escasez hídrica que tenemos me preocupa el consumo de agua. "
                "Prefiero espacios con sombra y poco riego.",
            ),
            (
                "favor",
                "Podríamos organizar jornadas de plantación con los colegios y las juntas "
                "de vecinos.",
            ),
        ],
    ),
    (
        (
            "espacios publicos",
            "plaza",
            "paseo",
            "banca",
            "cancha",
            "ilumin",
            "bebedero",
            "juegos",
            "seguridad",
        ),
        [
            (
                "favor",
                "De noche el sector queda muy oscuro; con buena iluminación la gente "
                "volvería a usarlo.",
            ),
            (
                "neutral",
                "¿Se pensó en baños públicos? Es lo que más falta en los espacios públicos "
                "de la ciudad.",
            ),
            (
                "favor",
                "Las personas mayores necesitan lugares con sombra para sentarse y "
                "descansar en el trayecto.",
            ),
            (
                "contra",
                "Sin mantención esto se deteriora en un año. Prefiero arreglar bien lo que "
                "ya existe.",
            ),
            ("favor", "Que el diseño se haga con la comunidad del sector: así se cuida más."),
        ],
    ),
    (
        ("cultur", "teatro", "festival", "artist", "patrimonio", "biblioteca"),
        [
            (
                "favor",
                "Los centros culturales de barrio son lo único que hay para los jóvenes "
                "los fines de semana.",
            ),
            (
                "neutral",
                "¿Habrá funciones en las comunas del interior? Casi todo se concentra en "
                "Valparaíso y Viña del Mar.",
            ),
            ("favor", "Que se considere a artistas locales y no solo a compañías de Santiago."),
            (
                "contra",
                "Antes de crear programas nuevos hay que recuperar los teatros y salas que "
                "están cerrados.",
            ),
            ("favor", "Propongo entradas liberadas para estudiantes y personas mayores."),
        ],
    ),
]
REPLIES = [
    "Totalmente de acuerdo contigo.",
    "No lo había pensado así. Buen punto.",
    "Yo vivo cerca y lo veo distinto: el problema principal es otro.",
    "¿Tienes algún dato que respalde eso?",
    "La junta de vecinos de mi sector opina lo mismo.",
    "En la cuenta pública del año pasado se habló de esto, vale la pena revisarla.",
    "Creo que ambas cosas se pueden hacer a la vez.",
    "Gracias por compartirlo, lo voy a llevar a la próxima reunión.",
]


def _plain(text: str) -> str:
    """Lower case without accents, for matching theme words."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _topics_of(owner: models.Model) -> str:
    """The owner's topic names, if it has them (owners tagged with django-taggit expose
    ``topics``; other owners are matched by title alone)."""
    topics = getattr(owner, "topics", None)
    if topics is None or not hasattr(topics, "names"):
        return ""
    return _plain(" ".join(topics.names()))


def _themed(text: str) -> list[tuple[str, str]]:
    return [
        comment
        for words, comments in THEMES
        if any(word in text for word in words)
        for comment in comments
    ]


def comments_for(owner: models.Model, count: int) -> list[tuple[str, str]]:
    """``count`` top-level comments (stance, text) that fit the owner: those of the themes
    its title mentions (else its topics) first, then generic ones."""
    themed = _themed(_plain(str(policy_for(owner).title(owner)))) or _themed(_topics_of(owner))
    return (themed + GENERIC)[:count]


def _people() -> list[User]:
    """Residents only: officials speak for their division (with its badge) and moderators
    for the platform, so a neighbour's opinion in the demo never comes from them."""
    return list(
        User.objects.filter(
            is_active=True,
            deleted_at__isnull=True,
            is_staff=False,
            is_official=False,
            is_moderator=False,
        ).order_by("pk")[:30]
    )


def seed_discussion(owner: models.Model, *, threads: int = 12, seed: int | None = None) -> int:
    """Give ``owner`` (a registered owner) a lively discussion unless it has one already.

    Idempotent: an owner whose discussion has comments is left alone. Returns how many
    comments were created. Call it inside or outside a transaction.
    """
    discussion = create_discussion(owner)
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
    chosen = comments_for(owner, threads)
    rng.shuffle(chosen)
    for index, (alignment, text) in enumerate(chosen):
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
    """Give every registered owner that exists its discussion (demo rows are created
    directly, not through the create actions), and fill six per kind with comments."""
    total = 0
    for model in owner_models():
        create_discussions(model._default_manager.all())
        for owner in model._default_manager.order_by("-pk")[:6]:
            total += seed_discussion(owner)
    stdout.write(f"Deliberation: {total} demo comments.\n")
    return []


# --- Moderation --------------------------------------------------------------------------


def _case(comment: Comment, state: str, open_reports: int) -> None:
    ModerationCase.objects.update_or_create(
        content_type=_comment_type(),
        object_id=comment.pk,
        defaults={
            "kind": "comentario",
            "space_key": "",
            "space_title": str(comment.discussion.owner)[:300],
            "author_id": comment.author_id,
            "state": state,
            "open_reports": open_reports,
        },
    )


def _comment_type() -> Any:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(Comment)


def _report(comment: Comment, people: list[User], reason: str, details: str = "") -> int:
    for person in people:
        Report.objects.get_or_create(
            content_type=_comment_type(),
            object_id=comment.pk,
            reporter=person,
            defaults={"reason": reason, "details": details},
        )
    return len(people)


def seed_moderation(stdout: TextIO) -> None:
    """The moderators' demo (idempotent, rows written directly like the rest of the demo,
    inside seed_demo's transaction): a comment with two reports in the queue, one hidden
    by three reports awaiting review, one a moderator hid whose author appealed (for the
    second moderator to resolve), and a resident blocked for a week."""
    moderator = User.objects.filter(email="moderacion@demo.cabildo.cl").first()
    blocked = User.objects.filter(email="bloqueado@demo.cabildo.cl").first()
    people = [person for person in _people() if person != blocked]
    comments = list(
        Comment.objects.filter(
            depth=0,
            deleted_at__isnull=True,
            discussion__content_type__model="proposal",
        )
        .select_related("discussion__content_type")
        .order_by("pk")[:3]
    )
    if moderator is None or len(comments) < 3 or len(people) < 5:
        return
    reported, by_reports, appealed = comments
    reporters = [person for person in people if person.pk != reported.author_id][:2]
    _case(reported, "reported", _report(reported, reporters, "fuera_de_tema", "No trata del tema."))
    reporters = [person for person in people if person.pk != by_reports.author_id][:3]
    count = _report(by_reports, reporters, "ofensivo")
    if by_reports.moderation_status == Comment.ModerationStatus.PUBLISHED:
        Comment.objects.filter(pk=by_reports.pk).update(moderation_status="hidden")
        Discussion.objects.filter(pk=by_reports.discussion_id).update(
            comment_count=F("comment_count") - 1
        )
        ModerationDecision.objects.create(
            content_type=_comment_type(),
            object_id=by_reports.pk,
            action=ModerationDecision.Action.AUTO_HIDE,
            status_before="published",
        )
    _case(by_reports, "review", count)
    reason = "Incluye el teléfono de una vecina."
    if appealed.moderation_status == Comment.ModerationStatus.PUBLISHED:
        Comment.objects.filter(pk=appealed.pk).update(
            moderation_status="hidden", moderation_reason=reason
        )
        Discussion.objects.filter(pk=appealed.discussion_id).update(
            comment_count=F("comment_count") - 1
        )
    decision = ModerationDecision.objects.filter(
        content_type=_comment_type(), object_id=appealed.pk, action="hide"
    ).first() or ModerationDecision.objects.create(
        content_type=_comment_type(),
        object_id=appealed.pk,
        action=ModerationDecision.Action.HIDE,
        moderator=moderator,
        category="datos_personales",
        reason=reason,
        status_before="published",
    )
    Appeal.objects.get_or_create(
        content_type=_comment_type(),
        object_id=appealed.pk,
        defaults={
            "decision": decision,
            "appellant_id": appealed.author_id,
            "text": "Era el teléfono de la junta de vecinos, que es público.",
        },
    )
    _case(appealed, "appealed", 0)
    if blocked is not None and not Block.objects.filter(user=blocked).exists():
        until = timezone.now() + timedelta(days=7)
        Block.objects.create(
            user=blocked,
            moderator=moderator,
            reason="Publicó la misma propaganda en diez conversaciones.",
            until=until,
        )
        User.objects.filter(pk=blocked.pk).update(blocked_until=until)
    stdout.write("Moderation: 3 cases in the queue (reported, hidden by reports, appealed).\n")
