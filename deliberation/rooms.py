"""Live rooms: any object people watch together (a discussion; next, a COSOC session and an
accountability dashboard), with an event log, broadcast on commit, catch-up and presence.

A room type registers once (``register_room``) with a ``RoomType`` that says who may join
(``access``, checked again on every catch-up), how its events' subjects are loaded and
how one is rendered to a payload. Then:

- An action writes ``record_event(Room, room_id, "comment.created", subject_id)`` inside
  its transaction: the ``RoomEvent`` row is its id and order, and the broadcast goes out
  after commit (``transaction.on_commit``), so nobody hears of a write that rolled back.
- The broadcast renders the payload once per site language, viewer-neutral (per-viewer
  controls are switched on by the page's script), and sends it to the room's group; each
  socket forwards the text in its viewer's language (``language_of_scope``). If the
  channel layer is down (Redis stopped), it logs a warning and the write stands: clients
  catch up from the database when they reconnect.
- ``catch_up(room, after)`` answers a reconnecting client from the database: one payload
  per changed subject, rendered as it is now (text hidden since never travels again).
  It reads at most ``CATCH_UP_MAX_EVENTS`` event rows and renders at most
  ``CATCH_UP_MAX_SUBJECTS`` subjects; past either, the client is told to reload.
- ``consumers.RoomConsumer`` is the socket side; ``presence`` counts who is watching.

Group names are ``group_name(model, pk)`` and nothing else: ``deliberation.discussion.7``.
"""

import asyncio
import json
import logging
import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Max, Q
from django.http.cookie import parse_cookie
from django.utils import timezone, translation
from django.utils.translation import trans_real
from redis.exceptions import RedisError

from deliberation.models import RoomEvent

logger = logging.getLogger(__name__)

# A reconnecting client is also sent recent events just below the id it resumes from:
# two transactions may commit in the opposite order of their event ids.
RESUME_OVERLAP_IDS = 200
RESUME_OVERLAP = timedelta(seconds=60)
# Past these, a client is better off reloading the page than receiving the changes: the
# event rows read (the overlap included) and the distinct subjects to render.
CATCH_UP_MAX_EVENTS = 1000
CATCH_UP_MAX_SUBJECTS = 200
# After an outage (or a deploy) every socket of a room reconnects at once and asks for
# nearly the same events: each catch-up payload is rendered once and reused for a few
# seconds (bench/README.md, "Redis restart under load"). Keyed by the event that last
# changed its subject, so a later change (an edit, a hide) is never served from here.
CATCH_UP_MEMO_SECONDS = 5.0
CATCH_UP_MEMO_ENTRIES = 5000
_memo: dict[tuple, tuple[float, dict[str, Any]]] = {}
_memo_lock = threading.Lock()
# Seconds a broadcast may take before the request that committed the write moves on.
SEND_TIMEOUT = 2.0


@dataclass(frozen=True)
class LiveEvent:
    """One event as room types see it: ``kind`` is ``<subject>.<change>``."""

    id: int
    room_id: int
    kind: str
    subject_id: int

    @property
    def subject(self) -> tuple[str, int]:
        """(what kind of row, its id): ``("comment", 42)``."""
        return self.kind.partition(".")[0], self.subject_id


@dataclass(frozen=True)
class Change:
    """What happened to one subject since the client's last event, for catch-up."""

    subject: tuple[str, int]
    room_id: int
    last_id: int
    kinds: tuple[str, ...]  # in order


class RoomType:
    """What a kind of live room tells the engine. Subclass it, set ``model``, and
    register an instance with ``register_room`` (in ``AppConfig.ready()``)."""

    model: type[models.Model]

    def access(self, user: Any, pk: int) -> models.Model:
        """The room ``pk`` if ``user`` may watch it; Http404 otherwise (a permission-
        checked fetch from the app's ``access.py``). Called on join and on every catch-up."""
        raise NotImplementedError

    def load(self, room_id: int, subjects: list[tuple[str, int]]) -> dict[tuple[str, int], Any]:
        """The subjects' rows as they are now, keyed like ``subjects`` (constant queries:
        broadcasts and catch-up count on it). Missing rows are left out."""
        raise NotImplementedError

    def payload(self, event: LiveEvent, subject: Any, *, catching_up: bool) -> dict[str, Any]:
        """The JSON sent for ``event`` (``"type": "event"``, its ``id`` and ``kind``), in the
        active language and viewer-neutral. ``catching_up``: sent in a catch-up."""
        raise NotImplementedError

    def catch_up_event(self, change: Change) -> LiveEvent:
        """The one event a catch-up sends for ``change``; by default its latest."""
        return LiveEvent(change.last_id, change.room_id, change.kinds[-1], change.subject[1])


_room_types: dict[type[models.Model], RoomType] = {}


def register_room(room_type: RoomType) -> None:
    """Make ``room_type.model`` a live room (call once, from the app's ``ready()``)."""
    _room_types[room_type.model] = room_type


def room_type_for(model: type[models.Model]) -> RoomType:
    try:
        return _room_types[model]
    except KeyError:
        raise LookupError(f"{model.__name__} is not a registered live room.") from None


def group_name(model: type[models.Model], pk: int) -> str:
    """The channel-layer group of a room: ``<app label>.<model name>.<pk>``."""
    return f"{model._meta.app_label}.{model._meta.model_name}.{pk}"


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


# --- Writing and broadcasting ------------------------------------------------------------


