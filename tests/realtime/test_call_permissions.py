"""Who may take part in a booth's video call (docs/livestream.md, "Video calls"): only the booth's producer staff are
rung and may accept; a visitor cannot accept; nobody signals into a call that is not their own socket's; unanswered
calls end; a side's new socket after a reconnect resumes its call (only the same visitor session or producer user), or
the call ends after the grace; malformed messages are refused with clear codes. No media flows here: only the signalling."""

import pytest
from asgiref.sync import sync_to_async
from django.test import override_settings

from tests.factories import make_booth, make_user
from tests.realtime.helpers import connect, drain, make_user_session, make_visitor_session, receive_type, send

pytestmark = pytest.mark.django_db(transaction=True)
OFFER = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n"


async def booth_with_console():
    booth = await sync_to_async(make_booth)()
    owner = await sync_to_async(make_user)(producer=booth.producer)
    console = await connect("/ws/producer/", await make_user_session(owner))
    await receive_type(console, "console.snapshot")
    return booth, console


async def visitor_of(booth):
    visitor = await connect(f"/ws/booths/{booth.slug}/", await make_visitor_session())
    await receive_type(visitor, "presence.update")
    return visitor


async def ring(booth, console, visitor):
    await send(visitor, type="call.request", name="Lan")
    ringing = await receive_type(visitor, "call.ringing")
    incoming = await receive_type(console, "call.incoming")
    assert incoming["call"] == ringing["call"] and incoming["visitor"] == "Lan" and incoming["booth"] == booth.slug
    return ringing["call"]


async def test_a_call_is_accepted_signalled_and_hung_up_only_between_its_two_sides():
    booth, console = await booth_with_console()
    visitor = await visitor_of(booth)
    call = await ring(booth, console, visitor)
    await send(console, type="call.accept", call=call)
    accepted = await receive_type(visitor, "call.accepted")
    assert accepted["role"] == "caller" and "ice_servers" in accepted
    assert (await receive_type(console, "call.accepted"))["role"] == "callee"
    await send(visitor, type="call.signal", call=call, kind="offer", sdp=OFFER)
    relayed = await receive_type(console, "call.signal")
    assert relayed == {"type": "call.signal", "call": call, "kind": "offer", "sdp": OFFER}
    await send(console, type="call.signal", call=call, kind="answer", sdp=OFFER)
    assert (await receive_type(visitor, "call.signal"))["kind"] == "answer"
    await send(console, type="call.media", call=call, audio=False, video=True)
    media = await receive_type(visitor, "call.media")
    assert media["audio"] is False and media["video"] is True
    await send(visitor, type="call.end", call=call)
    assert (await receive_type(console, "call.ended"))["reason"] == "hung_up"
    assert (await receive_type(visitor, "call.ended"))["reason"] == "hung_up"
    for socket in (console, visitor):
        await socket.disconnect()


async def test_a_visitor_cannot_accept_and_cannot_signal_into_another_visitors_call():
    booth, console = await booth_with_console()
    caller, intruder = await visitor_of(booth), await visitor_of(booth)
    call = await ring(booth, console, caller)
    for kind in ("call.accept", "call.decline"):
        await send(intruder, type=kind, call=call)
        assert (await receive_type(intruder, "error"))["code"] == "unknown_type"
    await send(console, type="call.accept", call=call)
    await receive_type(caller, "call.accepted")
    await receive_type(console, "call.accepted")
    await send(intruder, type="call.signal", call=call, kind="offer", sdp=OFFER)
    assert (await receive_type(intruder, "error"))["code"] == "no_call"
    await send(intruder, type="call.end", call=call)
    assert (await receive_type(intruder, "error"))["code"] == "no_call"
    assert not [m for m in await drain(console) if m["type"].startswith("call.")]
    for socket in (console, caller, intruder):
        await socket.disconnect()


