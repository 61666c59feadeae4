"""Reads of the deliberation engine, shared by views, consumers, broadcasts and other apps.

Other apps show a discussion inside their own pages with two calls::

    context.update(discussion_context(request, proposal))
    {% include "deliberation/discussion.html" %}

``discussion_context`` reads a constant number of rows whatever the size of the
discussion: the discussion, one batch of 20 top-level comments, their replies, the
viewer's votes on them, whether the viewer follows, and the last event id.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import F, Max, Q, Window
from django.db.models.functions import RowNumber
from django.http import HttpRequest, QueryDict
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role, can_act_as
from deliberation.models import Comment, CommentVote, Discussion, DiscussionEvent, Follow
from deliberation.registry import policy_for

BATCH_SIZE = 20
# What a comment's author contributes to the page: its public name.
# The two-column view shows two batches side by side: half as many in each.
COLUMN_BATCH_SIZE = 10
# Replies shown per thread in a batch; the rest behind "Ver N respuestas más", so a batch
# costs the same however lively its threads are.
REPLIES_SHOWN = 2
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
    """The discussion of ``owner``, if it has one yet (one query)."""
    content_type = ContentType.objects.get_for_model(owner)
    return Discussion.objects.filter(content_type=content_type, object_id=owner.pk).first()


def get_or_create_discussion(owner: models.Model) -> Discussion:
    """The discussion of ``owner`` (a registered owner model), created on first use.

    Safe under concurrency (the one-discussion-per-owner constraint decides) and inside or
    outside a transaction. ``uses_alignment`` comes from the owner's policy.
    """
    policy = policy_for(owner)
    content_type = ContentType.objects.get_for_model(owner)
    discussion = Discussion.objects.filter(content_type=content_type, object_id=owner.pk).first()
    if discussion is not None:
        return discussion
    try:
        with transaction.atomic():
            return Discussion.objects.create(
                content_type=content_type,
                object_id=owner.pk,
                uses_alignment=policy.uses_alignment,
            )
    except IntegrityError:
        return Discussion.objects.get(content_type=content_type, object_id=owner.pk)


def discussion_page_url(discussion: Discussion, owner: Any = None) -> str:
    """Where the discussion is shown: the owner's page if it embeds it, else ours."""
    owner = owner if owner is not None else discussion.owner
    policy = policy_for(owner)
    if policy.discussion_url is not None:
        return policy.discussion_url(owner)
    return discussion.get_absolute_url()


