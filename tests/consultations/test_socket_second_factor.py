"""A moderator's socket on a hidden proposal's room follows the same rule as its page:
the staff role counts only if the socket's session passed the second factor (issue 8)."""

import time

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from channels.db import database_sync_to_async
from channels.layers import channel_layers
from channels.testing import WebsocketCommunicator
from django.contrib.sessions.backends.db import SessionStore

from accounts.models import User
from consultations.models import Proposal
from deliberation.models import Discussion
from tests.deliberation.sockets import APP

pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@database_sync_to_async
def _hidden_room(proposal) -> int:
    Proposal.objects.filter(pk=proposal.pk).update(
        moderation_status=Proposal.ModerationStatus.HIDDEN
    )
    return Discussion.objects.get(object_id=proposal.pk, content_type__model="proposal").pk


@database_sync_to_async
def _session_of(user, *, second_factor: bool) -> tuple[User, SessionStore]:
    session = SessionStore()
    records = [{"method": "password", "at": time.time()}]
    if second_factor:
        records.append({"method": "mfa", "at": time.time(), "type": "totp"})
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    # A fresh object, as the socket's auth middleware loads it: no mark of its own.
    return User.objects.get(pk=user.pk), session


async def _connect(room: int, user, session) -> tuple[bool, int | None]:
    channel_layers.backends.clear()
    communicator = WebsocketCommunicator(APP, f"/ws/discussions/{room}/")
    communicator.scope["user"] = user
    communicator.scope["session"] = session
    connected, code = await communicator.connect()
    if connected:
        await communicator.disconnect()
    return connected, code


async def test_a_session_that_skipped_the_code_cannot_watch_a_hidden_proposal(moderator, proposal):
    room = await _hidden_room(proposal)
    user, session = await _session_of(moderator, second_factor=False)
    assert await _connect(room, user, session) == (False, 4404)


async def test_a_session_that_passed_it_can(moderator, proposal):
    room = await _hidden_room(proposal)
    user, session = await _session_of(moderator, second_factor=True)
    connected, _ = await _connect(room, user, session)
    assert connected