async def test_another_producers_staff_are_not_rung_and_cannot_accept_or_signal():
    booth, console = await booth_with_console()
    other_booth, stranger = await booth_with_console()
    visitor = await visitor_of(booth)
    call = await ring(booth, console, visitor)
    await send(stranger, type="call.accept", call=call)
    assert (await receive_type(stranger, "error"))["code"] == "no_call"
    await send(stranger, type="call.signal", call=call, kind="answer", sdp=OFFER)
    assert (await receive_type(stranger, "error"))["code"] == "no_call"
    assert not [m for m in await drain(stranger) if m["type"].startswith("call.")]
    # The call was not hijacked: the booth's own console still takes it.
    await send(console, type="call.accept", call=call)
    await receive_type(visitor, "call.accepted")
    for socket in (console, stranger, visitor):
        await socket.disconnect()


async def test_the_first_console_to_accept_gets_the_call_and_the_other_stops_ringing():
    booth, first = await booth_with_console()
    colleague = await sync_to_async(make_user)(producer=booth.producer)
    second = await connect("/ws/producer/", await make_user_session(colleague))
    await receive_type(second, "console.snapshot")
    visitor = await visitor_of(booth)
    call = await ring(booth, first, visitor)
    await receive_type(second, "call.incoming")
    await send(first, type="call.accept", call=call)
    await receive_type(first, "call.accepted")
    assert (await receive_type(second, "call.ended"))["reason"] == "answered"
    await send(second, type="call.accept", call=call)
    assert (await receive_type(second, "error"))["code"] == "no_call"
    for socket in (first, second, visitor):
        await socket.disconnect()


async def test_declined_and_unanswered_calls_end_for_everyone():
    booth, console = await booth_with_console()
    visitor = await visitor_of(booth)
    call = await ring(booth, console, visitor)
    await send(console, type="call.decline", call=call)
    assert (await receive_type(visitor, "call.declined"))["call"] == call
    with override_settings(CALL_RING_SECONDS=0.3):
        call = await ring(booth, console, visitor)
        assert (await receive_type(visitor, "call.ended"))["reason"] == "unanswered"
        assert (await receive_type(console, "call.ended"))["reason"] == "unanswered"
    await send(console, type="call.accept", call=call)
    assert (await receive_type(console, "error"))["code"] == "no_call"
    for socket in (console, visitor):
        await socket.disconnect()


async def in_call(booth, console, visitor):
    call = await ring(booth, console, visitor)
    await send(console, type="call.accept", call=call)
    await receive_type(visitor, "call.accepted")
    await receive_type(console, "call.accepted")
    return call


async def test_a_closed_socket_not_back_within_the_grace_ends_the_call_for_the_other_side():
    booth, console = await booth_with_console()
    visitor = await visitor_of(booth)
    with override_settings(CALL_RESUME_SECONDS=0.3):
        call = await in_call(booth, console, visitor)
        await console.disconnect()
        assert await receive_type(visitor, "call.peer") == {"type": "call.peer", "call": call, "state": "reconnecting"}
        assert (await receive_type(visitor, "call.ended"))["reason"] == "gone"
    await visitor.disconnect()


async def test_a_visitors_new_socket_resumes_the_call_and_signals_flow_again():
    booth, console = await booth_with_console()
    session = await make_visitor_session()
    visitor = await connect(f"/ws/booths/{booth.slug}/", session)
    await receive_type(visitor, "presence.update")
    call = await in_call(booth, console, visitor)
    await visitor.disconnect()  # the phone changes network
    assert await receive_type(console, "call.peer") == {"type": "call.peer", "call": call, "state": "reconnecting"}
    # Meanwhile the producer's signals are dropped, not refused.
    await send(console, type="call.signal", call=call, kind="restart")
    # Another visitor of the booth cannot take it over.
    intruder = await visitor_of(booth)
    await send(intruder, type="call.resume", call=call)
    assert (await receive_type(intruder, "error"))["code"] == "no_call"
    back = await connect(f"/ws/booths/{booth.slug}/", session)
    await receive_type(back, "presence.update")
    await send(back, type="call.resume", call=call)
    assert await receive_type(back, "call.resumed") == {"type": "call.resumed", "call": call, "role": "caller"}
    assert await receive_type(console, "call.peer") == {"type": "call.peer", "call": call, "state": "back"}
    await send(back, type="call.signal", call=call, kind="offer", sdp=OFFER)
    assert (await receive_type(console, "call.signal"))["sdp"] == OFFER
    await send(console, type="call.signal", call=call, kind="answer", sdp=OFFER)
    assert (await receive_type(back, "call.signal"))["kind"] == "answer"
    await send(intruder, type="call.signal", call=call, kind="offer", sdp=OFFER)
    assert (await receive_type(intruder, "error"))["code"] == "no_call"
    await send(back, type="call.resume", call=call)
    assert (await receive_type(back, "error"))["code"] == "call_busy"
    await send(console, type="call.end", call=call)
    assert (await receive_type(back, "call.ended"))["reason"] == "hung_up"
    # An ended call cannot be resumed.
    await send(back, type="call.resume", call=call)
    assert (await receive_type(back, "error"))["code"] == "no_call"
    for socket in (console, back, intruder):
        await socket.disconnect()


