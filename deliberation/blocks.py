"""The discussion block other pages include, and the fragments its script fetches.

An owner's detail view shows its discussion with two calls, after its own access check::

    context.update(discussion_context(request, proposal))
    {% include "deliberation/discussion.html" %}

``discussion_context`` reads a constant number of rows whatever the size of the
discussion (see its docstring) and never writes: an owner without a discussion (a row
older than its create action's ``create_discussion``) gets no block.
"""

from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, QueryDict
from django.middleware.csrf import get_token
from django.urls import reverse

from accounts.roles import Role, can_act_as
from common.numbers import parse_int
from common.pagecache import render_slots, shared_fragment
from deliberation.forms import CommentForm
from deliberation.models import Comment, Discussion
from deliberation.queries import (
    BATCH_SIZE,
    DEFAULT_SORT,
    SORTS,
    Sort,
    attach_replies,
    attach_viewer_votes,
    discussion_for,
    follow_key,
    is_following,
    reply_target,
    thread_of,
    thread_root,
    top_level_batch,
)
from deliberation.registry import policy_for
from deliberation.rooms import last_event_id
from deliberation.rules import commenting_refusal

# The two-column view shows two batches side by side: half as many in each.
COLUMN_BATCH_SIZE = 10
# Replies shown per thread in a batch; the rest behind "Ver N respuestas más", so a batch
# costs the same however lively its threads are.
REPLIES_SHOWN = 2


def _url_with(base: str, params: dict[str, Any], fragment: str = "") -> str:
    query = QueryDict(mutable=True)
    for key, value in params.items():
        if value not in (None, ""):
            query[key] = value
    encoded = query.urlencode()
    return f"{base}{'?' + encoded if encoded else ''}{'#' + fragment if fragment else ''}"


def _is_moderator(user: Any) -> bool:
    return can_act_as(user, Role.MODERATOR) if user.is_authenticated else False


# --- Follow button ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FollowButton:
    url: str
    is_following: bool
    next_url: str


def follow_context(request: HttpRequest, target: Any) -> dict[str, Any]:
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


# --- The block ------------------------------------------------------------------------------


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
    # The list of threads shared by every viewer ({% shared %}): what it was read with,
    # and this viewer's controls for each comment (comment id -> HTML); None renders the
    # threads for this viewer alone (columns, a permalinked thread).
    batch_key: str = ""
    action_slots: dict[str, str] | None = None
    # Pre-moderation: whether new comments wait, and the viewer's own that still do.
    premoderated: bool = False
    own_pending: list[Comment] | None = None

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
    """The partials' context for fragments outside the page: viewer-neutral for
    broadcasts (rendered once for every watcher), or one viewer's (``viewer_block``)."""

    discussion: Discussion
    viewer_id: int | None = None
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
    return LiveBlock(
        discussion=discussion,
        viewer_id=user.pk if user.is_authenticated else None,
        is_moderator=_is_moderator(user),
        live=False,
        can_vote=user.is_authenticated,
        can_comment=user.is_authenticated,
        is_authenticated=user.is_authenticated,
        csrf_token=get_token(request),
    )


def thread_context(request: HttpRequest, discussion: Discussion, root_id: int) -> dict[str, Any]:
    """One whole thread (for "Ver N respuestas más"); Http404 if it is not a thread here."""
    root = thread_root(discussion, root_id)
    if root is None:
        raise Http404
    every = attach_replies([root])
    attach_viewer_votes(request.user, every)
    return {"block": viewer_block(request, discussion), "comment": root}


