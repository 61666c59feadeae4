"""WebSocket consumers of live rooms (``rooms``): ``RoomConsumer`` and the discussions' one.

A room's consumer is a subclass that names its room model; the registered ``RoomType``
does the rest (who may join, what events look like)::

    class SessionConsumer(RoomConsumer):
        room_model = Session

    path("ws/sessions/<int:pk>/", SessionConsumer.as_asgi())

Asynchronous, unlike the project's default (STYLE.md §4), for a measured reason: an
event is fanned out to every socket in the room, and a synchronous consumer handles each
delivery through a thread hop (``database_sync_to_async``), all of a process's sockets
queueing on one thread. See bench/README.md ("Live fan-out"). Database work
(authorisation, catch-up) still runs in sync code through ``database_sync_to_async``.
Consumers never write to the database: writes go through views and actions, which
broadcast here after commit.

Protocol (JSON):
  server → client  {"type": "hello", "presence": N}
                   {"type": "event", "id", "kind", ...}   (the room type's payload)
                   {"type": "catchup", "events": [...], "last": id} | {"type": "reload"}
                   {"type": "presence", "count": N}   {"type": "pong", "presence": N}
                   {"type": "error", "errors": {...}}  (a malformed message)
  client → server  {"type": "resume", "after": last_event_id_seen}
                   (on every (re)connection; at most once per RESUME_INTERVAL seconds)
                   {"type": "ping"}   (every 25 s: renews presence, detects a dead server)

Close codes (4000-4999 are the application's):
  4404  the room does not exist or the viewer may not watch it (on join: the handshake is
        refused, HTTP 403; on resume: access was withdrawn meanwhile, and the page stops
        retrying)
  4429  the client asked for catch-up again before RESUME_INTERVAL seconds passed
  1011  the channel layer or the presence store is unavailable (Redis down); the page
        retries with backoff
"""

import logging
import time
from typing import Any, ClassVar

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.db import models
from django.http import Http404

from deliberation import presence
from deliberation.forms import ClientMessageForm
from deliberation.models import Discussion
from deliberation.rooms import catch_up, group_name, language_of_scope, room_type_for

logger = logging.getLogger(__name__)

CLOSE_NOT_FOUND = 4404
CLOSE_TOO_MANY_REQUESTS = 4429
CLOSE_UNAVAILABLE = 1011
# Seconds a socket waits between two catch-ups: the page asks once per connection, so a
# client asking faster is misbehaving (each catch-up reads and renders from the database).
RESUME_INTERVAL = 5.0


@database_sync_to_async
def _access(model: type[models.Model], user: Any, pk: int) -> models.Model:
    return room_type_for(model).access(user, pk)


@database_sync_to_async
def _catch_up(
    model: type[models.Model], user: Any, pk: int, after: int, language: str
) -> dict[str, Any] | None:
    # Authorisation again: the room or its owner may have been hidden since the join.
    try:
        room = room_type_for(model).access(user, pk)
    except Http404:
        return None
    return catch_up(room, after, language)


class RoomConsumer(AsyncJsonWebsocketConsumer):
    """One socket in one live room: ``/ws/<rooms>/<pk>/`` (``pk`` in the URL route)."""

    room_model: ClassVar[type[models.Model]]
    room_pk = 0
    group = ""
    joined = False
    language = ""
    last_resume = float("-inf")

    async def connect(self) -> None:
        self.room_pk = self.scope["url_route"]["kwargs"]["pk"]
        self.group = group_name(self.room_model, self.room_pk)
        self.language = language_of_scope(self.scope)
        try:
            await _access(self.room_model, self.scope["user"], self.room_pk)
        except Http404:
            # Closing before accepting refuses the handshake (HTTP 403).
            await self.close(code=CLOSE_NOT_FOUND)
            return
        try:
            await self.channel_layer.group_add(self.group, self.channel_name)
            count = await presence.backend().join(self.group, self.channel_name)
        except Exception:
            logger.warning("Live room %s unavailable", self.group, exc_info=True)
            await self.close(code=CLOSE_UNAVAILABLE)
            return
        self.joined = True
        await self.accept()
        await self.send_json({"type": "hello", "presence": count})
        presence.schedule_broadcast(self.group, self.channel_layer)

    async def disconnect(self, code: int) -> None:
        if not self.joined:
            return
        self.joined = False
        try:
            await self.channel_layer.group_discard(self.group, self.channel_name)
            await presence.backend().leave(self.group, self.channel_name)
            presence.schedule_broadcast(self.group, self.channel_layer)
        except Exception:
            logger.info("Could not leave live room %s cleanly", self.group, exc_info=True)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        form = ClientMessageForm(content if isinstance(content, dict) else {})
        if not form.is_valid():
            await self.send_json({"type": "error", "errors": form.errors.get_json_data()})
            return
        if form.cleaned_data["type"] == "ping":
            await self._pong()
        else:
            await self._resume(form.cleaned_data["after"] or 0)

    async def _pong(self) -> None:
        try:
            count = await presence.backend().touch(self.group, self.channel_name)
        except Exception:
            # Redis is gone: tell the client, which shows "en pausa" and retries.
            await self.close(code=CLOSE_UNAVAILABLE)
            return
        await self.send_json({"type": "pong", "presence": count})

    async def _resume(self, after: int) -> None:
        now = time.monotonic()
        if now - self.last_resume < RESUME_INTERVAL:
            await self.close(code=CLOSE_TOO_MANY_REQUESTS)
            return
        self.last_resume = now
        result = await _catch_up(
            self.room_model, self.scope["user"], self.room_pk, after, self.language
        )
        if result is None:
            await self.close(code=CLOSE_NOT_FOUND)
            return
        await self.send_json(result)

    # Group messages. Events come pre-rendered once per language by the broadcaster and
    # are sent as they are.

    async def room_event(self, message: dict[str, Any]) -> None:
        texts = message["texts"]
        await self.send(text_data=texts.get(self.language) or next(iter(texts.values())))

    async def room_presence(self, message: dict[str, Any]) -> None:
        await self.send_json({"type": "presence", "count": message["count"]})


class DiscussionConsumer(RoomConsumer):
    """``/ws/discussions/<id>/`` (``events.DiscussionRoom``)."""

    room_model = Discussion
