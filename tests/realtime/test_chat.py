"""Chat over the booth and producer sockets, read as scripts: connect, send, receive, assert."""

import pytest
from asgiref.sync import sync_to_async

from booths.conversations.models import Conversation, Message
from tests.factories import make_booth, make_user
from tests.realtime.helpers import connect, drain, make_user_session, make_visitor_session, receive, receive_type, send

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture
def booth():
    return make_booth()


@pytest.fixture
def producer(booth):
    return make_user(producer=booth.producer)


async def test_visitor_and_producer_chat_both_ways(booth, producer):
    visitor = await connect(f"/ws/booths/{booth.slug}/", await make_visitor_session())
    console = await connect("/ws/producer/", await make_user_session(producer))
    snapshot = await receive_type(console, "console.snapshot")
    assert snapshot["status"] == "online" and snapshot["booths"][0]["slug"] == booth.slug

    await send(visitor, type="chat.send", client_id="v-1", text="Mật ong còn hàng không ạ?", name="Lan")
    ack = await receive_type(visitor, "chat.ack")
    echoed = await receive_type(visitor, "chat.message")
    assert echoed["message"]["id"] == ack["id"] and echoed["message"]["prev_id"] == 0
    arrived = await receive_type(console, "chat.message")
    assert arrived["message"]["text"] == "Mật ong còn hàng không ạ?"
    assert arrived["visitor"] == "Lan" and arrived["booth"] == booth.slug

    await send(console, type="chat.send", conversation=ack["conversation"], client_id="p-1", text="Dạ còn 48 hũ ạ.")
    reply = await receive_type(visitor, "chat.message")
    assert reply["message"]["sender"] == "producer" and reply["message"]["prev_id"] == ack["id"]
    assert (await receive_type(console, "chat.ack"))["id"] == reply["message"]["id"]
    await visitor.disconnect()
    await console.disconnect()


async def test_resend_with_the_same_client_id_is_stored_once(booth):
    visitor = await connect(f"/ws/booths/{booth.slug}/", await make_visitor_session())
    await send(visitor, type="chat.send", client_id="v-1", text="Xin chào")
    first = await receive_type(visitor, "chat.ack")
    await send(visitor, type="chat.send", client_id="v-1", text="Xin chào")
    second = await receive_type(visitor, "chat.ack")
    assert first["id"] == second["id"]
    assert await sync_to_async(Message.objects.count)() == 1
    await visitor.disconnect()


async def test_reconnecting_visitor_gets_exactly_what_it_missed(booth, producer):
    session = await make_visitor_session()
    visitor = await connect(f"/ws/booths/{booth.slug}/", session)
    await send(visitor, type="chat.send", client_id="v-1", text="Một")
    ack = await receive_type(visitor, "chat.ack")
    await visitor.disconnect()

    console = await connect("/ws/producer/", await make_user_session(producer))
    for n in range(3):
        await send(console, type="chat.send", conversation=ack["conversation"], client_id=f"p-{n}", text=f"Trả lời {n}")
        await receive_type(console, "chat.ack")

    again = await connect(f"/ws/booths/{booth.slug}/", session)  # the same browser: the same conversation
    await send(again, type="chat.resume", after=ack["id"])
    history = await receive_type(again, "chat.history")
    assert [m["text"] for m in history["messages"]] == ["Trả lời 0", "Trả lời 1", "Trả lời 2"]
    ids = [m["id"] for m in history["messages"]]
    assert ids == sorted(ids) and history["messages"][0]["prev_id"] == ack["id"]
    await again.disconnect()
    await console.disconnect()


async def test_visitor_cannot_resume_someone_elses_conversation(booth):
    owner = await connect(f"/ws/booths/{booth.slug}/", await make_visitor_session())
    await send(owner, type="chat.send", client_id="v-1", text="Bí mật")
    await receive_type(owner, "chat.ack")
    stranger = await connect(f"/ws/booths/{booth.slug}/", await make_visitor_session())
    await send(stranger, type="chat.resume", after=0, conversation=1)  # a visitor cannot name a conversation
    history = await receive_type(stranger, "chat.history")
    assert history["messages"] == [] and history["conversation"] is None
    await owner.disconnect()
    await stranger.disconnect()


