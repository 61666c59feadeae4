"""Reads of the deliberation engine, shared by pages, consumers, broadcasts and actions.

Reads only: nothing here writes (a GET never does). The page blocks built from these
reads are in ``blocks.py``; the rules that say who may do what, in ``rules.py``.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from common.numbers import parse_int
from deliberation.models import Appeal, Comment, CommentVote, Discussion, Follow

# Top-level comments per batch ("Ver más" loads the next).
BATCH_SIZE = 20
# Comments deleted before anyone replied leave their thread (``Comment.left_thread``), and
# comments waiting in pre-moderation are not in it yet (their author sees them apart).
LEFT_THREAD = Q(deleted_at__isnull=False, reply_count=0) | Q(
    moderation_status=Comment.ModerationStatus.PENDING
)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Sort:
    key: str  # the value of ``?orden=`` (Spanish, stable in URLs)
    label: Any
    field: str  # the column compared by the cursor
    descending: bool


SORTS = {
    sort.key: sort
    for sort in (
        Sort("recientes", _("Más recientes"), "created_at", True),
        Sort("antiguos", _("Más antiguos"), "created_at", False),
        Sort("mejores", _("Mejor valorados"), "score", True),
        Sort("comentados", _("Más comentados"), "reply_count", True),
    )
}
DEFAULT_SORT = "recientes"


# --- Discussions ---------------------------------------------------------------------------


def discussion_for(owner: models.Model) -> Discussion | None:
    """The discussion of ``owner``, if it has one (one query). Owners get theirs in their
    create action (``actions.create_discussion``); rows older than that may have none."""
    content_type = ContentType.objects.get_for_model(owner)
    return Discussion.objects.filter(content_type=content_type, object_id=owner.pk).first()


# --- Cursor pagination of top-level comments ---------------------------------------------


def _cursor_value(comment: Comment, sort: Sort) -> int:
    value = getattr(comment, sort.field)
    if isinstance(value, datetime):
        delta = value - _EPOCH
        return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
    return int(value)


def encode_cursor(comment: Comment, sort: Sort) -> str:
    return f"{_cursor_value(comment, sort)}~{comment.pk}"


def decode_cursor(raw: str | None, sort: Sort) -> tuple[Any, int] | None:
    """``"<value>~<id>"`` → (value, id); None for anything malformed (first batch)."""
    if not raw:
        return None
    value, _, pk = raw.partition("~")
    # ASCII digits only: int() would also read fullwidth or Arabic-Indic digits.
    number, pk_number = parse_int(value, signed=True), parse_int(pk)
    if number is None or pk_number is None:
        return None
    if sort.field == "created_at":
        try:
            return _EPOCH + timedelta(microseconds=number), pk_number
        except OverflowError:
            return None
    return number, pk_number


@dataclass
class Batch:
    threads: list[Comment]
    next_cursor: str | None


@cache
def _deferred_author() -> tuple[str, ...]:
    """Author columns a page never shows: only the author include's are (public name,
    tag, verified mark: templates/includes/author.html; the division badge is the
    comment's own ``speaks_for``)."""
    keep = {"id", "display_name", "deleted_at", "is_verified_resident"}
    return tuple(f"author__{f.name}" for f in User._meta.concrete_fields if f.name not in keep)


