"""The live room of a discussion: ``/ws/discussions/<id>/``.

Asynchronous, unlike the project's default (STYLE.md §4), for a measured reason: a
comment is fanned out to every socket in the room, and a synchronous consumer handles
each delivery through a thread hop (``database_sync_to_async``), all of a process's
sockets queueing on one thread. See bench/README.md ("Live fan-out"). Database work
(authorisation, catch-up) still runs in sync code through ``database_sync_to_async``.

Protocol (JSON):
  server → client  {"type": "hello", "presence": N}
                   {"type": "event", "id", "kind", "comment", "html", ...}  (events.py)
                   {"type": "catchup", "events": [...], "last": id} | {"type": "reload"}
                   {"type": "presence", "count": N}   {"type": "pong", "presence": N}
  client → server  {"type": "resume", "after": last_event_id_seen}
                   {"type": "ping"}   (every 30 s: renews presence, detects a dead server)
The consumer never writes to the database: comments, votes and edits go through the
views and actions, which broadcast here after commit.
"""

import logging
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.http import Http404

from deliberation import presence
from deliberation.access import access_discussion, can_view_discussion
from deliberation.events import catch_up, group_name, language_of_scope
from deliberation.forms import ClientMessageForm

logger = logging.getLogger(__name__)

# Close codes (4000-4999 are the application's).
CLOSE_NOT_FOUND = 4404
CLOSE_UNAVAILABLE = 1011


@database_sync_to_async
def _access(user: Any, pk: int) -> Any:
    return access_discussion(user, pk)


@database_sync_to_async
def _catch_up(user: Any, discussion: Any, after: int, language: str) -> dict[str, Any] | None:
    discussion.refresh_from_db(fields=["comment_count", "is_closed"])
    if not can_view_discussion(user, discussion):
        return None
    return catch_up(discussion, after, language)


class DiscussionConsumer(AsyncJsonWebsocketConsumer):
    discussion: Any = None
    joined = False
    language = ""

    async def connect(self) -> None:
        pk = self.scope["url_route"]["kwargs"]["pk"]
        self.language = language_of_scope(self.scope)
        try:
            self.discussion = await _access(self.scope["user"], pk)
        except Http404:
            # Closing before accepting refuses the handshake (HTTP 403).
            await self.close(code=CLOSE_NOT_FOUND)
            return
        try:
            await self.channel_layer.group_add(group_name(pk), self.channel_name)
            count = await presence.backend().join(pk, self.channel_name)
        except Exception:
            logger.warning("Live room %s unavailable", pk, exc_info=True)
            await self.close(code=CLOSE_UNAVAILABLE)
            return
        self.joined = True
        await self.accept()
        await self.send_json({"type": "hello", "presence": count})
        presence.schedule_broadcast(pk, self.channel_layer)

    async def disconnect(self, code: int) -> None:
        if not self.joined:
            return
        pk = self.discussion.pk
        self.joined = False
        try:
            await self.channel_layer.group_discard(group_name(pk), self.channel_name)
            await presence.backend().leave(pk, self.channel_name)
            presence.schedule_broadcast(pk, self.channel_layer)
        except Exception:
            logger.info("Could not leave live room %s cleanly", pk, exc_info=True)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        form = ClientMessageForm(content if isinstance(content, dict) else {})
        if not form.is_valid():
            await self.send_json({"type": "error", "errors": form.errors.get_json_data()})
            return
        if form.cleaned_data["type"] == "ping":
            try:
                count = await presence.backend().touch(self.discussion.pk, self.channel_name)
            except Exception:
                # Redis is gone: tell the client, which shows "en pausa" and retries.
                await self.close(code=CLOSE_UNAVAILABLE)
                return
            await self.send_json({"type": "pong", "presence": count})
            return
        after = form.cleaned_data["after"] or 0
        result = await _catch_up(self.scope["user"], self.discussion, after, self.language)
        if result is None:
            await self.close(code=CLOSE_NOT_FOUND)
            return
        await self.send_json(result)

    # Group messages: pre-rendered once per language by the broadcaster, sent as they are.

    async def discussion_event(self, message: dict[str, Any]) -> None:
        texts = message["texts"]
        await self.send(text_data=texts.get(self.language) or next(iter(texts.values())))

    async def discussion_presence(self, message: dict[str, Any]) -> None:
        await self.send_json({"type": "presence", "count": message["count"]})
