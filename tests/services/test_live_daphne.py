"""Live on loopback: two daphne processes sharing PostgreSQL and Redis, real websockets between them.

A visitor on one process and the producer on the other chat both ways; a client that drops with
messages in its outbox ends with each stored exactly once; presence outlives a killed process
for the sockets of the other one, and the killed one's entries expire.
"""

import asyncio
import json
import os
from pathlib import Path

import pytest
import websockets
from django.conf import settings

from booths.conversations.models import Message
from tests.factories import make_booth, make_user
from tests.realtime.helpers import user_session, visitor_session
from tests.servers import daphne_processes

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]
TTL = 3  # seconds: presence entries of the live processes expire fast here


@pytest.fixture
def daphnes():
    """Two daphne processes on free loopback ports, on the test database and the test Redis."""
    database = settings.DATABASES["default"]
    env = {
        **os.environ, "FAIR_ENV": "test", "FAIR_PRESENCE_TTL": str(TTL), "REDIS_URL": settings.REDIS_URL,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
    }
    with daphne_processes(env, name="live-daphne") as processes:
        yield [port for _, port in processes], processes


async def open_socket(port, path, session_key):
    return await websockets.connect(
        f"ws://127.0.0.1:{port}{path}", origin="http://localhost",
        additional_headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={session_key}"}, open_timeout=10)


async def next_of(ws, kind, timeout=10):
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        message = json.loads(await asyncio.wait_for(ws.recv(), deadline - asyncio.get_running_loop().time()))
        if message["type"] == kind:
            return message


def run(coroutine):
    return asyncio.run(coroutine)


def test_visitor_and_producer_on_two_processes_chat_both_ways(daphnes):
    (first, second), _ = daphnes
    booth = make_booth()
    producer_key = user_session(make_user(producer=booth.producer))
    visitor_key = visitor_session()

    async def script():
        visitor = await open_socket(first, f"/ws/booths/{booth.slug}/", visitor_key)
        console = await open_socket(second, "/ws/producer/", producer_key)
        await next_of(console, "console.snapshot")
        await visitor.send(json.dumps({"type": "chat.send", "client_id": "v-1", "text": "Còn mật ong không?", "name": "Minh"}))
        ack = await next_of(visitor, "chat.ack")
        arrived = await next_of(console, "chat.message")
        assert arrived["message"]["text"] == "Còn mật ong không?" and arrived["visitor"] == "Minh"
        await console.send(json.dumps({"type": "chat.send", "conversation": ack["conversation"], "client_id": "p-1",
                                       "text": "Dạ còn ạ."}))
        reply = await next_of(visitor, "chat.message")
        while reply["message"]["sender"] != "producer":
            reply = await next_of(visitor, "chat.message")
        assert reply["message"]["text"] == "Dạ còn ạ." and reply["message"]["prev_id"] == ack["id"]
        await visitor.close()
        await console.close()

    run(script())


def test_dropped_client_resends_its_outbox_and_each_message_is_stored_once(daphnes):
    (first, second), _ = daphnes
    booth = make_booth()
    visitor_key = visitor_session()
    outbox = [{"client_id": f"v-{n}", "text": f"Tin nhắn {n}"} for n in range(5)]

    async def script():
        visitor = await open_socket(first, f"/ws/booths/{booth.slug}/", visitor_key)
        for item in outbox[:3]:
            await visitor.send(json.dumps({"type": "chat.send", **item}))
        visitor.transport.abort()  # the phone lost its connection before reading any ack
        # Back on the other process: the client resends everything it has no ack for, then resumes.
        again = await open_socket(second, f"/ws/booths/{booth.slug}/", visitor_key)
        for item in outbox:
            await again.send(json.dumps({"type": "chat.send", **item}))
        acks = [await next_of(again, "chat.ack") for _ in outbox]
        await again.send(json.dumps({"type": "chat.resume", "after": 0}))
        history = await next_of(again, "chat.history")
        await again.close()
        return acks, history

    acks, history = run(script())
    assert sorted(a["client_id"] for a in acks) == sorted(i["client_id"] for i in outbox)
    assert [m["text"] for m in history["messages"]] == [i["text"] for i in outbox]
    assert Message.objects.count() == 5
    assert len({a["id"] for a in acks}) == 5


def test_presence_survives_a_killed_process_for_the_others(daphnes):
    (first, second), processes = daphnes
    booth = make_booth()
    producer_key = user_session(make_user(producer=booth.producer))
    visitor_key, watcher_key = visitor_session(), visitor_session()

    async def script():
        console = await open_socket(second, "/ws/producer/", producer_key)
        await next_of(console, "console.snapshot")
        visitor = await open_socket(first, f"/ws/booths/{booth.slug}/", visitor_key)
        hall = await open_socket(second, f"/ws/halls/{booth.hall_id}/", watcher_key)
        update = await next_of(hall, "presence.update")
        assert update["producer_online"] is True and update["visitors"] == 1
        processes[0][0].kill()  # the visitor's server process dies without a goodbye
        await asyncio.sleep(TTL + 1)
        await console.send(json.dumps({"type": "presence.ping"}))  # the producer's socket keeps itself alive
        await hall.send(json.dumps({"type": "presence.ping"}))
        update = await next_of(hall, "presence.update")
        assert update["producer_online"] is True  # the producer on the living process still counts
        assert update["visitors"] == 0  # the dead process's visitor expired instead of staying forever
        await hall.close()
        await console.close()
        try:
            await visitor.close()
        except Exception:  # noqa: BLE001 - its server is gone
            pass

    run(script())