async def test_the_producers_new_console_resumes_but_another_producer_user_cannot():
    booth = await sync_to_async(make_booth)()
    owner, colleague = [await sync_to_async(make_user)(producer=booth.producer) for _ in range(2)]
    owner_session = await make_user_session(owner)
    console = await connect("/ws/producer/", owner_session)
    await receive_type(console, "console.snapshot")
    other = await connect("/ws/producer/", await make_user_session(colleague))
    await receive_type(other, "console.snapshot")
    visitor = await visitor_of(booth)
    call = await ring(booth, console, visitor)
    await send(console, type="call.accept", call=call)
    await receive_type(visitor, "call.accepted")
    await receive_type(console, "call.accepted")
    await console.disconnect()
    assert (await receive_type(visitor, "call.peer"))["state"] == "reconnecting"
    await send(other, type="call.resume", call=call)  # same booth's staff, but not the one in the call
    assert (await receive_type(other, "error"))["code"] == "no_call"
    for bad in ("x", "../" * 20):
        await send(other, type="call.resume", call=bad)
        assert (await receive_type(other, "error"))["code"] == "no_call"
    back = await connect("/ws/producer/", owner_session)
    await receive_type(back, "console.snapshot")
    await send(back, type="call.resume", call=call)
    assert (await receive_type(back, "call.resumed"))["role"] == "callee"
    assert (await receive_type(visitor, "call.peer"))["state"] == "back"
    await send(back, type="call.signal", call=call, kind="restart")
    assert (await receive_type(visitor, "call.signal"))["kind"] == "restart"
    await send(visitor, type="call.media", call=call, audio=False, video=True)
    assert (await receive_type(back, "call.media"))["audio"] is False
    with override_settings(CALL_RESUME_SECONDS=0.3):
        await visitor.disconnect()
        assert (await receive_type(back, "call.peer"))["state"] == "reconnecting"
        assert (await receive_type(back, "call.ended"))["reason"] == "gone"
    for socket in (back, other):
        await socket.disconnect()


async def test_no_call_without_an_online_producer_and_malformed_messages_are_refused():
    booth = await sync_to_async(make_booth)()
    visitor = await visitor_of(booth)
    await send(visitor, type="call.request")
    assert (await receive_type(visitor, "error"))["code"] == "producer_offline"
    owner = await sync_to_async(make_user)(producer=booth.producer)
    console = await connect("/ws/producer/", await make_user_session(owner))
    await receive_type(console, "console.snapshot")
    call = await ring(booth, console, visitor)
    await send(visitor, type="call.request")
    assert (await receive_type(visitor, "error"))["code"] == "call_busy"
    await send(console, type="call.accept", call=call)
    await receive_type(visitor, "call.accepted")
    for bad, code in [({"kind": "offer"}, "bad_field"), ({"kind": "offer", "sdp": "hello"}, "bad_field"),
                      ({"kind": "dance", "sdp": OFFER}, "bad_field"), ({"kind": "offer", "sdp": 5}, "bad_field"),
                      ({"kind": "offer", "sdp": "v=0" + "x" * 40_000}, "too_big")]:
        await send(visitor, type="call.signal", call=call, **bad)
        assert (await receive_type(visitor, "error"))["code"] == code, bad
    await send(visitor, type="call.media", call=call, audio="off", video=True)
    assert (await receive_type(visitor, "error"))["code"] == "bad_field"
    await send(visitor, type="call.signal", kind="offer", sdp=OFFER)
    assert (await receive_type(visitor, "error"))["code"] == "bad_field"
    for socket in (console, visitor):
        await socket.disconnect()