def _batch_with_replies(
    discussion: Discussion, sort: Any, cursor: str | None, exclude: list[int]
) -> tuple[Any, list[Comment], int]:
    """A batch of top-level comments with their first replies, and the room's last event
    id read before them (a client resuming from it misses nothing shown after)."""
    event_id = last_event_id(discussion)
    batch = top_level_batch(discussion, sort=sort, cursor=cursor, exclude=exclude)
    return batch, attach_replies(list(batch.threads), limit=REPLIES_SHOWN), event_id


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
    ``CommentForm`` to show again with its errors.

    ``{"discussion_block": None}`` when the owner's policy keeps its discussion from the
    viewer, or when the owner has no discussion (it never creates one). Six queries
    whatever the size of the discussion: the discussion, a batch of top-level comments
    with their authors, their first replies, the viewer's votes on them, whether the
    viewer follows the owner, the last event id.
    """
    user = request.user
    policy = policy_for(owner)
    # The owner's page may be public while its discussion is not (a hidden proposal
    # shows its moderation reason, never its comments).
    if not policy.can_view(user, owner):
        return {"discussion_block": None}
    discussion = discussion or discussion_for(owner)
    if discussion is None:
        return {"discussion_block": None}
    page_url = page_url or request.path
    params = request.GET
    sort = SORTS.get(params.get("orden", ""), SORTS[DEFAULT_SORT])
    view = "columnas" if discussion.uses_alignment and params.get("vista") == "columnas" else ""
    cursor = params.get("despues") or None

    focused = None
    focused_comment_id = None
    permalink_id = parse_int(params.get("comentario"))
    if permalink_id is not None and not cursor:
        focused = thread_of(discussion, permalink_id)
        if focused is not None:
            focused_comment_id = permalink_id
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
        # The same for every viewer (their votes and controls come after): loaded once
        # between writes, with the live cursor it was read at (common.pagecache).
        batch, every, event_id = shared_fragment(
            "deliberation.batch",
            (discussion.pk, sort.key, cursor, tuple(exclude)),
            lambda: _batch_with_replies(discussion, sort, cursor, exclude),
        )
        threads = batch.threads
        if batch.next_cursor:
            more_params = {"orden": sort.key, "despues": batch.next_cursor}
            more_url = _url_with(batch_base, more_params)
            more_href = _url_with(page_url, more_params, "comentarios")
        roots = list(threads)
    if view == "columnas":
        every = attach_replies(roots, limit=REPLIES_SHOWN)
        event_id = last_event_id(discussion)
    if focused is not None:
        every += attach_replies([focused])
    attach_viewer_votes(user, every)

    reply_to = None
    if form is None:
        form = CommentForm(discussion=discussion)
        # "²".isdigit() is true and int("²") raises: only ASCII digits are an id.
        reply_id = parse_int(params.get("responder"))
        if reply_id is not None:
            reply_to = next((c for c in every if c.pk == reply_id), None)
            if reply_to is None:
                reply_to = reply_target(discussion, reply_id)
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
        refusal=commenting_refusal(user, discussion, owner),
        follow_button=follow_context(request, owner)["follow_button"],
        viewer_id=user.pk if user.is_authenticated else None,
        is_moderator=_is_moderator(user),
        last_event_id=event_id,
        after_cursor=cursor is not None,
        csrf_token=get_token(request),
    )
    if discussion.is_premoderated or policy.premoderated(owner):
        # Only here: other discussions cost no query for it.
        block.premoderated = True
        if user.is_authenticated:
            block.own_pending = list(
                Comment.objects.filter(
                    discussion=discussion,
                    author=user,
                    moderation_status=Comment.ModerationStatus.PENDING,
                ).order_by("created_at", "pk")[:20]
            )
    if view != "columnas" and focused is None:
        block.batch_key = repr((sort.key, cursor, tuple(exclude)))
        block.action_slots = _action_slots(block, every)
    return {"discussion_block": block}


def _action_slots(block: DiscussionBlock, comments: list[Comment]) -> dict[str, str]:
    """This viewer's controls under each comment, for the slots of the shared threads."""
    return render_slots(
        "deliberation/comment_actions.html",
        [comment.pk for comment in comments],
        {"block": block, "comments": comments},
    )


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
        more_href = _url_with(discussion.page_url(owner), more_params, "comentarios")
    return {
        "block": viewer_block(request, discussion),
        "threads": batch.threads,
        "more_url": more_url,
        "more_href": more_href,
    }
