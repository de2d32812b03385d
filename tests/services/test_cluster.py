"""Several servers behind a real balancer: 3 daphne processes and gunicorn behind our own HAProxy (scripts/cluster.py,
the layout of `make cluster`), PostgreSQL and Redis. 50 visitors open the booth's page through the balancer (their
session is made by gunicorn, kept in Redis) and chat with the producer, who answers from four console tabs; one
daphne process is killed with SIGKILL mid-conversation.

Each client speaks as the browser's realtime code does (frontend/src/realtime/): an outbox of messages not yet
acknowledged, resent with the same client id after every reconnect; `chat.resume` after the last id seen on every
connect and on a gap (`prev_id`); a ping every second (presence lives FAIR_PRESENCE_TTL = 3 s here); reconnecting
with a short, jittered backoff. Afterwards: every client is connected to a live process again, HAProxy's health
checks took the dead one out, every acknowledged message is stored once and shown once on the other side, and
presence shows the 50 visitors, not the dead process's sockets, once the TTL has passed."""

import asyncio
import json
import os
import random
import time
import urllib.request
from collections import Counter
from http.cookies import SimpleCookie

import pytest
import websockets
from django.conf import settings

from booths.conversations.models import Message
from scripts.cluster import Cluster
from tests.factories import make_booth, make_user
from tests.realtime.helpers import user_session

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
TTL = 3  # seconds a presence entry lives without a ping, in this test
VISITORS, MESSAGES, CONSOLES = 50, 4, 4
SEND_EVERY = 0.3  # a client sends at most ~3 chat messages a second, under the socket's rate limit with its pings


@pytest.fixture
def cluster(tmp_path):
    database = settings.DATABASES["default"]
    env = {**os.environ, "FAIR_ENV": "test", "FAIR_PRESENCE_TTL": str(TTL), "REDIS_URL": settings.REDIS_URL,
           "FAIR_BEHIND_PROXY": "1",
           "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"}
    with Cluster(env, tmp_path / "cluster", nodes=3, page_servers=1, workers=2) as running:
        yield running


def page_session(url: str) -> str:
    """Open a page through the balancer as a new browser would: the session cookie the page server set."""
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept-Language": "vi"}), timeout=30) as response:
        assert response.status == 200
        cookies = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie"):
            cookies.load(header)
    return cookies[settings.SESSION_COOKIE_NAME].value


