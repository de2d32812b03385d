"""A Redis that restarts (or fails over) forgets every group: the fair's processes join their groups again,
so live booths keep working. A Redis of the test's own on a free port is killed and started again between two
daphne processes; announcements, stock and presence then reach old and new sockets on both processes."""

import asyncio
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings
from redis.backoff import ExponentialBackoff
from redis.retry import Retry

from tests.factories import make_booth, make_product, make_user
from tests.realtime.helpers import user_session, visitor_session
from tests.servers import daphne_processes, free_port, stop, wait_until_listening
from tests.services.test_live_daphne import open_socket

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


class OwnRedis:
    """redis-server of this test's own on a loopback port, keeping nothing on disk."""

    def __init__(self):
        self.port = free_port()
        self.process = None
        self.log = open(ROOT / "var" / "restart-redis.log", "w")

    def start(self):
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no"],
            stdout=self.log, stderr=subprocess.STDOUT)
        wait_until_listening(self.process, self.port, log=self.log)
        # Listening comes a moment before it answers commands: the client retries (with backoff, bounded) until it does.
        client = redis.Redis(port=self.port, retry=Retry(ExponentialBackoff(cap=0.5, base=0.05), 40),
                             retry_on_error=[redis.exceptions.ConnectionError, redis.exceptions.BusyLoadingError])
        assert client.ping(), "the test's Redis did not answer"

    def kill(self):
        self.process.kill()
        self.process.wait(timeout=10)

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"


@pytest.fixture
def own_redis():
    server = OwnRedis()
    server.start()
    yield server
    stop(server.process)
    server.log.close()


@pytest.fixture
def daphnes(own_redis):
    database = settings.DATABASES["default"]
    env = {
        **os.environ, "FAIR_ENV": "test", "REDIS_URL": own_redis.url, "FAIR_HUB_REFRESH_SECONDS": "1",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
    }
    with daphne_processes(env, name="restart-daphne") as processes:
        yield [port for _, port in processes]


async def seen(ws, accept, timeout):
    """Wait until a message that `accept` takes arrives; True, or False when the time is up."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        try:
            message = json.loads(await asyncio.wait_for(ws.recv(), max(0.05, deadline - loop.time())))
        except asyncio.TimeoutError:
            return False
        if accept(message):
            return True
    return False


def test_live_booths_work_again_on_both_processes_after_redis_restarts(daphnes, own_redis):
    first, second = daphnes
    booth = make_booth()
    product = make_product(booth=booth, stock=9)
    producer_key = user_session(make_user(producer=booth.producer))
    sessions = [visitor_session() for _ in range(30)]  # made here: the script runs in an event loop

    async def script():
        console = await open_socket(first, "/ws/producer/", producer_key)
        old = [await open_socket(port, f"/ws/booths/{booth.slug}/", sessions.pop()) for port in (first, second)]
        own_redis.kill()
        own_redis.start()  # empty: every group, presence entry and session copy is gone
        new = [await open_socket(port, f"/ws/booths/{booth.slug}/", sessions.pop()) for port in (first, second)]
        sockets = old + new
        for ws in [*sockets, console]:
            await ws.send(json.dumps({"type": "presence.ping"}))  # clients ping every 20 s

        # Announcements: the producer sends (a fresh one each try, as a producer would) until every visitor,
        # old or new, on either process, has one; bounded, and soon after Redis is back.
        async def everyone_gets(send, accept, seconds=20):
            waiting = list(sockets)
            deadline = time.monotonic() + seconds
            attempt = 0
            while waiting and time.monotonic() < deadline:
                attempt += 1
                await send(attempt)
                results = await asyncio.gather(*(seen(ws, accept, 2) for ws in waiting))
                waiting = [ws for ws, got in zip(waiting, results) if not got]
            return len(waiting)

        async def announce(n):
            await console.send(json.dumps({"type": "booth.announce", "booth": booth.slug, "client_id": f"a-{n}",
                                           "text": f"Mẻ mật mới số {n}!"}))

        assert await everyone_gets(announce, lambda m: m["type"] == "booth.announcement") == 0

        async def restock(n):
            await console.send(json.dumps({"type": "stock.set", "product": product.slug, "stock": 20 + n}))

        assert await everyone_gets(restock, lambda m: m["type"] == "product.stock" and m["product"] == product.slug) == 0

        # Presence: a visitor arriving on one process is seen by the others on both.
        arrivals = []

        async def arrive(n):
            arrivals.append(await open_socket(second if n % 2 else first, f"/ws/booths/{booth.slug}/", sessions.pop()))

        assert await everyone_gets(arrive, lambda m: m["type"] == "presence.update" and m["visitors"] >= 1) == 0
        for ws in [*sockets, *arrivals, console]:
            await ws.close()

    asyncio.run(script())