def top_level_batch(
    discussion: Discussion,
    *,
    sort: Sort,
    cursor: str | None = None,
    alignment: str | None = None,
    exclude: Iterable[int] = (),
    size: int = BATCH_SIZE,
) -> Batch:
    """One batch of top-level comments in ``sort`` order, after ``cursor`` (one query)."""
    queryset = (
        Comment.objects.filter(discussion=discussion, depth=0)
        .exclude(LEFT_THREAD)
        .select_related("author", "speaks_for")
        .defer(*_deferred_author())
    )
    if alignment is not None:
        queryset = queryset.filter(alignment=alignment)
    if exclude:
        queryset = queryset.exclude(pk__in=list(exclude))
    position = decode_cursor(cursor, sort)
    if position is not None:
        value, pk = position
        if sort.descending:
            queryset = queryset.filter(
                Q(**{f"{sort.field}__lt": value}) | Q(**{sort.field: value, "pk__lt": pk})
            )
        else:
            queryset = queryset.filter(
                Q(**{f"{sort.field}__gt": value}) | Q(**{sort.field: value, "pk__gt": pk})
            )
    prefix = "-" if sort.descending else ""
    rows = list(queryset.order_by(f"{prefix}{sort.field}", f"{prefix}pk")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return Batch(rows, encode_cursor(rows[-1], sort) if more and rows else None)


def attach_replies(roots: list[Comment], *, limit: int | None = None) -> list[Comment]:
    """Give each root ``children`` (nested, in reading order); return every comment.

    One query for the replies of all the roots. With ``limit``, only the first ``limit``
    replies of each thread (in time order, so a shown reply's parent is shown too); the
    rest are counted in ``root.more_replies`` for a "Ver N respuestas más" link.
    """
    for root in roots:
        root.children = []
        root.more_replies = 0
    if not roots:
        return []
    replies_query = Comment.objects.filter(root_id__in=[root.pk for root in roots]).exclude(
        LEFT_THREAD
    )
    if limit is not None:
        replies_query = replies_query.annotate(
            position=Window(
                RowNumber(),
                partition_by=[F("root_id")],
                order_by=[F("created_at").asc(), F("pk").asc()],
            )
        ).filter(position__lte=limit)
    replies = list(
        replies_query.select_related("author", "speaks_for")
        .defer(*_deferred_author())
        .order_by("created_at", "pk")
    )
    by_id: dict[int, Comment] = {root.pk: root for root in roots}
    shown: dict[int, int] = {}
    for reply in replies:
        reply.children = []
        reply.more_replies = 0
        by_id[reply.pk] = reply
        shown[reply.root_id] = shown.get(reply.root_id, 0) + 1
    for reply in replies:
        parent = by_id.get(reply.parent_id)
        if parent is not None:
            parent.children.append(reply)
    if limit is not None:
        for root in roots:
            root.more_replies = max(0, root.reply_count - shown.get(root.pk, 0))
    return [*roots, *replies]


def attach_viewer_votes(user: Any, comments: list[Comment]) -> None:
    """Set ``my_vote`` (1, -1 or 0) on each comment for ``user`` (one query if signed in)."""
    votes: dict[int, int] = {}
    if user.is_authenticated and comments:
        votes = dict(
            CommentVote.objects.filter(
                voter=user, comment_id__in=[c.pk for c in comments]
            ).values_list("comment_id", "value")
        )
    for comment in comments:
        comment.my_vote = votes.get(comment.pk, 0)


def thread_of(discussion: Discussion, comment_id: int) -> Comment | None:
    """The top-level comment of the thread holding ``comment_id`` in ``discussion``
    (callers parse ids from addresses with ``common.numbers.parse_int``)."""
    comment = (
        Comment.objects.filter(discussion=discussion, pk=comment_id)
        .only("pk", "root_id", "depth")
        .first()
    )
    if comment is None:
        return None
    root_id = comment.root_id or comment.pk
    return (
        Comment.objects.exclude(LEFT_THREAD)
        .select_related("author", "speaks_for")
        .filter(pk=root_id)
        .first()
    )


def thread_root(discussion: Discussion, root_id: int) -> Comment | None:
    """The top-level comment ``root_id`` of ``discussion`` with its author (one query)."""
    return (
        Comment.objects.filter(discussion=discussion, pk=root_id, depth=0)
        .select_related("author", "speaks_for")
        .first()
    )


def reply_target(discussion: Discussion, comment_id: int) -> Comment | None:
    """The comment of ``discussion`` being replied to, with its author (one query)."""
    return (
        Comment.objects.filter(discussion=discussion, pk=comment_id)
        .select_related("author", "speaks_for")
        .first()
    )


# --- Following ---------------------------------------------------------------------------


def follow_key(target: models.Model) -> tuple[int, int]:
    return ContentType.objects.get_for_model(target).pk, target.pk


def is_following(user: Any, target: models.Model) -> bool:
    if not user.is_authenticated:
        return False
    content_type_id, object_id = follow_key(target)
    return Follow.objects.filter(
        user=user, content_type_id=content_type_id, object_id=object_id
    ).exists()


def followers_of(targets: Iterable[models.Model]) -> models.QuerySet:
    """People following any of ``targets`` (one query when evaluated)."""
    condition = Q()
    for target in targets:
        content_type_id, object_id = follow_key(target)
        condition |= Q(follows__content_type_id=content_type_id, follows__object_id=object_id)
    if not condition:
        return User.objects.none()
    return User.objects.filter(condition).distinct()


def appeal_of(contribution: Any) -> Appeal | None:
    """The appeal of ``contribution``, if its author made one (one query)."""
    return (
        Appeal.objects.filter(
            content_type=ContentType.objects.get_for_model(contribution),
            object_id=contribution.pk,
        )
        .select_related("decision")
        .first()
    )