def record_event(model: type[models.Model], room_id: int, kind: str, subject_id: int) -> RoomEvent:
    """Write the event inside the caller's transaction; broadcast it after commit.

    For actions only (they hold the transaction). One INSERT (the room's content type is
    cached by Django after its first use).
    """
    event = RoomEvent.objects.create(
        room_type=ContentType.objects.get_for_model(model),
        room_id=room_id,
        kind=kind,
        subject_id=subject_id,
    )
    live = LiveEvent(event.pk, room_id, kind, subject_id)
    transaction.on_commit(partial(broadcast, model, live))
    return event


def send_to_group(group: str, message: dict[str, Any]) -> None:
    """Send to the room's group, giving up after ``SEND_TIMEOUT`` seconds: the request that
    committed the write is waiting, and a hung Redis would hold it for as long as the
    operating system keeps the connection (the event is in the log either way)."""

    async def send() -> None:
        await asyncio.wait_for(get_channel_layer().group_send(group, message), SEND_TIMEOUT)

    async_to_sync(send)()


def broadcast(model: type[models.Model], event: LiveEvent) -> None:
    """After commit: render ``event`` once per site language and send it to the room.

    Queries: whatever the room type's ``load`` reads for one subject (one, for comments).
    Never raises: the write is committed, and clients catch up from the database.
    """
    try:
        room_type = room_type_for(model)
        subject = room_type.load(event.room_id, [event.subject]).get(event.subject)
        if subject is None:
            return
        texts = {}
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                payload = room_type.payload(event, subject, catching_up=False)
            texts[language] = json.dumps(payload, ensure_ascii=False)
        send_to_group(group_name(model, event.room_id), {"type": "room.event", "texts": texts})
    except (OSError, RedisError, TimeoutError) as error:
        # Redis down or hung: expected during an outage, no traceback needed.
        logger.warning(
            "Live update %s not broadcast (channel layer unavailable: %r)", event.id, error
        )
    except Exception:
        logger.warning("Live update %s not broadcast", event.id, exc_info=True)


# --- Reading --------------------------------------------------------------------------------


def _events_of(room: models.Model) -> models.QuerySet:
    return RoomEvent.objects.filter(
        room_type=ContentType.objects.get_for_model(type(room)), room_id=room.pk
    )


def last_event_id(room: models.Model) -> int:
    """Where a page's live updates resume from (one query, on the resume index)."""
    return _events_of(room).aggregate(last=Max("id"))["last"] or 0


def catch_up(room: models.Model, after: int, language: str | None = None) -> dict[str, Any]:
    """What a client that saw events up to ``after`` missed, rendered as of now.

    ``{"type": "catchup", "events": [...], "last": id}``, one payload per changed subject
    (the room type's ``catch_up_event``), oldest change first; or ``{"type": "reload"}``
    past ``CATCH_UP_MAX_EVENTS`` event rows or ``CATCH_UP_MAX_SUBJECTS`` subjects.
    Queries: the events (one, bounded) and the room type's ``load`` (one for comments).
    """
    room_type = room_type_for(type(room))
    now = timezone.now()
    rows = list(
        _events_of(room)
        .filter(
            Q(id__gt=after)
            | Q(id__gt=max(0, after - RESUME_OVERLAP_IDS), created_at__gte=now - RESUME_OVERLAP)
        )
        .order_by("id")
        .values_list("id", "kind", "subject_id")[: CATCH_UP_MAX_EVENTS + 1]
    )
    if not rows:
        return {"type": "catchup", "events": [], "last": after}
    if len(rows) > CATCH_UP_MAX_EVENTS:
        return {"type": "reload"}
    kinds: dict[tuple[str, int], list[str]] = {}
    last_ids: dict[tuple[str, int], int] = {}
    for event_id, kind, subject_id in rows:
        subject = (kind.partition(".")[0], subject_id)
        kinds.setdefault(subject, []).append(kind)
        last_ids[subject] = event_id
    if len(kinds) > CATCH_UP_MAX_SUBJECTS:
        return {"type": "reload"}
    loaded = room_type.load(room.pk, list(kinds))
    changes = sorted(
        (Change(subject, room.pk, last_ids[subject], tuple(kinds[subject])) for subject in kinds),
        key=lambda change: change.last_id,
    )
    payloads = []
    language = language or settings.LANGUAGE_CODE
    with translation.override(language):
        for change in changes:
            subject = loaded.get(change.subject)
            if subject is not None:
                event = room_type.catch_up_event(change)
                payloads.append(_catch_up_payload(room_type, event, subject, language))
    return {"type": "catchup", "events": payloads, "last": max(after, rows[-1][0])}


def forget_catch_ups() -> None:
    """Empty the catch-up memo (tests: event ids repeat after a rollback)."""
    with _memo_lock:
        _memo.clear()


def _catch_up_payload(
    room_type: RoomType, event: LiveEvent, subject: Any, language: str
) -> dict[str, Any]:
    """``room_type.payload`` for a catch-up, from the memo when another socket of the room
    asked for the same event in the last ``CATCH_UP_MEMO_SECONDS`` (a copy: consumers
    change what they send)."""
    key = (room_type.model, event.room_id, event.id, event.kind, event.subject_id, language)
    now = time.monotonic()
    with _memo_lock:
        found = _memo.get(key)
    if found is not None and found[0] > now:
        return dict(found[1])
    payload = room_type.payload(event, subject, catching_up=True)
    with _memo_lock:
        if len(_memo) >= CATCH_UP_MEMO_ENTRIES:
            for stale in [k for k, (until, _p) in _memo.items() if until <= now]:
                del _memo[stale]
            if len(_memo) >= CATCH_UP_MEMO_ENTRIES:
                _memo.clear()
        _memo[key] = (now + CATCH_UP_MEMO_SECONDS, payload)
    return dict(payload)
