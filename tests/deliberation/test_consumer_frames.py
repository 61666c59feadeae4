"""deliberation.consumers.RoomConsumer: whatever a client sends, the room stays up.

A frame that is not a message of the protocol (not JSON, nested past the parser's depth,
binary, oversize, of another shape) gets an ``error`` frame; the socket keeps working and
so do the others in the room.
"""

import json

import pytest
from channels.db import database_sync_to_async

from deliberation import consumers
from deliberation.actions import do_post_comment
from tests.deliberation.sockets import fresh_layer, receive_type, socket  # noqa: F401

pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("fresh_layer"),
]

NESTED = "[" * 100_000 + "]" * 100_000

BAD_TEXT_FRAMES = {
    "not JSON": "no soy JSON",
    "nested 100,000 deep": NESTED,
    "oversize": json.dumps({"type": "ping", "padding": "x" * 100_000}),
    "a string": '"ping"',
    "a number": "42",
    "null": "null",
    "a list": '[{"type": "ping"}]',
    "unknown type": '{"type": "subscribe", "room": 1}',
    "type of the wrong kind": '{"type": ["ping"]}',
    "no type": '{"after": 3}',
    "after as words": '{"type": "resume", "after": "diez"}',
    "after as a fraction": '{"type": "resume", "after": 1.5}',
    "after as a boolean": '{"type": "resume", "after": true}',
    "after as NaN": '{"type": "resume", "after": NaN}',
    "after negative": '{"type": "resume", "after": -1}',
    "after past any id": '{"type": "resume", "after": 1000000000000000000000000000000}',
    "after with 4,000 digits": '{"type": "resume", "after": ' + "9" * 4000 + "}",
}


@pytest.mark.parametrize("frame", BAD_TEXT_FRAMES.values(), ids=BAD_TEXT_FRAMES.keys())
async def test_a_bad_text_frame_gets_an_error_and_the_room_stays_up(frame, discussion, resident):
    sender = socket(discussion)
    neighbour = socket(discussion, resident)
    for communicator in (sender, neighbour):
        assert (await communicator.connect())[0]
        await receive_type(communicator, "hello")

    await sender.send_to(text_data=frame)
    error = await receive_type(sender, "error")
    assert error["errors"]
    # Spanish sentences, as form errors are.
    messages = [item["message"] for items in error["errors"].values() for item in items]
    assert all(isinstance(message, str) and message for message in messages)

    # The same socket still answers, and everyone in the room still hears events.
    await sender.send_json_to({"type": "ping"})
    assert (await receive_type(sender, "pong"))["presence"] == 2
    comment = await database_sync_to_async(do_post_comment)(
        resident, discussion=discussion, body="Sigo aquí"
    )
    for communicator in (sender, neighbour):
        assert (await receive_type(communicator, "event"))["comment"] == comment.pk
    for communicator in (sender, neighbour):
        await communicator.disconnect()


async def test_a_binary_frame_gets_an_error_and_the_socket_stays_up(discussion):
    communicator = socket(discussion)
    await communicator.connect()
    await receive_type(communicator, "hello")
    await communicator.send_to(bytes_data=b'{"type": "ping"}')
    error = await receive_type(communicator, "error")
    assert error["errors"]["__all__"][0]["code"] == "binary"
    assert error["errors"]["__all__"][0]["message"] == "Este canal solo acepta mensajes de texto."
    await communicator.send_json_to({"type": "ping"})
    await receive_type(communicator, "pong")
    await communicator.disconnect()


async def test_json_nested_past_the_parsers_depth_gets_an_error(discussion, monkeypatch):
    # Under the usual cap no frame nests deep enough to exhaust the parser: raise the cap.
    monkeypatch.setattr(consumers, "MAX_FRAME_CHARS", len(NESTED))
    communicator = socket(discussion)
    await communicator.connect()
    await receive_type(communicator, "hello")
    await communicator.send_to(text_data=NESTED)
    error = await receive_type(communicator, "error")
    assert error["errors"]["__all__"][0]["code"] == "invalid_json"
    await communicator.send_json_to({"type": "ping"})
    await receive_type(communicator, "pong")
    await communicator.disconnect()


async def test_an_oversize_frame_is_refused_before_it_is_parsed(discussion, monkeypatch):
    loads = json.loads

    def parse(text, *args, **kwargs):
        assert len(text) <= consumers.MAX_FRAME_CHARS, "an oversize frame reached the parser"
        return loads(text, *args, **kwargs)

    communicator = socket(discussion)
    await communicator.connect()
    await receive_type(communicator, "hello")
    monkeypatch.setattr(consumers.json, "loads", parse)
    await communicator.send_to(text_data=" " * (consumers.MAX_FRAME_CHARS + 1))
    error = await receive_type(communicator, "error")
    assert error["errors"]["__all__"] == [
        {"message": "El mensaje es demasiado largo.", "code": "too_large"}
    ]
    await communicator.disconnect()


async def test_errors_name_the_field_and_are_in_spanish(discussion):
    communicator = socket(discussion)
    await communicator.connect()
    await receive_type(communicator, "hello")
    await communicator.send_to(text_data="no soy JSON")
    assert (await receive_type(communicator, "error"))["errors"] == {
        "__all__": [{"message": "El mensaje no es JSON válido.", "code": "invalid_json"}]
    }
    await communicator.send_json_to({"type": "resume", "after": 10**30})
    assert list((await receive_type(communicator, "error"))["errors"]) == ["after"]
    # A valid resume afterwards is answered: the refusal came from the value.
    await communicator.send_json_to({"type": "resume", "after": 0})
    await receive_type(communicator, "catchup")
    await communicator.disconnect()
