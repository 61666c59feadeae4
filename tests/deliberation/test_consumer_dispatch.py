"""RoomConsumer.dispatch: the room's broadcasts skip Channels' database clean-up before each
handler (a hop through the thread-sensitive executor per socket and message); every other
message still gets it."""

import asyncio

import pytest
from channels import consumer as channels_consumer

from deliberation.consumers import DiscussionConsumer


@pytest.fixture
def cleanups(monkeypatch):
    calls = []

    async def counted():
        calls.append(1)

    monkeypatch.setattr(channels_consumer, "aclose_old_connections", counted)
    return calls


def room_socket():
    socket = DiscussionConsumer()
    socket.paused = False
    socket.joined = True
    socket.language = "es-cl"
    socket.viewer_tag = ""
    sent = []

    async def send(message):
        sent.append(message)

    socket.base_send = send
    return socket, sent


def test_broadcasts_are_sent_without_the_clean_up(cleanups):
    socket, sent = room_socket()
    asyncio.run(socket.dispatch({"type": "room.event", "texts": {"es-cl": '{"type": "event"}'}}))
    asyncio.run(socket.dispatch({"type": "room.presence", "count": 3}))
    assert [message["text"] for message in sent] == [
        '{"type": "event"}',
        '{"type": "presence", "count": 3}',
    ]
    assert cleanups == []


def test_other_messages_still_clean_up(cleanups):
    socket, _sent = room_socket()
    socket.joined = False  # room.unavailable before joining does nothing but clean up
    asyncio.run(socket.dispatch({"type": "room.unavailable"}))
    assert cleanups == [1]
