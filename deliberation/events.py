"""Live events of a discussion: group names, payloads, broadcasts and catch-up.

An event is a ``DiscussionEvent`` row written inside the action's transaction and
broadcast after commit, so nobody hears of a write that rolled back. Its payload is the
event id, its kind and HTML rendered from the same template partials as the page, viewer
neutral (per-viewer controls are switched on by the page's script). Catch-up renders
comments as they are *now*, so text hidden since never travels again.

Fragments are rendered once per site language (Spanish and English) and each socket is
sent the one in its viewer's language (``language_of_scope``).
If the channel layer is down (Redis stopped), broadcasting logs a warning and the write
stands: clients catch up from the database when they reconnect.
"""

import json
import logging
from datetime import timedelta
from functools import partial
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.http.cookie import parse_cookie
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import trans_real

from deliberation.models import Comment, Discussion, DiscussionEvent

logger = logging.getLogger(__name__)

TEMPLATE = "deliberation/discussion.html"
# A reconnecting client is also sent recent events just below the id it resumes from:
# two transactions may commit in the opposite order of their event ids.
RESUME_OVERLAP_IDS = 200
RESUME_OVERLAP = timedelta(seconds=60)
# Past this many changed comments, a client is better off reloading the page.
CATCH_UP_LIMIT = 200


def language_of_scope(scope: dict[str, Any]) -> str:
    """The language a WebSocket's page is shown in: the language cookie that the switch
    sets, else the browser's Accept-Language, else the site's default."""
    supported = dict(settings.LANGUAGES)
    headers = dict(scope.get("headers") or [])
    # Channels' cookie middleware fills scope["cookies"]; without it, read the header.
    cookies = scope.get("cookies") or parse_cookie(headers.get(b"cookie", b"").decode("latin-1"))
    cookie = cookies.get(settings.LANGUAGE_COOKIE_NAME)
    if cookie in supported:
        return cookie
    accept = headers.get(b"accept-language", b"").decode("latin-1")
    for code, _quality in trans_real.parse_accept_lang_header(accept):
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


def group_name(discussion_id: int) -> str:
    return f"deliberation.discussion.{discussion_id}"


def record_event(discussion_id: int, kind: str, comment: Comment) -> DiscussionEvent:
    """Write the event (inside the caller's transaction); broadcast it after commit."""
    event = DiscussionEvent.objects.create(discussion_id=discussion_id, kind=kind, comment=comment)
    transaction.on_commit(partial(broadcast_event, event.pk))
    return event


def render_comment(comment: Comment, discussion: Discussion, *, item: bool) -> str:
    """The viewer-neutral HTML of a comment: its ``<li>`` (new) or its card (changes)."""
    from deliberation.queries import LiveBlock

    if not hasattr(comment, "children"):
        comment.children = []
    comment.my_vote = 0
    partial_name = "comment_item" if item else "comment_card"
    return render_to_string(
        f"{TEMPLATE}#{partial_name}",
        {"comment": comment, "block": LiveBlock(discussion=discussion)},
    )


def _announcement(kind: str, comment: Comment) -> str:
    name = comment.author_name
    match kind:
        case DiscussionEvent.Kind.CREATED if comment.depth == 0:
            return _("Nuevo comentario de %(name)s") % {"name": name}
        case DiscussionEvent.Kind.CREATED:
            return _("Nueva respuesta de %(name)s") % {"name": name}
        case DiscussionEvent.Kind.UPDATED:
            return _("%(name)s editó su comentario") % {"name": name}
        case DiscussionEvent.Kind.DELETED:
            return _("Un comentario fue borrado por quien lo escribió")
        case DiscussionEvent.Kind.HIDDEN:
            return _("Un comentario fue ocultado por moderación")
        case DiscussionEvent.Kind.RESTORED:
            return _("Un comentario fue restaurado")
    return ""


def comment_payload(
    event_id: int, kind: str, comment: Comment, discussion: Discussion
) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "type": "event",
        "id": event_id,
        "kind": kind,
        "comment": comment.pk,
        "parent": comment.parent_id,
        "root": comment.root_id,
        "depth": comment.depth,
        "alignment": comment.alignment,
        "up": comment.upvotes,
        "down": comment.downvotes,
        "count": discussion.comment_count,
        "announce": _announcement(kind, comment),
    }
    if kind == DiscussionEvent.Kind.CREATED:
        payload["html"] = render_comment(comment, discussion, item=True)
    elif kind != DiscussionEvent.Kind.VOTED:
        payload["html"] = render_comment(comment, discussion, item=False)
    return payload


def send_to_group(discussion_id: int, message: dict[str, Any]) -> None:
    async_to_sync(get_channel_layer().group_send)(group_name(discussion_id), message)


def broadcast_event(event_id: int) -> None:
    """After commit: render the event once and send it to everyone watching.

    Queries: the event with its comment, author and discussion (one).
    """
    try:
        event = DiscussionEvent.objects.select_related(
            "comment__author", "comment__discussion"
        ).get(pk=event_id)
        comment = event.comment
        # One rendering per site language; each socket gets its viewer's (consumers.py).
        texts = {}
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                payload = comment_payload(event.pk, event.kind, comment, comment.discussion)
            texts[language] = json.dumps(payload, ensure_ascii=False)
        send_to_group(event.discussion_id, {"type": "discussion.event", "texts": texts})
    except Exception:
        # The write is committed; live clients will catch up from the database.
        logger.warning("Live update %s not broadcast", event_id, exc_info=True)


def catch_up(discussion: Discussion, after: int, language: str | None = None) -> dict[str, Any]:
    """What a client that saw events up to ``after`` missed, rendered as of now.

    One payload per changed comment (its latest event; "created" if it is new to the
    client). Queries: the events (one) and their comments with authors (one).
    """
    now = timezone.now()
    events = list(
        DiscussionEvent.objects.filter(discussion=discussion)
        .filter(
            Q(id__gt=after)
            | Q(id__gt=max(0, after - RESUME_OVERLAP_IDS), created_at__gte=now - RESUME_OVERLAP)
        )
        .order_by("id")
        .values_list("id", "kind", "comment_id")
    )
    if not events:
        return {"type": "catchup", "events": [], "last": after}
    latest: dict[int, tuple[int, str]] = {}
    created: set[int] = set()
    for event_id, kind, comment_id in events:
        latest[comment_id] = (event_id, kind)
        if kind == DiscussionEvent.Kind.CREATED:
            created.add(comment_id)
    last = max(after, events[-1][0])
    if len(latest) > CATCH_UP_LIMIT:
        return {"type": "reload", "last": last}
    comments = Comment.objects.select_related("author").in_bulk(list(latest))
    with translation.override(language or settings.LANGUAGE_CODE):
        payloads = _catch_up_payloads(latest, created, comments, discussion)
    return {"type": "catchup", "events": payloads, "last": last}


def _catch_up_payloads(
    latest: dict[int, tuple[int, str]],
    created: set[int],
    comments: dict[int, Comment],
    discussion: Discussion,
) -> list[dict[str, Any]]:
    payloads = []
    for comment_id, (event_id, kind) in sorted(latest.items(), key=lambda item: item[1][0]):
        comment = comments.get(comment_id)
        if comment is None:
            continue
        shown_kind = DiscussionEvent.Kind.CREATED if comment_id in created else kind
        if shown_kind == DiscussionEvent.Kind.VOTED:
            shown_kind = DiscussionEvent.Kind.UPDATED
        payload = comment_payload(event_id, shown_kind, comment, discussion)
        payload["announce"] = ""
        payloads.append(payload)
    return payloads
