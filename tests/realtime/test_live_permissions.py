"""Who may publish or watch a booth's livestream (docs/livestream.md): visitors cannot publish, another producer
cannot publish to this booth, tokens are bound to one person and one role and expire. No media server is reached:
every refusal happens before."""

import time

import pytest
from asgiref.sync import sync_to_async
from django.core import signing
from django.test import override_settings

from booths.live import services as streams
from booths.live.models import LiveStream
from fair.errors import ClientError
from tests.factories import make_booth, make_user
from tests.realtime.helpers import connect, make_user_session, make_visitor_session, receive_type, send

pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("media_configured")]


@pytest.fixture
def media_configured():
    # A media server "configured" on a port where nothing listens: going live is allowed up to the relay.
    with override_settings(LIVE_MEDIA_URL="http://127.0.0.1:9/janus", LIVE_MEDIA_SECRET="s"):
        yield


async def test_a_visitor_cannot_publish_on_the_booth_socket():
    booth = await sync_to_async(make_booth)()
    visitor = await connect(f"/ws/booths/{booth.slug}/", await make_visitor_session())
    for kind in ("live.start", "live.publish", "live.pin", "live.stop"):
        await send(visitor, type=kind, booth=booth.slug, token="x", sdp="v=0")
        assert (await receive_type(visitor, "error"))["code"] == "unknown_type"
    await visitor.disconnect()
    assert await sync_to_async(LiveStream.objects.count)() == 0


async def test_another_producer_cannot_go_live_in_this_booth_nor_use_its_token():
    booth, other_booth = await sync_to_async(make_booth)(), await sync_to_async(make_booth)()
    owner = await sync_to_async(make_user)(producer=booth.producer)
    stranger = await sync_to_async(make_user)(producer=other_booth.producer)
    theirs = await connect("/ws/producer/", await make_user_session(stranger))
    await receive_type(theirs, "console.snapshot")
    await send(theirs, type="live.start", booth=booth.slug, title="Not mine")
    assert (await receive_type(theirs, "error"))["code"] == "forbidden"
    assert await sync_to_async(LiveStream.objects.count)() == 0

    mine = await connect("/ws/producer/", await make_user_session(owner))
    await receive_type(mine, "console.snapshot")
    await send(mine, type="live.start", booth=booth.slug, title="Mật ong sáng nay")
    started = await receive_type(mine, "live.started")
    # The owner's publish token is worth nothing on another producer's console.
    await send(theirs, type="live.publish", token=started["token"], sdp="v=0")
    assert (await receive_type(theirs, "error"))["code"] == "token_invalid"
    for socket in (mine, theirs):
        await socket.disconnect()


async def test_an_expired_publish_token_is_refused(monkeypatch):
    booth = await sync_to_async(make_booth)()
    owner = await sync_to_async(make_user)(producer=booth.producer)
    console = await connect("/ws/producer/", await make_user_session(owner))
    await receive_type(console, "console.snapshot")
    await send(console, type="live.start", booth=booth.slug)
    started = await receive_type(console, "live.started")
    stream = await sync_to_async(LiveStream.objects.get)(pk=started["stream"])
    real = time.time
    monkeypatch.setattr(signing.time, "time", lambda: real() - 600)  # a token made ten minutes ago
    old = streams.token_make(stream=stream, role=streams.PUBLISH, who=owner.pk)
    monkeypatch.setattr(signing.time, "time", real)
    await send(console, type="live.publish", token=old, sdp="v=0")
    assert (await receive_type(console, "error"))["code"] == "token_expired"
    await console.disconnect()


async def test_watch_tokens_are_bound_to_one_visitor_and_one_role():
    booth = await sync_to_async(make_booth)()
    owner = await sync_to_async(make_user)(producer=booth.producer)
    stream = await sync_to_async(streams.stream_start)(booth=booth, user=owner)
    token = streams.token_make(stream=stream, role=streams.WATCH, who="visitor-a")
    assert streams.token_check(token, role=streams.WATCH, who="visitor-a") == stream.pk
    for role, who in ((streams.WATCH, "visitor-b"), (streams.PUBLISH, "visitor-a")):
        with pytest.raises(ClientError) as refused:
            streams.token_check(token, role=role, who=who)
        assert refused.value.code == "token_invalid"
    with pytest.raises(ClientError) as forged:
        streams.token_check(token[:-2] + "xx", role=streams.WATCH, who="visitor-a")
    assert forged.value.code == "token_invalid"


async def test_an_organizer_may_not_publish_for_a_producer():
    booth = await sync_to_async(make_booth)()
    organizer = await sync_to_async(make_user)(organizer=True)
    with pytest.raises(ClientError) as refused:
        await sync_to_async(streams.stream_start)(booth=booth, user=organizer)
    assert refused.value.code == "forbidden"


async def test_without_a_media_server_going_live_says_so():
    booth = await sync_to_async(make_booth)()
    owner = await sync_to_async(make_user)(producer=booth.producer)
    with override_settings(LIVE_MEDIA_URL=""):
        console = await connect("/ws/producer/", await make_user_session(owner))
        await receive_type(console, "console.snapshot")
        await send(console, type="live.start", booth=booth.slug)
        assert (await receive_type(console, "error"))["code"] == "live_unavailable"
        visitor = await connect(f"/ws/booths/{booth.slug}/", await make_visitor_session())
        await send(visitor, type="live.status")
        state = await receive_type(visitor, "live.state")
        assert state["status"] == "off" and state["available"] is False
        for socket in (console, visitor):
            await socket.disconnect()


async def test_hall_sockets_learn_which_of_their_booths_go_live_and_stop():
    """The 3D hall marks live booths and plays the nearest one's stream: `hall.live` on connect and on each change."""
    booth = await sync_to_async(make_booth)()
    owner = await sync_to_async(make_user)(producer=booth.producer)
    hall = await connect(f"/ws/halls/{booth.hall_id}/", await make_visitor_session())
    assert (await receive_type(hall, "hall.live"))["live"] == []
    stream = await sync_to_async(streams.stream_start)(booth=booth, user=owner)
    await sync_to_async(streams.stream_published)(stream=stream)
    assert (await receive_type(hall, "hall.live", timeout=3))["live"] == [{"booth": booth.slug, "stream": stream.pk}]
    await sync_to_async(streams.stream_end)(stream=stream, interrupted=True)
    assert (await receive_type(hall, "hall.live", timeout=3))["live"] == []
    await hall.disconnect()


def test_a_halls_live_booths_are_read_once_per_change_not_on_every_snapshot(django_assert_max_num_queries):
    """Every hall socket asks again every 20 s: the list is cached per hall and dropped when a stream goes live or off."""
    from booths.live.selectors import hall_live

    booth = make_booth()
    owner = make_user(producer=booth.producer)
    assert hall_live(hall_id=booth.hall_id) == []
    with django_assert_max_num_queries(0):
        assert hall_live(hall_id=booth.hall_id) == []  # the next snapshots: no query
    stream = streams.stream_start(booth=booth, user=owner)
    streams.stream_published(stream=stream)
    assert hall_live(hall_id=booth.hall_id) == [{"booth": booth.slug, "stream": stream.pk}]
    streams.stream_end(stream=stream)
    assert hall_live(hall_id=booth.hall_id) == []