class Client:
    """One browser tab's socket: connect, resume, resend the outbox, ping, reconnect on loss."""

    changed: asyncio.Event | None = None  # set whenever any client connects, drops or receives (the test waits on it)

    @classmethod
    def notify(cls) -> None:
        if cls.changed is not None:
            cls.changed.set()

    def __init__(self, url: str, session_key: str):
        self.url, self.session_key = url, session_key
        self.ws = None
        self.outbox: dict[str, dict] = {}  # client id → message, until acknowledged
        self.unsent: list[str] = []  # client ids still to write on the current connection
        self.control: list[dict] = []  # resumes to write on the current connection, before the outbox
        self.errors: list[dict] = []
        self.acked: dict[str, int] = {}
        self.thread: dict[int, dict] = {}  # stored messages seen, by id (shown once each)
        self.last_id = 0
        self.connections = 0
        self.presence: dict | None = None
        self.stopped = False
        self.opened = asyncio.Event()

    async def run(self):
        backoff = 0.2
        while not self.stopped:
            try:
                self.ws = await websockets.connect(
                    self.url, origin="http://localhost", open_timeout=10, ping_interval=None, close_timeout=1,
                    additional_headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={self.session_key}"})
            except (OSError, asyncio.TimeoutError, websockets.exceptions.WebSocketException):
                await asyncio.sleep(backoff * (0.75 + random.random() / 2))
                backoff = min(backoff * 2, 2)
                continue
            backoff = 0.2
            self.connections += 1
            self.unsent = list(self.outbox)  # everything not acknowledged goes again, with its client id
            self.control = []
            writer = asyncio.ensure_future(self.write())
            try:
                await self.send({"type": "chat.resume", "after": self.last_id})
                self.opened.set()
                self.notify()
                async for text in self.ws:
                    self.receive(json.loads(text))
                    self.notify()
            except (OSError, websockets.exceptions.WebSocketException):
                pass
            finally:
                writer.cancel()
                self.opened.clear()
                self.notify()
            if not self.stopped:
                await asyncio.sleep(backoff * (0.75 + random.random() / 2))

    async def send(self, message: dict) -> None:
        await self.ws.send(json.dumps(message))

    async def write(self):
        """The outbox and a ping each second, paced under the server's per-socket rate limit."""
        last_ping = 0.0
        try:
            while True:
                if time.monotonic() - last_ping >= 1:
                    await self.send({"type": "presence.ping"})
                    last_ping = time.monotonic()
                if self.control:
                    await self.send(self.control.pop(0))
                elif self.unsent:
                    client_id = self.unsent.pop(0)
                    if client_id in self.outbox:
                        await self.send(self.outbox[client_id])
                await asyncio.sleep(SEND_EVERY)
        except (OSError, websockets.exceptions.WebSocketException):
            pass

    def queue(self, message: dict) -> None:
        self.outbox[message["client_id"]] = message
        self.unsent.append(message["client_id"])

    def receive(self, message: dict) -> None:
        kind = message["type"]
        if kind == "chat.ack":
            self.outbox.pop(message["client_id"], None)
            self.acked[message["client_id"]] = message["id"]
        elif kind == "chat.message":
            stored = message["message"]
            gap = stored["prev_id"] and stored["prev_id"] > self.last_id and stored["prev_id"] not in self.thread
            self.add(stored)
            if gap and self.resumes_on_gap:
                self.control.append({"type": "chat.resume", "after": self.last_id})
        elif kind == "chat.history":
            for stored in message["messages"]:
                self.add(stored)
        elif kind == "presence.update":
            self.presence = message
        elif kind == "error":
            self.errors.append(message)

    resumes_on_gap = True

    def add(self, stored: dict) -> None:
        self.thread.setdefault(stored["id"], stored)
        self.last_id = max(self.last_id, stored["id"])

    async def close(self):
        self.stopped = True
        if self.ws is not None:
            await self.ws.close()


class Console(Client):
    """A producer's console tab: answers every visitor message assigned to it (the consoles share the work). Like
    the console page, it resumes one conversation on a gap in it, and all after the last id on connect; and it
    opens (resumes) a conversation whose snapshot shows messages it has not seen."""

    resumes_on_gap = False  # gaps are per conversation here (below)

    def __init__(self, url, session_key, number, consoles):
        super().__init__(url, session_key)
        self.number, self.consoles = number, consoles
        self.last_in: dict[int, int] = {}  # conversation → last id seen in it

    def receive(self, message: dict) -> None:
        super().receive(message)
        if message["type"] == "console.snapshot":
            behind = [self.last_in.get(meta["id"], 0) for meta in message["conversations"]
                      if meta["last_message_id"] > self.last_in.get(meta["id"], 0)]
            if behind:  # one resume of every conversation from the earliest message missed
                self.control.append({"type": "chat.resume", "after": min(behind)})

    def add(self, stored: dict) -> None:
        before = self.last_in.get(stored["conversation"], 0)
        if stored["prev_id"] and stored["prev_id"] > before and stored["prev_id"] not in self.thread:
            self.control.append({"type": "chat.resume", "conversation": stored["conversation"], "after": before})
        self.last_in[stored["conversation"]] = max(before, stored["id"])
        super().add(stored)
        if stored["sender"] == "visitor" and stored["id"] % len(self.consoles) == self.number:
            reply = f"re-{stored['id']}"
            if reply not in self.outbox and reply not in self.acked:
                self.queue({"type": "chat.send", "conversation": stored["conversation"], "client_id": reply,
                            "text": f"Dạ, trả lời: {stored['text']}"})


def test_fifty_visitors_chat_through_haproxy_while_a_node_is_killed(cluster):
    booth = make_booth()
    producer_key = user_session(make_user(producer=booth.producer))
    page = f"{cluster.url}/booths/{booth.slug}/"
    socket_url = f"ws://127.0.0.1:{cluster.port}"

    async def script():
        keys = await asyncio.gather(*(asyncio.to_thread(page_session, page) for _ in range(VISITORS)))
        assert len(set(keys)) == VISITORS
        consoles: list[Console] = []
        consoles += [Console(f"{socket_url}/ws/producer/", producer_key, n, consoles) for n in range(CONSOLES)]
        visitors = [Client(f"{socket_url}/ws/booths/{booth.slug}/", key) for key in keys]
        tasks = [asyncio.ensure_future(client.run()) for client in consoles + visitors]

        Client.changed = asyncio.Event()

        async def until(condition, seconds, what):
            """Checks `condition` again each time a client connects, drops or receives, until it holds."""
            deadline = time.monotonic() + seconds
            while True:
                Client.changed.clear()  # before the check: a change during it is not missed
                if condition():
                    return
                left = deadline - time.monotonic()
                assert left > 0, f"not within {seconds} s: {what() if callable(what) else what}"
                try:
                    await asyncio.wait_for(Client.changed.wait(), left)
                except asyncio.TimeoutError:
                    pass

        try:
            await until(lambda: all(c.opened.is_set() for c in consoles + visitors), 30, "every client connected")
            spread = {name: count for name, count in cluster.server_sessions().items() if name.startswith("daphne")}
            assert all(count > 0 for count in spread.values()), f"leastconn spread the sockets: {spread}"

            def say(visitor_number, visitor, n):
                message = {"type": "chat.send", "client_id": f"v{visitor_number}-{n}", "text": f"Khách {visitor_number}, câu {n}"}
                if n == 0:
                    message["name"] = f"Khách {visitor_number}"
                visitor.queue(message)

            for n in range(MESSAGES // 2):
                for number, visitor in enumerate(visitors):
                    say(number, visitor, n)

            def replies(visitor):
                return sum(1 for m in visitor.thread.values() if m["sender"] == "producer")

            await until(lambda: sum(replies(v) > 0 for v in visitors) >= VISITORS // 2, 30, "the conversation going")
            # Mid-conversation: the process holding the most sockets dies without a goodbye.
            victim = max((name for name in spread), key=lambda name: cluster.server_sessions()[name])
            cluster.kill(victim)
            for n in range(MESSAGES // 2, MESSAGES):  # written while a third of the visitors are cut off
                for number, visitor in enumerate(visitors):
                    say(number, visitor, n)
            states = cluster.wait_until(lambda s: s[victim] == "DOWN", seconds=20)
            assert [name for name, state in states.items() if state == "UP"] == [
                name for name in states if name != victim]  # the health checks took out only the dead one

            def finished():
                return (all(not c.outbox for c in consoles + visitors)
                        and all(len(v.acked) == MESSAGES and replies(v) == MESSAGES for v in visitors))

            def progress():
                return (f"visitors with unacknowledged messages {sum(bool(v.outbox) for v in visitors)}, acked "
                        f"{Counter(len(v.acked) for v in visitors)}, answered {Counter(replies(v) for v in visitors)}, "
                        f"console outboxes {[len(c.outbox) for c in consoles]}, connections "
                        f"{Counter(c.connections for c in consoles + visitors)}, open {sum(c.opened.is_set() for c in visitors)}, "
                        f"visitor messages no console saw {unseen()}, replies stored but not shown {unshown()}, "
                        f"unanswered {unanswered()}")

            def unanswered():
                answered = {int(cid[3:]) for c in consoles for cid in c.acked}
                return [(i, i % CONSOLES, consoles[i % CONSOLES].connections, i in consoles[i % CONSOLES].thread,
                         [i in c.thread for c in consoles]) for v in visitors for i in v.acked.values() if i not in answered]

            def unseen():
                seen = set().union(*(c.thread for c in consoles))
                return [(i, v.connections) for v in visitors for i in v.acked.values() if i not in seen]

            def unshown():
                answered = {int(cid[3:]): i for c in consoles for cid, i in c.acked.items()}
                return [(answered[i], v.connections) for v in visitors for i in v.acked.values()
                        if i in answered and answered[i] not in v.thread]

            await until(finished, 40, lambda: f"every message acknowledged and answered ({progress()})")
            reconnected = [c for c in consoles + visitors if c.connections > 1]
            assert reconnected, "the killed process held sockets whose clients came back"
            assert all(c.opened.is_set() for c in consoles + visitors)  # every client is on a live process now

            # Presence: the dead process's entries are not refreshed and expire; what remains is the truth.
            truth = lambda v: v.presence and v.presence["visitors"] == VISITORS and v.presence["producer_online"]  # noqa: E731
            await until(lambda: all(truth(v) for v in visitors), 4 * TTL + 10, "presence converged to 50 visitors")
            return consoles, visitors, victim
        finally:
            for client in consoles + visitors:
                await client.close()
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            Client.changed = None

    consoles, visitors, victim = asyncio.run(script())

    assert not [c.errors for c in consoles + visitors if c.errors]  # nothing refused (the clients keep under the rate limit)
    stored = list(Message.objects.filter(conversation__booth=booth).values("id", "conversation_id", "client_id", "sender"))
    assert len(stored) == VISITORS * MESSAGES * 2  # each visitor message and each reply stored once
    assert not [key for key, count in Counter((m["conversation_id"], m["client_id"]) for m in stored).items() if count > 1]
    by_conversation = {}
    for message in stored:
        by_conversation.setdefault(message["conversation_id"], set()).add(message["id"])
    seen_by_producer = set().union(*(console.thread for console in consoles))
    for number, visitor in enumerate(visitors):
        assert sorted(visitor.acked) == sorted(f"v{number}-{n}" for n in range(MESSAGES))
        conversation = {m["conversation_id"] for m in stored if m["client_id"] == f"v{number}-0"}.pop()
        assert set(visitor.thread) == by_conversation[conversation]  # the visitor's thread is exactly what is stored
        assert set(visitor.acked.values()) <= seen_by_producer  # the producer saw every acknowledged visitor message


def test_make_cluster_starts_the_layout_and_ctrl_c_stops_every_process(tmp_path):
    """`make cluster` (scripts/cluster.py): the balancer answers with a healthy fair, and Ctrl-C ends every process
    it started, leaving none of their ports open."""
    import re
    import signal
    import socket
    import subprocess
    import sys

    from tests.servers import ROOT, free_port

    database = settings.DATABASES["default"]
    port = free_port()
    env = {**os.environ, "FAIR_ENV": "test", "REDIS_URL": settings.REDIS_URL,
           "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"}
    log = open(tmp_path / "cluster.log", "w")
    command = subprocess.Popen([sys.executable, "scripts/cluster.py", "--nodes", "2", "--workers", "1", "--port", str(port),
                                "--no-demo", "--folder", str(tmp_path / "cluster")], cwd=ROOT, env=env, stdout=log,
                               stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 90
        while "runs on 2 daphne processes" not in (tmp_path / "cluster.log").read_text():
            assert command.poll() is None, (tmp_path / "cluster.log").read_text()[-3000:]
            assert time.monotonic() < deadline, "make cluster did not come up"
            time.sleep(0.2)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=10) as response:
            assert json.loads(response.read()) == {"status": "ok", "checks": {"database": "ok", "redis": "ok"}}
        ports = [port] + [int(p) for p in re.findall(r"server \S+ 127\.0\.0\.1:(\d+)", (tmp_path / "cluster" / "haproxy.cfg").read_text())]
        assert len(ports) == 1 + 2 + 1  # the balancer, two daphne processes, one gunicorn
        command.send_signal(signal.SIGINT)  # Ctrl-C
        assert command.wait(timeout=60) == 0
        for each in ports:
            with pytest.raises(OSError):
                socket.create_connection(("127.0.0.1", each), timeout=2).close()
    finally:
        if command.poll() is None:
            command.kill()
            command.wait()
        log.close()
