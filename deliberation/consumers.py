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

Protocol (JSON text frames):
  server → client  {"type": "hello", "presence": N}
                   {"type": "event", "id", "kind", ..., "mine": bool}   (the room type's
                   payload; "mine" when the payload names an owner: see below)
                   {"type": "catchup", "events": [...], "last": id} | {"type": "reload"}
                   {"type": "presence", "count": N}   {"type": "pong", "presence": N}
                   {"type": "error", "errors": {field: [{"message", "code"}]}}  (a frame
                   that is not a protocol message: the socket stays open; "__all__" for a
                   frame that is binary, longer than MAX_FRAME_CHARS or not JSON)
                   {"type": "paused"}  (Redis unreachable: live updates are paused; the
                   socket closes with 4503 right after)
  client → server  {"type": "resume", "after": last_event_id_seen}
                   (on every (re)connection; at most once per RESUME_INTERVAL seconds)
                   {"type": "ping"}   (every 25 s: renews presence, detects a dead server)

Nothing sent to a socket carries a user id. A payload that belongs to someone (a comment,
to its author) names them under OWNER_KEY, last, as ``owner_tag(user pk)``; the consumer
removes it from every frame and tells each socket "mine": true or false.

Close codes (4000-4999 are the application's):
  4404  the room does not exist or the viewer may not watch it (on join: the handshake is
        refused, HTTP 403; on resume: access was withdrawn meanwhile, and the page stops
        retrying)
  4429  the client asked for catch-up again before RESUME_INTERVAL seconds passed
  4503  the channel layer or the presence store is unavailable (Redis down), after a
        {"type": "paused"} frame; the page shows that live updates are paused and retries
        with backoff, catching up once it reconnects
"""

import asyncio
import contextlib
import hmac
import json
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, ClassVar

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.db import models
from django.http import Http404
from django.utils import translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from accounts.roles import mark_from_session
from deliberation import presence
from deliberation.forms import ClientMessageForm
from deliberation.models import Discussion
from deliberation.rooms import catch_up, group_name, language_of_scope, room_type_for

logger = logging.getLogger(__name__)

CLOSE_NOT_FOUND = 4404
CLOSE_TOO_MANY_REQUESTS = 4429
CLOSE_PAUSED = 4503
# Seconds a socket waits between two catch-ups: the page asks once per connection, so a
# client asking faster is misbehaving (each catch-up reads and renders from the database).
RESUME_INTERVAL = 5.0
# The page's messages are under 100 characters; longer frames are refused unread.
MAX_FRAME_CHARS = 4096

OWNER_KEY = "_owner"
# The end of a broadcast text whose payload names its owner (json.dumps' separators; the
# key is the payload's last and its value hexadecimal, so the text ends there).
_OWNER_TAIL = f', "{OWNER_KEY}": "'

NOT_TEXT = _("Este canal solo acepta mensajes de texto.")
TOO_LARGE = _("El mensaje es demasiado largo.")
NOT_JSON = _("El mensaje no es JSON válido.")


def owner_tag(user_pk: int) -> str:
    """What a payload carries under ``OWNER_KEY`` for the person it belongs to: opaque,
    and never sent to a client (the consumer turns it into "mine")."""
    return salted_hmac(
        "deliberation.consumers.owner_tag", str(user_pk), algorithm="sha256"
    ).hexdigest()[:32]


@database_sync_to_async
def _access(model: type[models.Model], user: Any, pk: int, session: Any = None) -> str:
    """The viewer's ``owner_tag`` ("" signed out) if they may watch room ``pk``; Http404
    otherwise. Staff roles count only if the socket's session passed the second factor
    (``accounts.roles``), as for pages."""
    mark_from_session(user, session)
    room_type_for(model).access(user, pk)
    return owner_tag(user.pk) if user.is_authenticated else ""


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
    accepted = False
    paused = False
    layer_down = False
    language = ""
    viewer_tag = ""
    last_resume = float("-inf")

    # Channels assigns ``channel_receive`` in ``__call__`` and awaits it in a task of its
    # own, started before ``connect()``: a layer that raises there (Redis gone) would end
    # the socket with 1011 before any handler ran. Kept behind this property, a failing
    # layer becomes a message to this consumer instead (``room_unavailable``).
    @property
    def channel_receive(self) -> Callable[[], Awaitable[dict[str, Any]]]:
        return self._receive_from_layer

    @channel_receive.setter
    def channel_receive(self, receive: Callable[[], Awaitable[dict[str, Any]]]) -> None:
        self._layer_receive = receive

    async def _receive_from_layer(self) -> dict[str, Any]:
        if not self.layer_down:
            try:
                return await self._layer_receive()
            except Exception:
                logger.warning("Channel layer unavailable to %s", self.channel_name, exc_info=True)
                self.layer_down = True
                return {"type": "room.unavailable"}
        # Said once; wait until the socket ends (this task is cancelled then).
        return await asyncio.get_running_loop().create_future()

    async def connect(self) -> None:
        self.room_pk = self.scope["url_route"]["kwargs"]["pk"]
        self.group = group_name(self.room_model, self.room_pk)
        self.language = language_of_scope(self.scope)
        try:
            self.viewer_tag = await _access(
                self.room_model, self.scope["user"], self.room_pk, self.scope.get("session")
            )
        except Http404:
            # Closing before accepting refuses the handshake (HTTP 403).
            await self.close(code=CLOSE_NOT_FOUND)
            return
        if self.layer_down:
            logger.warning("Live room %s unavailable (channel layer down)", self.group)
            await self._pause()
            return
        try:
            await self.channel_layer.group_add(self.group, self.channel_name)
            count = await presence.backend().join(self.group, self.channel_name)
        except Exception:
            logger.warning("Live room %s unavailable", self.group, exc_info=True)
            with contextlib.suppress(Exception):
                await self.channel_layer.group_discard(self.group, self.channel_name)
            await self._pause()
            return
        self.joined = True
        await self._accept()
        await self.send_json({"type": "hello", "presence": count})
        presence.schedule_broadcast(self.group, self.channel_layer)

    async def _accept(self) -> None:
        self.accepted = True
        await self.accept()

    async def _pause(self) -> None:
        """Tell the client live updates are paused (Redis unreachable) and close: the page
        says so and retries with backoff. Accepted first, so the client can tell this
        from a refusal (which the browser only sees as a failed handshake)."""
        if self.paused:
            return
        self.paused = True
        if not self.accepted:
            await self._accept()
        await self.send_json({"type": "paused"})
        await self.close(code=CLOSE_PAUSED)

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

    async def receive(
        self, text_data: str | None = None, bytes_data: bytes | None = None, **kwargs: Any
    ) -> None:
        """Any frame: refused with an ``error`` frame unless it is a short JSON text (the
        socket and the room stay up whatever arrives)."""
        if self.paused:
            return
        if text_data is None:
            await self._refuse("binary", NOT_TEXT)
            return
        if len(text_data) > MAX_FRAME_CHARS:
            await self._refuse("too_large", TOO_LARGE)
            return
        try:
            content = json.loads(text_data)
        except (ValueError, RecursionError):
            # ValueError: not JSON, or an integer past Python's digit limit; RecursionError:
            # nested deeper than the parser goes.
            await self._refuse("invalid_json", NOT_JSON)
            return
        await self.receive_json(content)

    async def _refuse(self, code: str, message: Any) -> None:
        with translation.override(self.language):
            errors = {"__all__": [{"message": str(message), "code": code}]}
        await self.send_json({"type": "error", "errors": errors})

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        with translation.override(self.language):
            form = ClientMessageForm(content if isinstance(content, dict) else {})
            if not form.is_valid():
                errors = form.errors.get_json_data()
                await self.send_json({"type": "error", "errors": errors})
                return
        if form.cleaned_data["type"] == "ping":
            await self._pong()
        else:
            await self._resume(form.cleaned_data["after"] or 0)

    async def _pong(self) -> None:
        try:
            count = await presence.backend().touch(self.group, self.channel_name)
        except Exception:
            logger.warning("Live room %s unavailable", self.group, exc_info=True)
            await self._pause()
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
        for payload in result.get("events", []):
            self._for_viewer(payload)
        await self.send_json(result)

    def _for_viewer(self, payload: dict[str, Any]) -> None:
        """Replace the payload's owner, if any, with whether it is this viewer."""
        if OWNER_KEY in payload:
            tag = payload.pop(OWNER_KEY)
            payload["mine"] = bool(self.viewer_tag) and hmac.compare_digest(tag, self.viewer_tag)

    def _text_for_viewer(self, text: str) -> str:
        # Every socket of the room gets the same text: changed by slicing its known end,
        # not by parsing it again (the fan-out's cost is per socket).
        start = text.rfind(_OWNER_TAIL)
        if start == -1:
            return text
        tag = text[start + len(_OWNER_TAIL) : -2]
        if text.endswith('"}') and tag.isalnum() and tag.isascii():
            mine = bool(self.viewer_tag) and hmac.compare_digest(tag, self.viewer_tag)
            return text[:start] + (', "mine": true}' if mine else ', "mine": false}')
        # Another layout (never produced by ``rooms.broadcast`` today): parse it.
        payload = json.loads(text)
        self._for_viewer(payload)
        return json.dumps(payload, ensure_ascii=False)

    # Group messages. Events come pre-rendered once per language by the broadcaster and
    # are sent as they are, but for "mine".

    # The room's broadcasts only send text already rendered: no database.
    SEND_ONLY = frozenset({"room.event", "room.presence"})

    async def dispatch(self, message: dict[str, Any]) -> None:
        """Channels closes stale database connections before every handler, a hop through
        the process's one thread-sensitive executor: for a broadcast, one per socket (500
        per comment in a process holding 500 sockets), and the requests the process
        serves wait behind them (bench/README.md, "Live fan-out"). The send-only
        handlers skip it; every other message (and ``database_sync_to_async``) still
        cleans up."""
        if message["type"] in self.SEND_ONLY:
            await getattr(self, get_handler_name(message))(message)
            return
        await super().dispatch(message)

    async def room_event(self, message: dict[str, Any]) -> None:
        if self.paused:
            return
        texts = message["texts"]
        text = texts.get(self.language) or next(iter(texts.values()))
        await self.send(text_data=self._text_for_viewer(text))

    async def room_presence(self, message: dict[str, Any]) -> None:
        if self.paused:
            return
        await self.send_json({"type": "presence", "count": message["count"]})

    async def room_unavailable(self, message: dict[str, Any]) -> None:
        """The channel layer failed (see ``channel_receive``): pause once joined; before
        ``connect()`` ran, it pauses there, after checking access."""
        if self.joined:
            await self._pause()


class DiscussionConsumer(RoomConsumer):
    """``/ws/discussions/<id>/`` (``events.DiscussionRoom``)."""

    room_model = Discussion
