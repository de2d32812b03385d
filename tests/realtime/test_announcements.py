"""A producer's announcement reaches every visitor in the booth once, through the process's fan-out hub;
one that is missed is recovered by resuming; only the booth's own producer may announce."""

import pytest
from asgiref.sync import sync_to_async

from booths.conversations.models import Announcement
from realtime import hub
from tests.factories import make_booth, make_user
from tests.realtime.helpers import connect, drain, make_user_session, make_visitor_session, receive_type, send

pytestmark = pytest.mark.django_db(transaction=True)


async def test_one_announcement_reaches_every_visitor_once_through_one_hub_subscription():
    booth = await sync_to_async(make_booth)()
    staff = await sync_to_async(make_user)(producer=booth.producer)
    visitors = [await connect(f"/ws/booths/{booth.slug}/", await make_visitor_session()) for _ in range(12)]
    console = await connect("/ws/producer/", await make_user_session(staff))
    await receive_type(console, "console.snapshot")
    # Twelve sockets in the booth, one channel-layer subscription for them in this process.
    assert len(hub.hub().members[f"booth.{booth.id}"]) == 12

    await send(console, type="booth.announce", booth=booth.slug, client_id="a-1", text="Mẻ mật mới, giảm 10%!")
    acked = await receive_type(console, "booth.announced")
    await send(console, type="booth.announce", booth=booth.slug, client_id="a-1", text="Mẻ mật mới, giảm 10%!")  # a resend
    assert (await receive_type(console, "booth.announced"))["id"] == acked["id"]
    for visitor in visitors:
        got = await receive_type(visitor, "booth.announcement")
        assert got["announcement"]["text"] == "Mẻ mật mới, giảm 10%!" and got["announcement"]["prev_id"] == 0
        later = await drain(visitor)
        # Stored once although sent twice: the resend rings again (docs/protocol.md) with the same id, which the
        # page shows once; nothing else arrives.
        again = [m for m in later if m["type"] == "booth.announcement"]
        assert len(again) <= 1 and all(m["announcement"]["id"] == acked["id"] for m in again)
        assert all("_group" not in m for m in later)
    assert await sync_to_async(Announcement.objects.count)() == 1
    for socket in visitors + [console]:
        await socket.disconnect()
    assert f"booth.{booth.id}" not in hub.hub().members  # the last one out unsubscribes the process


async def test_a_visitor_who_missed_announcements_gets_them_by_resuming():
    booth = await sync_to_async(make_booth)()
    staff = await sync_to_async(make_user)(producer=booth.producer)
    console = await connect("/ws/producer/", await make_user_session(staff))
    await receive_type(console, "console.snapshot")
    for number in range(3):  # while the visitor was offline
        await send(console, type="booth.announce", booth=booth.slug, client_id=f"a-{number}", text=f"Tin {number}")
        await receive_type(console, "booth.announced")
    visitor = await connect(f"/ws/booths/{booth.slug}/", await make_visitor_session())
    await send(visitor, type="booth.resume", after=0)
    history = await receive_type(visitor, "booth.announcements")
    assert [a["text"] for a in history["announcements"]] == ["Tin 0", "Tin 1", "Tin 2"]
    assert [a["prev_id"] for a in history["announcements"]][1:] == [a["id"] for a in history["announcements"]][:-1]
    await send(visitor, type="booth.resume", after=history["announcements"][1]["id"])
    assert [a["text"] for a in (await receive_type(visitor, "booth.announcements"))["announcements"]] == ["Tin 2"]
    await visitor.disconnect()
    await console.disconnect()


async def test_only_the_booths_producer_may_announce():
    booth, other = await sync_to_async(make_booth)(), await sync_to_async(make_booth)()
    staff = await sync_to_async(make_user)(producer=other.producer)
    console = await connect("/ws/producer/", await make_user_session(staff))
    await receive_type(console, "console.snapshot")
    await send(console, type="booth.announce", booth=booth.slug, client_id="a-x", text="Chiếm gian hàng")
    assert (await receive_type(console, "error"))["code"] == "forbidden"
    visitor = await connect(f"/ws/booths/{booth.slug}/", await make_visitor_session())
    await send(visitor, type="booth.announce", booth=booth.slug, client_id="a-y", text="x")
    assert (await receive_type(visitor, "error"))["code"] == "unknown_type"
    assert await sync_to_async(Announcement.objects.count)() == 0
    await visitor.disconnect()
    await console.disconnect()


async def test_the_stock_pattern_still_works_when_chosen(settings):
    settings.FAIR_FANOUT = "consumer"
    booth = await sync_to_async(make_booth)()
    staff = await sync_to_async(make_user)(producer=booth.producer)
    visitor = await connect(f"/ws/booths/{booth.slug}/", await make_visitor_session())
    console = await connect("/ws/producer/", await make_user_session(staff))
    await receive_type(console, "console.snapshot")
    await send(console, type="booth.announce", booth=booth.slug, client_id="a-1", text="Xin chào")
    assert (await receive_type(visitor, "booth.announcement"))["announcement"]["text"] == "Xin chào"
    assert f"booth.{booth.id}" not in hub.hub().members
    await visitor.disconnect()
    await console.disconnect()


async def test_a_group_event_that_arrives_during_the_handshake_comes_after_the_accept(monkeypatch):
    """A socket joins its booth's group before it answers the handshake (so nothing is missed meanwhile);
    an event the hub gets in between is held and written once the socket is open, never before."""
    booth = await sync_to_async(make_booth)()
    first = await connect(f"/ws/booths/{booth.slug}/", await make_visitor_session())
    joined = hub.Hub.join

    async def join_then_event(self, group, consumer):
        await joined(self, group, consumer)
        await self.deliver({"type": "booth.announcement", "_group": group, "booth": booth.slug,
                            "announcement": {"id": 7, "prev_id": 0, "text": "Đang mở cửa"}})

    monkeypatch.setattr(hub.Hub, "join", join_then_event)
    second = await connect(f"/ws/booths/{booth.slug}/", await make_visitor_session())  # accepted first
    for visitor in (first, second):
        assert (await receive_type(visitor, "booth.announcement"))["announcement"]["text"] == "Đang mở cửa"
    await first.disconnect()
    await second.disconnect()
