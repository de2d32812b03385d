"""Hostile or unlucky clients: text no database can store gets a named error, and sockets are capped per browser
session (every kind counted) and per client address (a fresh session does not get around it)."""

import json

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings as django_settings

from booths.conversations.models import Message
from booths.orders.models import Order
from fair.asgi import application
from realtime import consumers
from tests.factories import make_booth
from tests.realtime.helpers import ORIGIN, connect, make_visitor_session, receive_type

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture
def booth():
    return make_booth()


# JSON as a client can write it: "\u0000" is a NUL, "\ud800" half of a surrogate pair.
UNSTORABLE = [
    ('{"type": "chat.send", "client_id": "c-1", "text": "M\\u1eadt ong\\u0000"}', "NUL in a chat text"),
    ('{"type": "chat.send", "client_id": "c-1", "text": "c\\u00f2n h\\u00e0ng \\ud800"}', "lone surrogate in a chat text"),
    ('{"type": "chat.send", "client_id": "c-\\u0000", "text": "hi"}', "NUL in a client id"),
    ('{"type": "chat.send", "client_id": "c-1", "text": "hi", "name": "Lan\\udc00"}', "lone surrogate in a name"),
    ('{"type": "order.place", "idempotency_key": "k-12345678", "lines": [{"product": "x", "quantity": 1}], '
     '"contact": {"name": "Lan", "phone": "0912345678", "address": "12 H\\u00e0ng B\\u1ea1c\\u0000", "note": "", '
     '"payment": "cod"}}', "NUL in an order's address"),
]


@pytest.mark.parametrize("raw,why", UNSTORABLE, ids=[why for _, why in UNSTORABLE])
async def test_text_no_database_can_store_gets_a_named_error_and_nothing_is_written(booth, raw, why):
    visitor = await connect(f"/ws/booths/{booth.slug}/", await make_visitor_session())
    await visitor.send_to(text_data=raw)
    error = await receive_type(visitor, "error")
    assert error["code"] == "bad_text", why
    assert "NUL" in error["message"]  # in the visitor's language (Vietnamese here), naming the character
    # The socket stays open and still works.
    await visitor.send_to(text_data=json.dumps({"type": "chat.send", "client_id": "c-ok", "text": "Còn hàng không?"}))
    assert (await receive_type(visitor, "chat.ack"))["client_id"] == "c-ok"
    assert await sync_to_async(lambda: list(Message.objects.values_list("text", flat=True)))() == ["Còn hàng không?"]
    assert await sync_to_async(Order.objects.count)() == 0
    await visitor.disconnect()


async def test_the_socket_cap_counts_every_kind_of_socket_of_one_browser(booth):
    session = await make_visitor_session()
    kinds = [f"/ws/booths/{booth.slug}/", f"/ws/halls/{booth.hall_id}/", "/ws/orders/"]
    open_ones = [await connect(kinds[n % 3], session) for n in range(consumers.MAX_SOCKETS_PER_VISITOR)]
    for path in kinds:  # whichever kind the next one is
        extra = await connect(path, session)
        assert (await receive_type(extra, "error"))["code"] == "too_many_sockets"
        assert (await extra.receive_output(timeout=1))["code"] == consumers.CLOSE_TOO_MANY
    # Closing one makes room again.
    await open_ones.pop().disconnect()
    again = await connect("/ws/orders/", session)
    assert await again.receive_nothing(timeout=0.3)
    for socket in [*open_ones, again]:
        await socket.disconnect()


async def from_address(path, session_key, address):
    headers = [ORIGIN, (b"cookie", f"{django_settings.SESSION_COOKIE_NAME}={session_key}".encode())]
    communicator = WebsocketCommunicator(application, path, headers=headers)
    communicator.scope["client"] = [address, 40000]
    connected, _ = await communicator.connect()
    assert connected
    return communicator


async def test_fresh_sessions_from_one_address_do_not_get_around_the_cap(booth, settings):
    settings.SOCKETS_PER_ADDRESS = 3
    path = f"/ws/booths/{booth.slug}/"
    mine = [await from_address(path, await make_visitor_session(), "203.0.113.7") for _ in range(3)]
    for socket in mine:
        assert (await receive_type(socket, "presence.update"))["booth"] == booth.slug
    refused = await from_address(path, await make_visitor_session(), "203.0.113.7")
    assert (await receive_type(refused, "error"))["code"] == "too_many_sockets"
    # Another address is not affected.
    other = await from_address(path, await make_visitor_session(), "198.51.100.9")
    assert (await receive_type(other, "presence.update"))["booth"] == booth.slug
    for socket in [*mine, other]:
        await socket.disconnect()
