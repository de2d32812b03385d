"""Moderation over the sockets: the producer's staff hide a message and mute a visitor from the console; every open
page of the conversation loses the message; a muted visitor is told in their language and nothing is stored."""

import pytest
from asgiref.sync import sync_to_async

from booths.conversations import moderation
from booths.conversations.models import Message, ModerationAction, Mute
from tests.factories import make_booth, make_fair, make_hall, make_user
from tests.realtime.helpers import connect, drain, make_user_session, make_visitor_session, receive_type, send

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture
def booth():
    return make_booth(hall=make_hall(fair=make_fair()))


@pytest.fixture
def staff(booth):
    return make_user(producer=booth.producer)


async def visitor_writes(booth, session, text="Mua rẻ tại spam.example", client_id="v-1"):
    visitor = await connect(f"/ws/booths/{booth.slug}/", session)
    await send(visitor, type="chat.send", client_id=client_id, text=text, name="Spammer")
    ack = await receive_type(visitor, "chat.ack")
    await receive_type(visitor, "chat.message")
    return visitor, ack


async def test_staff_hide_a_message_and_every_open_page_loses_it(booth, staff):
    session = await make_visitor_session()
    visitor, ack = await visitor_writes(booth, session)
    second_tab = await connect(f"/ws/booths/{booth.slug}/", session)
    await send(second_tab, type="chat.resume", after=0)  # as every booth page does on connect
    assert [m["id"] for m in (await receive_type(second_tab, "chat.history"))["messages"]] == [ack["id"]]
    console = await connect("/ws/producer/", await make_user_session(staff))
    await receive_type(console, "console.snapshot")

    await send(console, type="chat.hide", id=ack["id"], reason="Quảng cáo")
    for socket in (visitor, second_tab, console):
        hidden = await receive_type(socket, "chat.hidden")
        assert hidden == {"type": "chat.hidden", "conversation": ack["conversation"], "id": ack["id"]}
    # Resuming no longer returns it, on either side.
    await send(second_tab, type="chat.resume", after=0)
    assert (await receive_type(second_tab, "chat.history"))["messages"] == []
    await send(console, type="chat.resume", after=0)
    assert (await receive_type(console, "chat.history"))["messages"] == []
    entry = await sync_to_async(lambda: ModerationAction.objects.select_related("actor").get())()
    assert (entry.action, entry.reason, entry.actor_role, entry.actor) == ("hide", "Quảng cáo", "producer", staff)
    for socket in (visitor, second_tab, console):
        await socket.disconnect()


async def test_a_hide_without_a_reason_or_of_another_producers_message_is_refused(booth, staff):
    _visitor, ack = await visitor_writes(booth, await make_visitor_session())
    other = await sync_to_async(make_booth)(hall=await sync_to_async(make_hall)())
    other_staff = await sync_to_async(make_user)(producer=other.producer)
    console = await connect("/ws/producer/", await make_user_session(other_staff))
    await receive_type(console, "console.snapshot")
    await send(console, type="chat.hide", id=ack["id"], reason="Không thích")
    assert (await receive_type(console, "error"))["code"] == "not_found"  # looks like a missing message
    await send(console, type="visitor.mute", conversation=ack["conversation"], minutes=60, reason="x")
    assert (await receive_type(console, "error"))["code"] == "not_found"

    own = await connect("/ws/producer/", await make_user_session(staff))
    await receive_type(own, "console.snapshot")
    await send(own, type="chat.hide", id=ack["id"], reason="   ")
    assert (await receive_type(own, "error"))["code"] == "moderation_reason"
    await send(own, type="chat.hide", id=ack["id"])
    assert (await receive_type(own, "error"))["code"] == "bad_field"
    await send(own, type="visitor.mute", conversation=ack["conversation"], minutes=5, reason="Spam")
    assert (await receive_type(own, "error"))["code"] == "bad_field"  # shorter than 15 minutes
    assert await sync_to_async(Message.objects.filter(hidden_at__isnull=False).count)() == 0
    assert await sync_to_async(Mute.objects.count)() == 0
    await console.disconnect()
    await own.disconnect()
    await _visitor.disconnect()


