"""deliberation.consumers.RoomConsumer with Redis unreachable: the socket is accepted, told
that live updates are paused ({"type": "paused"}) and closed with 4503, and the page
retries; nothing crashes. Access is still checked first."""

import logging

import pytest
from channels.layers import InMemoryChannelLayer, get_channel_layer

from deliberation import consumers, presence
from tests.deliberation.sockets import (  # noqa: F401  (fresh_layer: a fixture)
    UNREACHABLE_LAYERS,
    fresh_layer,
    receive_close,
    receive_type,
    socket,
)

pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("fresh_layer"),
]

# A port where nothing listens.
NOWHERE = "redis://127.0.0.1:6399/0"


class FailsLaterLayer(InMemoryChannelLayer):
    """Up when the socket joins; its receive fails once ``down`` is set."""

    down = False

    async def receive(self, channel):
        if FailsLaterLayer.down:
            raise ConnectionError("Connection closed by server.")
        return await super().receive(channel)


@pytest.fixture
def unreachable_layer(settings) -> None:
    settings.CHANNEL_LAYERS = UNREACHABLE_LAYERS


async def assert_paused(communicator) -> None:
    connected, _ = await communicator.connect()
    assert connected
    assert await communicator.receive_json_from() == {"type": "paused"}
    assert await receive_close(communicator) == {"type": "websocket.close", "code": 4503}


@pytest.mark.usefixtures("unreachable_layer")
async def test_the_socket_is_told_live_updates_are_paused_when_the_layer_fails(discussion, caplog):
    with caplog.at_level(logging.WARNING, logger="deliberation.consumers"):
        await assert_paused(socket(discussion))
    assert f"Live room deliberation.discussion.{discussion.pk} unavailable" in caplog.text


async def test_the_socket_is_told_live_updates_are_paused_when_redis_is_down(discussion, settings):
    pytest.importorskip("channels_redis")
    settings.REDIS_URL = NOWHERE
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [NOWHERE], "prefix": "cabildo-test"},
        }
    }
    await assert_paused(socket(discussion))


@pytest.mark.usefixtures("unreachable_layer")
async def test_access_is_checked_before_anything_is_said(discussion, resident, owner_rules):
    owner_rules.visible = False
    connected, code = await socket(discussion, resident).connect()
    assert not connected
    assert code == 4404


async def test_presence_failing_on_a_ping_pauses_the_socket(discussion, monkeypatch):
    communicator = socket(discussion)
    await communicator.connect()
    await receive_type(communicator, "hello")

    async def touch(room, channel_name):
        raise ConnectionError("Redis is gone")

    monkeypatch.setattr(presence.backend(), "touch", touch)
    await communicator.send_json_to({"type": "ping"})
    assert await receive_type(communicator, "paused") == {"type": "paused"}
    assert (await receive_close(communicator))["code"] == consumers.CLOSE_PAUSED


async def test_the_layer_failing_while_watching_pauses_the_socket(discussion, settings):
    settings.CHANNEL_LAYERS = {
        "default": {"BACKEND": "tests.deliberation.test_consumer_paused.FailsLaterLayer"}
    }
    FailsLaterLayer.down = False
    watching = socket(discussion)
    await watching.connect()
    await receive_type(watching, "hello")
    FailsLaterLayer.down = True
    # The layer's receive is already waiting: a message wakes it, and the next one fails.
    await get_channel_layer().group_send(
        f"deliberation.discussion.{discussion.pk}", {"type": "room.presence", "count": 1}
    )
    assert await receive_type(watching, "paused") == {"type": "paused"}
    assert (await receive_close(watching))["code"] == consumers.CLOSE_PAUSED
    await watching.disconnect()
