"""Presence on hall, booth and console sockets; every error path answers with `error` and keeps the socket open."""

import asyncio
import json

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer

from booths.conversations import services as booth_services
from booths.conversations.models import Message
from realtime import consumers, presence, protocol
from tests.factories import make_booth, make_fair, make_hall, make_user
from tests.realtime.helpers import connect, drain, make_user_session, make_visitor_session, receive, receive_type, send

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture
def booth():
    return make_booth()


async def test_hall_sees_visitors_and_producer_come_and_go(booth):
    producer = await sync_to_async(make_user)(producer=booth.producer)
    hall = await connect(f"/ws/halls/{booth.hall_id}/", await make_visitor_session())
    first = await receive_type(hall, "presence.update")
    assert first == {"type": "presence.update", "booth": booth.slug, "visitors": 0, "producer_online": False}
    visitor = await connect(f"/ws/booths/{booth.slug}/", await make_visitor_session())
    assert (await receive_type(hall, "presence.update", timeout=3))["visitors"] == 1
    console = await connect("/ws/producer/", await make_user_session(producer))
    update = await receive_type(hall, "presence.update", timeout=3)
    while not update["producer_online"]:
        update = await receive_type(hall, "presence.update", timeout=3)
    assert update["visitors"] == 1
    # The visitor in the booth is told the producer is online too.
    seen = [m for m in await drain(visitor, timeout=1.2) if m["type"] == "presence.update"]
    assert seen[-1]["producer_online"] is True
    await send(console, type="presence.status", status="away")
    await asyncio.sleep(1.1)
    assert (await receive_type(hall, "presence.update", timeout=3))["producer_online"] is False
    await visitor.disconnect()
    await console.disconnect()
    await asyncio.sleep(1.1)
    latest = [m for m in await drain(hall, timeout=1.2) if m["type"] == "presence.update"][-1]
    assert latest["visitors"] == 0 and latest["producer_online"] is False
    await hall.disconnect()


async def test_hall_updates_are_throttled_to_one_a_second_per_booth(booth):
    hall = await connect(f"/ws/halls/{booth.hall_id}/", await make_visitor_session())
    await receive_type(hall, "presence.update")
    visitors = [await connect(f"/ws/booths/{booth.slug}/", await make_visitor_session()) for _ in range(5)]
    burst = [m for m in await drain(hall, timeout=0.5)]
    assert len(burst) <= 1  # five arrivals within the throttle window…
    settled = [m for m in await drain(hall, timeout=1.5)]
    assert settled and settled[-1]["visitors"] == 5  # …end as one update with the final count
    for visitor in visitors:
        await visitor.disconnect()
    await hall.disconnect()


async def test_presence_entries_expire_without_pings(booth, monkeypatch):
    store = presence.backend()
    await store.add(presence.booth_key(booth.id, presence.VISITOR), "ghost-of-a-killed-process", ttl=0.2)
    assert (await presence.booth_presence(booth.id))["visitors"] == 1
    await asyncio.sleep(0.3)
    assert (await presence.booth_presence(booth.id))["visitors"] == 0


async def test_ping_refreshes_and_answers_with_fresh_counts(booth):
    visitor = await connect(f"/ws/booths/{booth.slug}/", await make_visitor_session())
    await send(visitor, type="presence.ping")
    update = await receive_type(visitor, "presence.update")
    assert update["visitors"] == 1
    await visitor.disconnect()


@pytest.mark.parametrize("raw, code", [
    ("not json", "bad_json"),
    ("[1, 2]", "bad_message"),
    ('{"no": "type"}', "bad_message"),
    ('{"type": "chat.explode"}', "unknown_type"),
    ('{"type": "console.snapshot"}', "unknown_type"),  # a server type is never taken from a client
    ('{"type": "presence.update", "booth": "x", "visitors": 99}', "unknown_type"),
    ('{"type": "presence.status", "status": "away"}', "unknown_type"),  # producer-only on a visitor socket
    ('{"type": "chat.send", "text": "no id"}', "bad_field"),
    ('{"type": "chat.send", "client_id": 5, "text": "x"}', "bad_field"),
    ('{"type": "chat.send", "client_id": "' + "x" * 65 + '", "text": "x"}', "bad_field"),
    ('{"type": "chat.resume", "after": -1}', "bad_field"),
    ('{"type": "chat.resume", "after": true}', "bad_field"),
    ('{"type": "chat.send", "client_id": "a", "text": "   "}', "empty"),
    ('{"type": "chat.send", "client_id": "a", "text": "' + "á" * 2001 + '"}', "too_long"),
    ('{"type": "chat.send", "client_id": "a", "text": "' + "x" * 9000 + '"}', "too_big"),
])
async def test_bad_messages_get_a_clear_error_and_the_socket_stays_open(booth, raw, code):
    visitor = await connect(f"/ws/booths/{booth.slug}/", await make_visitor_session())
    await visitor.send_to(text_data=raw)
    error = await receive_type(visitor, "error")
    assert error["code"] == code and error["message"]
    await send(visitor, type="chat.send", client_id="ok", text="Vẫn nói chuyện được")
    assert (await receive_type(visitor, "chat.ack"))["id"] > 0
    assert await sync_to_async(Message.objects.count)() == 1
    await visitor.disconnect()


async def test_binary_frames_are_refused_politely(booth):
    visitor = await connect(f"/ws/booths/{booth.slug}/", await make_visitor_session())
    await visitor.send_to(bytes_data=b"\x00\x01")
    assert (await receive_type(visitor, "error"))["code"] == "bad_message"
    await visitor.disconnect()


