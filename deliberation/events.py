"""A discussion as a live room (``rooms``): its events, their payloads and its catch-up.

Comment actions call ``record_comment_event(comment, CommentEvent.CREATED)`` inside
their transaction. The payload is the event id, its kind, the comment's place in the
page (parent, root, depth, stance), its counts and HTML rendered from the page's own
partials (``discussion.html#comment_item`` for a new comment, ``#comment_card`` for a
change), viewer-neutral: CSRF fields empty and per-viewer controls hidden, which the
page's script fills and shows for the person watching. Votes travel as counts. Catch-up
sends each changed comment once, as it is now ("created" if the client never saw it).

No user id travels: the author is named by ``consumers.owner_tag`` under
``consumers.OWNER_KEY``, which each socket receives as "mine": true or false.
"""

from enum import StrEnum
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from deliberation.access import access_discussion
from deliberation.blocks import LiveBlock
from deliberation.consumers import OWNER_KEY, owner_tag
from deliberation.models import Comment, Discussion, RoomEvent
from deliberation.rooms import Change, LiveEvent, RoomType, record_event

TEMPLATE = "deliberation/discussion.html"


class CommentEvent(StrEnum):
    CREATED = "comment.created"
    UPDATED = "comment.updated"
    DELETED = "comment.deleted"
    VOTED = "comment.voted"
    HIDDEN = "comment.hidden"
    RESTORED = "comment.restored"


def record_comment_event(comment: Comment, kind: CommentEvent) -> RoomEvent:
    """Record ``kind`` for ``comment`` in its discussion's room (inside the action's
    transaction; broadcast after commit)."""
    return record_event(Discussion, comment.discussion_id, kind, comment.pk)


def render_comment(comment: Comment, discussion: Discussion, *, item: bool) -> str:
    """The viewer-neutral HTML of a comment: its ``<li>`` (new) or its card (changes)."""
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
        case CommentEvent.CREATED if comment.depth == 0:
            return _("Nuevo comentario de %(name)s") % {"name": name}
        case CommentEvent.CREATED:
            return _("Nueva respuesta de %(name)s") % {"name": name}
        case CommentEvent.UPDATED:
            return _("%(name)s editó su comentario") % {"name": name}
        case CommentEvent.DELETED:
            return _("Un comentario fue borrado por quien lo escribió")
        case CommentEvent.HIDDEN:
            return _("Un comentario fue ocultado por moderación")
        case CommentEvent.RESTORED:
            return _("Un comentario fue restaurado")
    return ""


def comment_payload(event_id: int, kind: str, comment: Comment, *, announce: bool) -> dict:
    """The JSON of one comment event (the discussion is ``comment.discussion``); its
    author's ``owner_tag`` comes last, for the consumer to replace with "mine"."""
    discussion = comment.discussion
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
        "announce": _announcement(kind, comment) if announce else "",
    }
    if comment.left_thread:
        # Deleted before anyone replied: the page drops it (no placeholder), whatever
        # happened to it before (a catch-up may send "created" for it).
        payload["removed"] = True
    elif kind == CommentEvent.CREATED:
        payload["html"] = render_comment(comment, discussion, item=True)
    elif kind != CommentEvent.VOTED:
        payload["html"] = render_comment(comment, discussion, item=False)
    payload[OWNER_KEY] = owner_tag(comment.author_id)
    return payload


class DiscussionRoom(RoomType):
    """``/ws/discussions/<id>/``: whoever may read the discussion's owner watches it."""

    model = Discussion

    def access(self, user: Any, pk: int) -> Discussion:
        return access_discussion(user, pk)

    def load(self, room_id: int, subjects: list[tuple[str, int]]) -> dict[tuple[str, int], Any]:
        """The comments with their authors and discussion (one query)."""
        ids = [pk for kind, pk in subjects if kind == "comment"]
        comments = Comment.objects.select_related("author", "speaks_for", "discussion").filter(
            discussion_id=room_id, pk__in=ids
        )
        return {("comment", comment.pk): comment for comment in comments}

    def payload(self, event: LiveEvent, subject: Any, *, catching_up: bool) -> dict[str, Any]:
        # A catch-up arrives in a burst: no announcement per comment (the script says how
        # many arrived).
        return comment_payload(event.id, event.kind, subject, announce=not catching_up)

    def catch_up_event(self, change: Change) -> LiveEvent:
        """New to the client: "created" (whatever happened since); else the latest
        change, with votes shown as an update of the whole card."""
        if CommentEvent.CREATED in change.kinds:
            kind = CommentEvent.CREATED
        elif change.kinds[-1] == CommentEvent.VOTED:
            kind = CommentEvent.UPDATED
        else:
            kind = change.kinds[-1]
        return LiveEvent(change.last_id, change.room_id, kind, change.subject[1])