def comment_page_url(comment: Comment, owner: Any = None) -> str:
    """The page that opens the thread at ``comment`` (what permalinks redirect to)."""
    base = discussion_page_url(comment.discussion, owner)
    return f"{base}?comentario={comment.pk}#comentario-{comment.pk}"


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
    try:
        number, pk_number = int(value), int(pk)
    except ValueError:
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
    """Author columns a page never shows: only the public name is (display name, deleted)."""
    from accounts.models import User

    keep = {"id", "display_name", "deleted_at"}
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
        .select_related("author")
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
    replies_query = Comment.objects.filter(root_id__in=[root.pk for root in roots])
    if limit is not None:
        replies_query = replies_query.annotate(
            position=Window(
                RowNumber(),
                partition_by=[F("root_id")],
                order_by=[F("created_at").asc(), F("pk").asc()],
            )
        ).filter(position__lte=limit)
    replies = list(
        replies_query.select_related("author")
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


def last_event_id(discussion: Discussion) -> int:
    return (
        DiscussionEvent.objects.filter(discussion=discussion).aggregate(last=Max("id"))["last"] or 0
    )


def thread_of(discussion: Discussion, comment_id: Any) -> Comment | None:
    """The top-level comment of the thread holding ``comment_id`` in ``discussion``."""
    try:
        pk = int(comment_id)
    except (TypeError, ValueError):
        return None
    comment = (
        Comment.objects.filter(discussion=discussion, pk=pk).only("pk", "root_id", "depth").first()
    )
    if comment is None:
        return None
    root_id = comment.root_id or comment.pk
    return Comment.objects.select_related("author").get(pk=root_id)


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
    from accounts.models import User

    condition = Q()
    for target in targets:
        content_type_id, object_id = follow_key(target)
        condition |= Q(follows__content_type_id=content_type_id, follows__object_id=object_id)
    if not condition:
        return User.objects.none()
    return User.objects.filter(condition).distinct()


@dataclass(frozen=True)
class FollowButton:
    url: str
    is_following: bool
    next_url: str


def follow_context(request: HttpRequest, target: models.Model) -> dict[str, Any]:
    """The context for ``{% include "deliberation/follow_button.html" %}`` (one query).

    ``target`` is any registered discussion owner the viewer may see; the button shows only
    to signed-in people.
    """
    if not request.user.is_authenticated:
        return {"follow_button": None}
    content_type_id, object_id = follow_key(target)
    return {
        "follow_button": FollowButton(
            url=reverse("deliberation:follow", args=[content_type_id, object_id]),
            is_following=is_following(request.user, target),
            next_url=request.get_full_path(),
        )
    }


# --- The block other pages include -------------------------------------------------------


@dataclass
class Column:
    alignment: str
    label: Any
    threads: list[Comment]
    more_url: str | None
    more_href: str | None


@dataclass
class DiscussionBlock:
    """Everything ``deliberation/discussion.html`` needs; see ``discussion_context``."""

    discussion: Discussion
    owner: Any
    owner_title: str
    page_url: str
    sort: Sort
    sorts: list[tuple[Sort, str, bool]]
    view: str
    view_urls: dict[str, str]
    threads: list[Comment]
    more_url: str | None
    more_href: str | None
    columns: list[Column]
    focused: Comment | None
    focused_comment_id: int | None
    form: Any
    reply_to: Comment | None
    refusal: Any
    follow_button: FollowButton | None
    viewer_id: int | None
    is_moderator: bool
    last_event_id: int
    after_cursor: bool = False
    csrf_token: str = ""
    live: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def can_comment(self) -> bool:
        return self.refusal is None

    @property
    def is_authenticated(self) -> bool:
        return self.viewer_id is not None

    @property
    def can_vote(self) -> bool:
        return self.viewer_id is not None and self.refusal is None


@dataclass
class LiveBlock:
    """The viewer-neutral context of fragments rendered once for every watcher."""

    discussion: Discussion
    viewer_id: None = None
    is_moderator: bool = False
    live: bool = True
    can_vote: bool = True
    # Live fragments carry "Responder" for everyone; the script hides it from viewers
    # without a comment form (signed out, or refused).
    can_comment: bool = True
    is_authenticated: bool = True
    focused_comment_id: None = None
    # One masked token for every form of a page: ``{% csrf_token %}`` masks anew at each
    # use, which costs more than the rest of a comment's rendering.
    csrf_token: str = ""


def viewer_block(request: HttpRequest, discussion: Discussion) -> LiveBlock:
    """The partials' context for fragments fetched by one viewer (their own controls)."""
    user = request.user
    block = LiveBlock(discussion=discussion)
    block.live = False
    block.viewer_id = user.pk if user.is_authenticated else None
    block.is_moderator = can_act_as(user, Role.MODERATOR) if user.is_authenticated else False
    block.can_vote = user.is_authenticated
    block.can_comment = user.is_authenticated
    block.is_authenticated = user.is_authenticated
    block.csrf_token = get_token(request)
    return block


def thread_context(request: HttpRequest, discussion: Discussion, root_id: int) -> dict[str, Any]:
    """One whole thread (for "Ver N respuestas más"); Http404 if it is not a thread here."""
    from django.http import Http404

    root = (
        Comment.objects.filter(discussion=discussion, pk=root_id, depth=0)
        .select_related("author")
        .first()
    )
    if root is None:
        raise Http404
    every = attach_replies([root])
    attach_viewer_votes(request.user, every)
    return {"block": viewer_block(request, discussion), "comment": root}


def comment_refusal(user: Any, discussion: Discussion, owner: Any) -> Any:
    """None if ``user`` may comment now, else the reason (Spanish, lazy)."""
    if not user.is_authenticated:
        return _("Ingresa a tu cuenta para comentar y votar.")
    if discussion.is_closed:
        return _("Esta conversación está cerrada: ya no recibe comentarios.")
    return policy_for(owner).comment_refusal(user, owner)


def _url_with(base: str, params: dict[str, Any], fragment: str = "") -> str:
    query = QueryDict(mutable=True)
    for key, value in params.items():
        if value not in (None, ""):
            query[key] = value
    encoded = query.urlencode()
    return f"{base}{'?' + encoded if encoded else ''}{'#' + fragment if fragment else ''}"


def discussion_context(
    request: HttpRequest,
    owner: Any,
    *,
    form: Any = None,
    discussion: Discussion | None = None,
    page_url: str | None = None,
) -> dict[str, Any]:
    """The context for ``{% include "deliberation/discussion.html" %}`` on any page.

    Call it after your own access check on ``owner`` (a registered owner). It reads the
    query string: ``orden`` (recientes, antiguos, mejores, comentados), ``despues`` (cursor
    of the next batch), ``vista=columnas`` (in favour / against, when the discussion asks
    for a stance), ``comentario`` (permalink: open that thread first) and ``responder``
    (reply form for that comment, for browsers without JavaScript). ``form`` is a bound
    ``CommentForm`` to show again with its errors. Constant number of queries.
    """
    from deliberation.forms import CommentForm

    user = request.user
    discussion = discussion or get_or_create_discussion(owner)
    policy = policy_for(owner)
    page_url = page_url or request.path
    params = request.GET
    sort = SORTS.get(params.get("orden", ""), SORTS[DEFAULT_SORT])
    view = "columnas" if discussion.uses_alignment and params.get("vista") == "columnas" else ""
    cursor = params.get("despues") or None

    focused = None
    focused_comment_id = None
    if params.get("comentario") and not cursor:
        focused = thread_of(discussion, params["comentario"])
        if focused is not None:
            focused_comment_id = int(params["comentario"])
    exclude = [focused.pk] if focused is not None else []

    threads: list[Comment] = []
    columns: list[Column] = []
    more_url = more_href = None
    batch_base = reverse("deliberation:comment_batch", args=[discussion.pk])
    if view == "columnas":
        for alignment in (Comment.Alignment.IN_FAVOUR, Comment.Alignment.AGAINST):
            batch = top_level_batch(
                discussion,
                sort=sort,
                alignment=alignment.value,
                exclude=exclude,
                cursor=cursor if params.get("postura") == alignment.value else None,
                size=COLUMN_BATCH_SIZE,
            )
            column_params = {
                "orden": sort.key,
                "despues": batch.next_cursor,
                "postura": alignment.value,
            }
            columns.append(
                Column(
                    alignment.value,
                    alignment.label,
                    batch.threads,
                    _url_with(batch_base, column_params) if batch.next_cursor else None,
                    _url_with(page_url, {**column_params, "vista": view}, "comentarios")
                    if batch.next_cursor
                    else None,
                )
            )
        roots = [c for column in columns for c in column.threads]
    else:
        batch = top_level_batch(discussion, sort=sort, cursor=cursor, exclude=exclude)
        threads = batch.threads
        if batch.next_cursor:
            more_params = {"orden": sort.key, "despues": batch.next_cursor}
            more_url = _url_with(batch_base, more_params)
            more_href = _url_with(page_url, more_params, "comentarios")
        roots = list(threads)
    every = attach_replies(roots, limit=REPLIES_SHOWN)
    if focused is not None:
        every += attach_replies([focused])
    attach_viewer_votes(user, every)

    reply_to = None
    if form is None:
        form = CommentForm(discussion=discussion)
        reply_id = params.get("responder")
        if reply_id and reply_id.isdigit():
            reply_to = next((c for c in every if c.pk == int(reply_id)), None)
            if reply_to is None:
                reply_to = (
                    Comment.objects.filter(discussion=discussion, pk=int(reply_id))
                    .select_related("author")
                    .first()
                )
            if reply_to is not None and reply_to.can_have_replies and reply_to.shows_body:
                form = CommentForm(discussion=discussion, initial={"parent": reply_to.pk})
            else:
                reply_to = None
    elif form.is_bound and form.parent is not None:
        reply_to = form.parent

    block = DiscussionBlock(
        discussion=discussion,
        owner=owner,
        owner_title=policy.title(owner),
        page_url=page_url,
        sort=sort,
        sorts=[
            (
                option,
                _url_with(page_url, {"orden": option.key, "vista": view}, "comentarios"),
                option is sort,
            )
            for option in SORTS.values()
        ],
        view=view,
        view_urls={
            "lista": _url_with(page_url, {"orden": sort.key}, "comentarios"),
            "columnas": _url_with(
                page_url, {"orden": sort.key, "vista": "columnas"}, "comentarios"
            ),
        },
        threads=threads,
        more_url=more_url,
        more_href=more_href,
        columns=columns,
        focused=focused,
        focused_comment_id=focused_comment_id,
        form=form,
        reply_to=reply_to,
        refusal=comment_refusal(user, discussion, owner),
        follow_button=follow_context(request, owner)["follow_button"],
        viewer_id=user.pk if user.is_authenticated else None,
        is_moderator=can_act_as(user, Role.MODERATOR) if user.is_authenticated else False,
        last_event_id=last_event_id(discussion),
        after_cursor=cursor is not None,
        csrf_token=get_token(request),
    )
    return {"discussion_block": block}


def batch_context(request: HttpRequest, discussion: Discussion, owner: Any) -> dict[str, Any]:
    """The next batch for the "Ver más" button (same constant queries as the page)."""
    params = request.GET
    sort = SORTS.get(params.get("orden", ""), SORTS[DEFAULT_SORT])
    alignment = params.get("postura") or None
    if alignment not in (None, *Comment.Alignment.values):
        alignment = None
    batch = top_level_batch(
        discussion,
        sort=sort,
        cursor=params.get("despues"),
        alignment=alignment,
        size=COLUMN_BATCH_SIZE if alignment else BATCH_SIZE,
    )
    every = attach_replies(batch.threads, limit=REPLIES_SHOWN)
    attach_viewer_votes(request.user, every)
    more_url = more_href = None
    if batch.next_cursor:
        more_params = {"orden": sort.key, "despues": batch.next_cursor, "postura": alignment}
        more_url = _url_with(
            reverse("deliberation:comment_batch", args=[discussion.pk]), more_params
        )
        more_href = _url_with(discussion_page_url(discussion, owner), more_params, "comentarios")
    block = viewer_block(request, discussion)
    return {
        "block": block,
        "threads": batch.threads,
        "more_url": more_url,
        "more_href": more_href,
    }