async def test_flood_is_rate_limited_without_closing(booth, monkeypatch):
    visitor = await connect(f"/ws/booths/{booth.slug}/", await make_visitor_session())
    for n in range(consumers.RATE_BURST + 10):
        await send(visitor, type="presence.ping")
    replies = await drain(visitor, timeout=0.5)
    limited = [m for m in replies if m["type"] == "error" and m["code"] == "rate_limited"]
    assert 5 <= len(limited) <= 10 + 2
    await asyncio.sleep(1)
    await send(visitor, type="presence.ping")
    assert (await receive_type(visitor, "presence.update"))["visitors"] == 1
    await visitor.disconnect()


async def test_too_many_sockets_from_one_browser(booth):
    session = await make_visitor_session()
    open_ones = [await connect(f"/ws/booths/{booth.slug}/", session) for _ in range(consumers.MAX_SOCKETS_PER_VISITOR)]
    extra = await connect(f"/ws/booths/{booth.slug}/", session)
    assert (await receive(extra))["code"] == "too_many_sockets"
    assert (await extra.receive_output(timeout=1))["code"] == consumers.CLOSE_TOO_MANY
    await extra.disconnect()
    for socket in open_ones:
        await socket.disconnect()


async def test_socket_without_a_session_is_told_to_reload(booth):
    visitor = await connect(f"/ws/booths/{booth.slug}/")
    assert (await receive(visitor))["code"] == "no_session"
    assert (await visitor.receive_output(timeout=1))["code"] == consumers.CLOSE_NO_SESSION
    await visitor.disconnect()


async def test_draft_fairs_booths_and_halls_are_closed_to_visitors():
    hall = await sync_to_async(make_hall)(fair=await sync_to_async(make_fair)(status="draft"))
    booth = await sync_to_async(make_booth)(hall=hall)
    socket = await connect(f"/ws/booths/{booth.slug}/", await make_visitor_session())
    assert (await receive(socket))["code"] == "not_found"
    await socket.disconnect()
    socket = await connect(f"/ws/halls/{hall.id}/", await make_visitor_session())
    assert (await receive(socket))["code"] == "forbidden"
    await socket.disconnect()


async def test_a_failing_handler_leaves_no_stale_presence_or_group(booth, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(booth_services, "message_send", broken)
    visitor = await connect(f"/ws/booths/{booth.slug}/", await make_visitor_session())
    await send(visitor, type="chat.send", client_id="a", text="Xin chào")
    assert (await receive_type(visitor, "error"))["code"] == "server_error"
    await send(visitor, type="presence.ping")  # still open
    assert (await receive_type(visitor, "presence.update"))["visitors"] == 1
    await visitor.disconnect()
    assert (await presence.booth_presence(booth.id))["visitors"] == 0
    layer = get_channel_layer()
    if hasattr(layer, "groups"):  # the in-memory layer
        assert all(not members for members in layer.groups.values())
    else:  # channels-redis: a sorted set of channels per group
        from booths.conversations.models import Conversation
        from fair import groups

        conversation_ids = await sync_to_async(list)(Conversation.objects.filter(booth=booth).values_list("id", flat=True))
        names = [groups.booth_group(booth.id), *(groups.conversation_group(c) for c in conversation_ids)]
        async with layer.connection(0) as connection:
            sizes = [await connection.zcard(layer._group_key(name)) for name in names]
        assert sizes and sum(sizes) == 0


async def test_protocol_module_and_docs_are_generated_from_the_declaration():
    from django.core.management import call_command

    await sync_to_async(call_command)("protocol_export", "--check")
    js = (protocol.js_module())
    for kind in protocol.SERVER_TYPES:
        assert json.dumps(kind) in js


async def test_many_visitors_leaving_at_once_all_leave_the_presence_count(booth, caplog):
    """120 sockets closing together (a node drained, a livestream over): more than a Redis connection pool's default
    100, so they share the presence connections, each waiting its turn; none fails, and the booth counts nobody
    afterwards (no entry left behind until it expires)."""
    sessions = [await make_visitor_session() for _ in range(120)]
    visitors = await asyncio.gather(*(connect(f"/ws/booths/{booth.slug}/", session) for session in sessions))
    key = presence.booth_key(booth.id, presence.VISITOR)
    assert await presence.backend().count(key) == 120
    await asyncio.gather(*(visitor.disconnect() for visitor in visitors))
    assert await presence.backend().count(key) == 0
    assert "Could not remove presence" not in caplog.text


def test_a_crowded_booths_count_is_gathered_longer_at_most_a_second():
    """Every presence update goes to every visitor of the booth: a small booth's comes within 0.1 s, a crowded
    one's gathers more arrivals (a phone in a 500-viewer livestream gets one a second, not ten)."""
    assert presence.coalesce_seconds(0) == presence.coalesce_seconds(50) == 0.1
    assert presence.coalesce_seconds(100) == pytest.approx(0.2)
    assert presence.coalesce_seconds(500) == presence.coalesce_seconds(5000) == 1.0


async def test_visitors_of_a_crowded_booth_see_its_true_count(booth):
    store = presence.backend()
    for n in range(300):  # visitors already in the booth (their sockets on other processes)
        await store.add(presence.booth_key(booth.id, presence.VISITOR), f"elsewhere-{n}")
    watcher = await connect(f"/ws/booths/{booth.slug}/", await make_visitor_session())
    assert (await receive_type(watcher, "presence.update"))["visitors"] == 301
    arrivals = [await connect(f"/ws/booths/{booth.slug}/", await make_visitor_session()) for _ in range(3)]
    update = await receive_type(watcher, "presence.update", timeout=5)
    while update["visitors"] != 304:  # gathered, possibly over more than one update, ending at the truth
        update = await receive_type(watcher, "presence.update", timeout=5)
    for socket in [watcher, *arrivals]:
        await socket.disconnect()
