"""What the live-room consumer tests share: the socket application, a fresh channel layer
per test, a layer whose Redis is gone, and helpers to open a socket and wait for a kind
of message."""

from collections.abc import Iterator

import pytest
from channels.layers import InMemoryChannelLayer, channel_layers
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser

from config.routing import websocket_urlpatterns
from deliberation import presence

APP = URLRouter(websocket_urlpatterns)


class UnreachableLayer(InMemoryChannelLayer):
    """A channel layer whose server is gone (Redis stopped): every call that would reach
    it fails, as channels_redis's do."""

    async def group_add(self, group: str, channel: str) -> None:
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6399. Connection refused.")

    async def group_send(self, group: str, message: dict) -> None:
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6399. Connection refused.")

    async def receive(self, channel: str) -> dict:
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6399. Connection refused.")


UNREACHABLE_LAYERS = {"default": {"BACKEND": "tests.deliberation.sockets.UnreachableLayer"}}


@pytest.fixture
def fresh_layer(monkeypatch) -> Iterator[None]:
    # The in-memory layer's queues belong to one event loop: one per test.
    channel_layers.backends.clear()
    presence._backend = None
    monkeypatch.setattr(presence, "BROADCAST_DELAY", 0.05)
    yield
    channel_layers.backends.clear()
    presence._backend = None


def socket(discussion, user=None) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(APP, f"/ws/discussions/{discussion.pk}/")
    communicator.scope["user"] = user or AnonymousUser()
    return communicator


async def receive_type(communicator: WebsocketCommunicator, kind: str, timeout: float = 2) -> dict:
    """The next message of type ``kind``, skipping presence counts and others."""
    while True:
        message = await communicator.receive_json_from(timeout=timeout)
        if message["type"] == kind:
            return message


async def receive_close(communicator: WebsocketCommunicator, timeout: float = 2) -> dict:
    """The close that ends the socket, after whatever frames came before it."""
    while True:
        output = await communicator.receive_output(timeout=timeout)
        if output["type"] == "websocket.close":
            return output