async def test_producer_cannot_read_or_answer_another_producers_conversation(booth):
    other_booth = await sync_to_async(make_booth)()
    outsider = await sync_to_async(make_user)(producer=other_booth.producer)
    visitor = await connect(f"/ws/booths/{booth.slug}/", await make_visitor_session())
    await send(visitor, type="chat.send", client_id="v-1", text="Chào")
    ack = await receive_type(visitor, "chat.ack")
    console = await connect("/ws/producer/", await make_user_session(outsider))
    await receive_type(console, "console.snapshot")
    assert not [m for m in await drain(console) if m.get("booth") == booth.slug or m["type"].startswith("chat.")]
    for message in ({"type": "chat.resume", "after": 0, "conversation": ack["conversation"]},
                    {"type": "chat.send", "conversation": ack["conversation"], "client_id": "x", "text": "Chen ngang"},
                    {"type": "chat.read", "conversation": ack["conversation"], "up_to": ack["id"]}):
        await send(console, **message)
        error = await receive_type(console, "error")
        assert error["code"] == "not_found"
    await send(console, type="chat.resume", after=0)
    assert (await receive_type(console, "chat.history"))["messages"] == []
    assert await sync_to_async(Message.objects.count)() == 1
    await visitor.disconnect()
    await console.disconnect()


async def test_visitors_and_anonymous_people_cannot_open_the_console(booth):
    refused = await connect("/ws/producer/", await make_visitor_session())
    assert (await receive(refused))["code"] == "forbidden"
    assert (await refused.receive_output(timeout=1))["type"] == "websocket.close"
    await refused.disconnect()


async def test_typing_and_read_receipts_reach_the_other_side(booth, producer):
    visitor = await connect(f"/ws/booths/{booth.slug}/", await make_visitor_session())
    console = await connect("/ws/producer/", await make_user_session(producer))
    await send(visitor, type="chat.send", client_id="v-1", text="Chào")
    ack = await receive_type(visitor, "chat.ack")
    await send(visitor, type="chat.typing")
    typing = await receive_type(console, "chat.typing")
    assert typing == {"type": "chat.typing", "conversation": ack["conversation"], "sender": "visitor"}
    await send(console, type="chat.typing", conversation=ack["conversation"])
    assert (await receive_type(visitor, "chat.typing"))["sender"] == "producer"
    await send(console, type="chat.read", conversation=ack["conversation"], up_to=ack["id"])
    read = await receive_type(visitor, "chat.read")
    assert read["sender"] == "producer" and read["up_to"] == ack["id"]
    conversation = await sync_to_async(Conversation.objects.get)(pk=ack["conversation"])
    assert conversation.producer_read_id == ack["id"]
    await visitor.disconnect()
    await console.disconnect()


async def test_console_lists_conversations_with_unread_counts(booth, producer):
    for n in range(2):
        visitor = await connect(f"/ws/booths/{booth.slug}/", await make_visitor_session())
        await send(visitor, type="chat.send", client_id="a", text=f"Khách {n} hỏi", name=f"Khách {n}")
        await send(visitor, type="chat.send", client_id="b", text=f"Khách {n} hỏi thêm")
        await receive_type(visitor, "chat.ack")
        await receive_type(visitor, "chat.ack")
        await visitor.disconnect()
    console = await connect("/ws/producer/", await make_user_session(producer))
    snapshot = await receive_type(console, "console.snapshot")
    assert [c["visitor"] for c in snapshot["conversations"]] == ["Khách 1", "Khách 0"]  # newest first
    assert [c["unread"] for c in snapshot["conversations"]] == [2, 2]
    assert snapshot["conversations"][0]["preview"] == "Khách 1 hỏi thêm"
    await console.disconnect()


async def test_several_staff_of_one_producer_see_each_others_replies(booth, producer):
    colleague = await sync_to_async(make_user)(producer=booth.producer)
    visitor = await connect(f"/ws/booths/{booth.slug}/", await make_visitor_session())
    first = await connect("/ws/producer/", await make_user_session(producer))
    second = await connect("/ws/producer/", await make_user_session(colleague))
    await send(visitor, type="chat.send", client_id="v-1", text="Ai trả lời cũng được ạ")
    ack = await receive_type(visitor, "chat.ack")
    assert (await receive_type(first, "chat.message"))["message"]["id"] == ack["id"]
    assert (await receive_type(second, "chat.message"))["message"]["id"] == ack["id"]
    await send(first, type="chat.send", conversation=ack["conversation"], client_id="p-1", text="Em trả lời đây ạ")
    seen_by_colleague = await receive_type(second, "chat.message")
    assert seen_by_colleague["message"]["text"] == "Em trả lời đây ạ" and seen_by_colleague["message"]["sender"] == "producer"
    for socket in (visitor, first, second):
        await socket.disconnect()