async def test_visitors_cannot_send_moderation_messages(booth):
    session = await make_visitor_session()
    visitor, ack = await visitor_writes(booth, session)
    await send(visitor, type="chat.hide", id=ack["id"], reason="x")
    assert (await receive_type(visitor, "error"))["code"] == "unknown_type"
    await send(visitor, type="visitor.mute", conversation=ack["conversation"], minutes=60, reason="x")
    assert (await receive_type(visitor, "error"))["code"] == "unknown_type"
    await visitor.disconnect()


async def test_a_muted_visitor_is_told_in_their_language_and_nothing_is_stored(booth, staff):
    session = await make_visitor_session()
    visitor, ack = await visitor_writes(booth, session)
    console = await connect("/ws/producer/", await make_user_session(staff))
    await receive_type(console, "console.snapshot")
    await send(console, type="visitor.mute", conversation=ack["conversation"], minutes=60, reason="Tin nhắn rác")
    muted = await receive_type(console, "visitor.muted")
    assert muted["conversation"] == ack["conversation"]

    await drain(visitor)
    await send(visitor, type="chat.send", client_id="v-2", text="Vẫn muốn nói")
    error = await receive_type(visitor, "error")  # Vietnamese by default
    assert error["code"] == "muted" and error["client_id"] == "v-2" and "Tin nhắn rác" in error["message"]
    assert "tạm dừng" in error["message"]
    # A resend of a message stored before the mute is still acknowledged (no duplicate, no error).
    await send(visitor, type="chat.send", client_id="v-1", text="Mua rẻ tại spam.example")
    assert (await receive_type(visitor, "chat.ack"))["id"] == ack["id"]
    assert await sync_to_async(Message.objects.count)() == 1

    # Lifted early: the same visitor writes again.
    mute = await sync_to_async(Mute.objects.get)()
    assert await sync_to_async(moderation.visitor_unmute)(mute=mute, user=staff, reason="Đã xin lỗi")
    await send(visitor, type="chat.send", client_id="v-3", text="Xin lỗi ạ")
    assert (await receive_type(visitor, "chat.ack"))["id"] > ack["id"]
    await visitor.disconnect()
    await console.disconnect()


async def test_the_muted_error_comes_in_english_for_an_english_visitor(booth):
    from channels.testing import WebsocketCommunicator
    from django.conf import settings

    from fair.asgi import application

    session = await make_visitor_session()
    visitor, ack = await visitor_writes(booth, session)
    organizer = await sync_to_async(make_user)(organizer=True)
    await sync_to_async(moderation.visitor_mute)(
        booth=booth, visitor_id=await sync_to_async(lambda: Message.objects.get().conversation.visitor_id)(),
        user=organizer, scope="fair", minutes=15, reason="Spam")
    other_booth = await sync_to_async(make_booth)(hall=booth.hall)  # the whole fair: another booth too
    english = WebsocketCommunicator(application, f"/ws/booths/{other_booth.slug}/", headers=[
        (b"origin", b"http://localhost"),
        (b"cookie", f"{settings.SESSION_COOKIE_NAME}={session}; django_language=en".encode())])
    assert (await english.connect())[0]
    await send(english, type="chat.send", client_id="e-1", text="Hello")
    error = await receive_type(english, "error")
    assert error["code"] == "muted" and "anywhere in this fair" in error["message"] and "was not sent" in error["message"]
    await english.disconnect()
    await visitor.disconnect()


async def test_anonymous_people_and_organizers_without_a_booth_get_no_console_socket(booth):
    from tests.realtime.helpers import receive

    anonymous = await connect("/ws/producer/", await make_visitor_session())
    assert (await receive(anonymous))["code"] == "forbidden"
    await anonymous.disconnect()
    organizer = await sync_to_async(make_user)(organizer=True)
    console = await connect("/ws/producer/", await make_user_session(organizer))
    assert (await receive(console))["code"] == "forbidden"  # organizers moderate from /studio/moderation/
    await console.disconnect()
