"""`make bench`: the fair's performance figures, each as a ratio against a reference run in the same invocation.

Loopback only, bounded loops, PostgreSQL + Redis on their standard ports (as the service tests).
Every live figure goes through the real stack: daphne, origin validation, session auth, the booth
and producer consumers, presence. References, built and run here:

- a raw `websockets` broadcast server, two processes relaying through Redis pub/sub (bench/raw_server.py);
- Django's hello view on one gunicorn worker (bench/hello_site.py);
- a three.js bundle of WebGLRenderer, GLTFLoader and OrbitControls from the same three.js version.

Runs of the fair and of the reference alternate; each figure is the median of the repetitions and
is flagged "noisy" when its repetitions spread over 25 %. Fan-out is measured for both patterns
(FAIR_FANOUT=consumer, the stock Channels one, and hub, ours): the before/after.

    python bench/run.py            # full sizes (about 4 minutes), writes bench/results/<date>.json and docs/benchmarks.md
    python bench/run.py --smoke    # tiny sizes, for CI: every figure computed, nothing asserted about time
    python bench/run.py --only search   # one stage: search latency (500 vs 50,000 products) and suggestions in flight
    python bench/run.py --only analytics   # dashboards with 1,000,000 events vs 10,000, a rollup, chat with recording
    python bench/run.py --only browser   # idle CPU of settled 3D pages vs light mode; frame time, 100-booth hall vs 4
    python bench/run.py --only live   # livestream: publisher upload with 1 vs N viewers (SFU vs mesh), Janus per viewer,
                                      # go-live to first frame vs direct peer to peer (bench/live.py)
"""

import argparse
import asyncio
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.servers import free_port, stop, wait_until_listening  # noqa: E402

SECRET = "bench-secret-" + "k3Jq9" * 12
DB_NAME = "fair_bench"
BOOTH = "mat-ong-quyet-thang"
HALL = "/fairs/ocop-2026/halls/dac-san/"
FULL = dict(clients=500, messages=20, burst=150, idle=2000, watchers=200, churn=100, orders=20, http_seconds=5, reps=3)
SMOKE = dict(clients=12, messages=4, burst=12, idle=40, watchers=8, churn=8, orders=3, http_seconds=1, reps=1)
LOGS = ROOT / "var" / "bench-logs"


# Processes --------------------------------------------------------------------------------------------

class Stack:
    """Starts and stops the processes of one measurement; every process logs to var/bench-logs/."""

    def __init__(self):
        self.processes = []

    def start(self, name, args, env=None, port=None):
        LOGS.mkdir(parents=True, exist_ok=True)
        log = open(LOGS / f"{name}.log", "w")
        process = subprocess.Popen(args, cwd=ROOT, env=env or os.environ.copy(), stdout=log, stderr=subprocess.STDOUT)
        self.processes.append(process)
        if port:
            wait_until_listening(process, port, seconds=60, log=log)
        return process

    def stop_all(self):
        for process in self.processes:
            stop(process)
        self.processes = []


def app_env(options, fanout="hub"):
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {**inherited, "FAIR_ENV": "production", "DJANGO_SECRET_KEY": SECRET,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost", "FAIR_BEHIND_PROXY": "1",
            "DATABASE_URL": options.database_url, "REDIS_URL": options.redis_url, "FAIR_REDIS_PREFIX": options.prefix,
            "FAIR_CACHE_PREFIX": options.cache_prefix,
            "FAIR_STATIC_ROOT": str(ROOT / "var" / "bench-static"), "FAIR_MEDIA_ROOT": str(ROOT / "var" / "media"),
            "FAIR_FANOUT": fanout, "FAIR_LOG_LEVEL": "WARNING", "FAIR_PRESENCE_TTL": "45",
            "FAIR_SOCKETS_PER_ADDRESS": "100000",  # every simulated visitor comes from 127.0.0.1
            "FAIR_SOCKETS_PER_SESSION": "100"}  # the burst's 9 producer consoles share one staff session


def daphne(stack, options, name, fanout="hub", stage="", extra_env=None):
    """A daphne process of the fair; processes of one stage share a Redis prefix, stages never do (a stage's
    left-over presence or groups must not count in the next)."""
    port = free_port()
    options = argparse.Namespace(**{**vars(options), "prefix": f"{options.prefix}-{stage or name}"})
    stack.start(name, [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port),
                       "--websocket-max-message-size", "65536", "--websocket-max-frame-size", "65536",
                       "fair.asgi:application"], {**app_env(options, fanout), **(extra_env or {})}, port)
    return port


def raw_server(stack, options, name, channel):
    port = free_port()
    stack.start(name, [sys.executable, str(ROOT / "bench" / "raw_server.py"), str(port), options.redis_url, channel],
                port=port)
    return port


def rss_kb(pid) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


# Setup: the bench database, the demo fair, sessions --------------------------------------------------

def setup(options):
    import psycopg

    admin = re.sub(r"/[^/]*$", "/postgres", options.database_url)
    name = options.database_url.rsplit("/", 1)[1] or DB_NAME  # the database the bench was pointed at
    with psycopg.connect(admin, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')
    develop = {**app_env(options), "FAIR_ENV": "development"}
    for args in (["migrate", "--no-input", "-v0"], ["load_demo_fair"]):
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=develop, check=True, stdout=subprocess.DEVNULL)
    production = app_env(options)
    for args in (["collectstatic", "--no-input", "-v0"], ["compress", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=production, check=True, stdout=subprocess.DEVNULL)
    os.environ.update(production)
    os.environ["DJANGO_SETTINGS_MODULE"] = "fair.settings"
    import django

    django.setup()


def sessions(count: int) -> list[str]:
    """Visitor sessions (each with its visitor id), as browsers would have after one page view."""
    import uuid
    from importlib import import_module

    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.core.cache import caches
    from django.utils import timezone

    store = SessionStore()
    expires = timezone.now() + timezone.timedelta(days=1)
    rows = [Session(session_key=uuid.uuid4().hex, session_data=store.encode({"visitor_id": uuid.uuid4().hex}),
                    expire_date=expires) for _ in range(count)]
    Session.objects.bulk_create(rows, batch_size=1000)
    if settings.SESSION_ENGINE.endswith("cached_db"):
        # A page view under cached_db writes the session to the cache too: sockets find it there, as browsers' do.
        engine = import_module(settings.SESSION_ENGINE)
        caches[settings.SESSION_CACHE_ALIAS].set_many(
            {engine.SessionStore(row.session_key).cache_key: store.decode(row.session_data) for row in rows},
            timeout=settings.SESSION_COOKIE_AGE)
    return [row.session_key for row in rows]


def staff_session() -> str:
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    from booths.models import Booth, Product

    booth = Booth.objects.get(slug=BOOTH)
    user, _ = get_user_model().objects.get_or_create(username="bench-producer")
    booth.producer.staff.add(user)
    Product.objects.filter(booth=booth).update(stock=1_000_000)  # orders never run out during the bench
    store = SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    store["_auth_user_hash"] = user.get_session_auth_hash()
    store["visitor_id"] = "bench-producer"
    store.create()
    return store.session_key


# Websocket clients ------------------------------------------------------------------------------------

async def open_socket(url, session=None, origin=None):
    from websockets.asyncio.client import connect

    headers = {}
    if session:
        headers["Cookie"] = f"sessionid={session}"
    if origin:
        headers["Origin"] = origin
    return await connect(url, additional_headers=headers, max_size=2 ** 22, ping_interval=None, open_timeout=60,
                         close_timeout=2)


async def open_many(urls_and_sessions, concurrency=50):
    """Open sockets (url, session, origin) with bounded concurrency; each waits for its first message."""
    semaphore = asyncio.Semaphore(concurrency)

    async def one(url, session, origin):
        async with semaphore:
            socket = await open_socket(url, session, origin)
            await asyncio.wait_for(socket.recv(), 30)  # presence.update (fair) or hello (reference)
            return socket

    return await asyncio.gather(*(one(*item) for item in urls_and_sessions))


MARK = re.compile(r"bench:(\d+):([0-9.]+)")
STORED = re.compile(r'"created": "([^"]+)"')
ANNOUNCEMENT_ID = re.compile(r'"announcement": \{"id": (\d+)')


class Listener:
    """Reads one socket, recording when each marked message (bench:<seq>:<sent>) arrives."""

    def __init__(self, socket):
        self.socket = socket
        self.seen: dict[int, float] = {}
        self.after_store: dict[int, float] = {}
        self.recovered: set[int] = set()
        self.last_id = 0  # the last announcement id this client saw (where a resume starts)
        self.other: list[str] = []
        self.task = asyncio.ensure_future(self.run())

    async def run(self):
        try:
            async for text in self.socket:
                now = time.monotonic()
                if '"type": "booth.announcements"' in text:  # the answer to booth.resume: what was missed
                    self.recovered.update(int(seq) for seq, _sent in MARK.findall(text))
                    continue
                found = MARK.search(text)
                if found:
                    seq = int(found.group(1))
                    announced = ANNOUNCEMENT_ID.search(text)
                    if announced:
                        self.last_id = max(self.last_id, int(announced.group(1)))
                    self.seen.setdefault(seq, (now - float(found.group(2)), now))
                    created = STORED.search(text)
                    if created and seq not in self.after_store:
                        from datetime import datetime

                        self.after_store[seq] = time.time() - datetime.fromisoformat(created.group(1)).timestamp()
                else:
                    self.other.append(text)
        except Exception:  # noqa: BLE001 - a closed socket ends its listener
            pass


def percentile(values, q):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def fanout_round(listeners, send, messages, *, paced=0.05, settle=15.0, base=0):
    """Send `messages` marked messages; wait until every listener has them (or `settle` s); the figures."""
    first = time.monotonic()
    for number in range(messages):
        await send(base + number, time.monotonic())
        if paced:
            await asyncio.sleep(paced)
    expected = set(range(base, base + messages))
    deadline = time.monotonic() + settle
    while time.monotonic() < deadline and not all(expected <= set(l.seen) for l in listeners):
        await asyncio.sleep(0.02)
    latencies = [l.seen[n][0] for l in listeners for n in expected if n in l.seen]
    arrivals = [l.seen[n][1] for l in listeners for n in expected if n in l.seen]
    delivered = len(latencies)
    stored = [l.after_store[n] for l in listeners for n in expected if n in l.after_store] or latencies
    return {"p50_ms": percentile(latencies, 0.5) * 1000, "p99_ms": percentile(latencies, 0.99) * 1000,
            "stored_p50_ms": percentile(stored, 0.5) * 1000, "stored_p99_ms": percentile(stored, 0.99) * 1000,
            "delivered": delivered, "expected": len(expected) * len(listeners),
            "per_second": delivered / max(1e-6, max(arrivals) - first) if delivered else 0.0,
            "missing": {id(l): sorted(expected - set(l.seen)) for l in listeners}}


async def fair_live(options, sizes, fanout):
    """The fair: two daphne processes + Redis, `clients` visitors in one booth, a producer announcing."""
    stack = Stack()
    try:
        ports = [daphne(stack, options, f"daphne-{fanout}-{i}", fanout, stage=f"live-{fanout}") for i in (1, 2)]
        keys = sessions(sizes["clients"])
        items = [(f"ws://127.0.0.1:{ports[i % 2]}/ws/booths/{BOOTH}/", key, f"http://127.0.0.1:{ports[i % 2]}")
                 for i, key in enumerate(keys)]
        started = time.monotonic()
        sockets = await open_many(items)
        setup_seconds = time.monotonic() - started
        listeners = [Listener(s) for s in sockets]
        consoles = [await open_socket(f"ws://127.0.0.1:{ports[0]}/ws/producer/", STAFF, f"http://127.0.0.1:{ports[0]}")
                    for _ in range(max(1, sizes["burst"] // 18 + 1))]
        console_listeners = [Listener(c) for c in consoles]
        await asyncio.sleep(0.5)
        counter = {"n": 0}

        async def announce(seq, sent, console=0):
            counter["n"] += 1
            client_id = f"b-{fanout}-{seq}-{counter['n']}-{time.time()}"
            await consoles[console].send(json.dumps({"type": "booth.announce", "booth": BOOTH, "client_id": client_id,
                                                     "text": f"bench:{seq}:{sent:.6f}"}))

        async def burst_send(seq, sent):
            await announce(seq, sent, console=(seq // 18) % len(consoles))  # 18 per console: under its rate limit

        async def round_send(seq, sent):
            await announce(seq, sent, console=seq % len(consoles))  # the consoles take turns: no rate limit hit

        rounds = []
        for rep in range(sizes["reps"]):
            rounds.append(await fanout_round(listeners, round_send, sizes["messages"], base=rep * 1000))
            await asyncio.sleep(1.0)
        before_burst = {id(l): l.last_id for l in listeners}
        burst = await fanout_round(listeners, burst_send, sizes["burst"], paced=0, settle=30, base=100_000)
        # Whoever missed some asks for them again (booth.resume), as the booth page does on a gap.
        missed = sum(1 for l in listeners if burst["missing"][id(l)])
        recovered = 0
        for listener in listeners:
            if burst["missing"][id(listener)]:
                await listener.socket.send(json.dumps({"type": "booth.resume", "after": before_burst[id(listener)]}))
        await asyncio.sleep(2)
        for listener in listeners:
            recovered += len(set(burst["missing"][id(listener)]) & listener.recovered)
        console_errors = [text for listener in console_listeners for text in listener.other if '"type": "error"' in text]
        for socket in sockets + consoles:
            await socket.close()
        for listener in listeners + console_listeners:
            listener.task.cancel()
        return {"setup_s": setup_seconds, "rounds": rounds, "burst": burst, "burst_missing_clients": missed,
                "burst_recovered": recovered, "console_errors": console_errors[:5]}
    finally:
        stack.stop_all()


async def raw_live(options, sizes):
    """The reference: two raw websockets processes relaying through Redis pub/sub."""
    stack = Stack()
    channel = f"{options.prefix}:raw"
    try:
        ports = [raw_server(stack, options, f"raw-{i}", channel) for i in (1, 2)]
        items = [(f"ws://127.0.0.1:{ports[i % 2]}/", None, None) for i in range(sizes["clients"])]
        started = time.monotonic()
        sockets = await open_many(items)
        setup_seconds = time.monotonic() - started
        listeners = [Listener(s) for s in sockets]
        sender = await open_socket(f"ws://127.0.0.1:{ports[0]}/")
        await sender.recv()

        async def announce(seq, sent):
            await sender.send(json.dumps({"type": "announce", "text": f"bench:{seq}:{sent:.6f}"}))

        rounds = []
        for rep in range(sizes["reps"]):
            rounds.append(await fanout_round(listeners, announce, sizes["messages"], base=rep * 1000))
            await asyncio.sleep(0.25)
        burst = await fanout_round(listeners, announce, sizes["burst"], paced=0, settle=30, base=100_000)
        for socket in sockets + [sender]:
            await socket.close()
        for listener in listeners:
            listener.task.cancel()
        return {"setup_s": setup_seconds, "rounds": rounds, "burst": burst}
    finally:
        stack.stop_all()


async def memory(options, sizes, fair: bool):
    """RSS per idle connection on one process: the fair's daphne (with session auth) or the raw server."""
    stack = Stack()
    try:
        if fair:
            port = daphne(stack, options, "daphne-memory")
            keys = sessions(sizes["idle"])
            url = f"ws://127.0.0.1:{port}/ws/booths/{BOOTH}/"
            items = [(url, key, f"http://127.0.0.1:{port}") for key in keys]
            warm = [(url, sessions(1)[0], f"http://127.0.0.1:{port}")]
        else:
            port = raw_server(stack, options, "raw-memory", f"{options.prefix}:mem")
            items = [(f"ws://127.0.0.1:{port}/", None, None)] * sizes["idle"]
            warm = items[:1]
        process = stack.processes[0]
        warmed = await open_many(warm)  # the first connection loads what every later one shares
        await asyncio.sleep(1)
        before = rss_kb(process.pid)
        sockets = await open_many(items, concurrency=100)
        await asyncio.sleep(2)
        after = rss_kb(process.pid)
        for socket in sockets + warmed:
            await socket.close()
        return (after - before) / len(items)
    finally:
        stack.stop_all()


async def presence_churn(options, sizes):
    """Visitors join and leave (some killed without a goodbye) while others watch the booth's presence:
    how long until what every watcher shows equals the truth."""
    stack = Stack()
    try:
        port = daphne(stack, options, "daphne-presence")
        origin = f"http://127.0.0.1:{port}"
        url = f"ws://127.0.0.1:{port}/ws/booths/{BOOTH}/"
        watchers = await open_many([(url, key, origin) for key in sessions(sizes["watchers"])])
        latest = [None] * len(watchers)

        async def watch(index, socket):
            try:
                async for text in socket:
                    message = json.loads(text)
                    if message.get("type") == "presence.update" and message.get("booth") == BOOTH:
                        latest[index] = message["visitors"]
            except Exception:  # noqa: BLE001
                pass

        tasks = [asyncio.ensure_future(watch(i, s)) for i, s in enumerate(watchers)]
        churners = await open_many([(url, key, origin) for key in sessions(sizes["churn"])])
        quarter = len(churners) // 4
        for socket in churners[:quarter]:
            await socket.close()  # leave politely
        for socket in churners[quarter:2 * quarter]:
            socket.transport.abort()  # killed: no close frame, the TCP connection just drops
        truth = len(watchers) + len(churners) - 2 * quarter
        started = time.monotonic()
        while time.monotonic() - started < 10 and not all(value == truth for value in latest):
            await asyncio.sleep(0.02)
        converged = time.monotonic() - started
        correct = all(value == truth for value in latest)
        for socket in watchers + churners[2 * quarter:]:
            await socket.close()
        for task in tasks:
            task.cancel()
        return {"converged_s": converged, "correct": correct, "truth": truth, "shown": sorted(set(latest), key=str)}
    finally:
        stack.stop_all()


async def order_notification(options, sizes):
    """A visitor places an order over the booth socket → the producer's console hears of it. And the
    reference: one message's round trip through a raw server and Redis."""
    stack = Stack()
    try:
        port = daphne(stack, options, "daphne-orders")
        origin = f"http://127.0.0.1:{port}"
        visitor = (await open_many([(f"ws://127.0.0.1:{port}/ws/booths/{BOOTH}/", sessions(1)[0], origin)]))[0]
        console = await open_socket(f"ws://127.0.0.1:{port}/ws/producer/", STAFF, origin)
        await console.recv()
        from booths.models import Product

        product = Product.objects.filter(booth__slug=BOOTH).first().slug
        times = []
        for number in range(sizes["orders"]):
            sent = time.monotonic()
            await visitor.send(json.dumps({
                "type": "order.place", "idempotency_key": f"bench-{time.time()}-{number}",
                "lines": [{"product": product, "quantity": 1}],
                "contact": {"name": "Bench", "phone": "0900000000", "address": "12 Loopback Street, Hanoi", "note": "", "payment": "cod"}}))
            while True:
                message = json.loads(await asyncio.wait_for(console.recv(), 10))
                if message["type"] == "order.status" and message.get("new"):
                    times.append(time.monotonic() - sent)
                    break
        await visitor.close()
        await console.close()
        stack.stop_all()
        port = raw_server(stack, options, "raw-echo", f"{options.prefix}:echo")
        socket = await open_socket(f"ws://127.0.0.1:{port}/")
        await socket.recv()
        reference = []
        for number in range(sizes["orders"]):
            sent = time.monotonic()
            await socket.send(json.dumps({"type": "echo", "text": f"n{number}"}))
            while json.loads(await asyncio.wait_for(socket.recv(), 10)).get("text") != f"n{number}":
                pass
            reference.append(time.monotonic() - sent)
        await socket.close()
        return {"fair_ms": statistics.median(times) * 1000, "reference_ms": statistics.median(reference) * 1000}
    finally:
        stack.stop_all()


# Pages --------------------------------------------------------------------------------------------------

def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if shutil.which("apt-get") and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], env=env, check=False, stdout=subprocess.DEVNULL)
    found = shutil.which("wrk")
    if not found:
        raise SystemExit("The page benchmark needs wrk (Debian package `wrk`); install it or run as root.")
    return found


def wrk(url, seconds, connections=16, cookie="") -> float:
    import urllib.request

    deadline = time.monotonic() + 60
    while True:  # gunicorn listens before its workers are ready: wait for a first answer
        try:
            request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https", "Cookie": cookie})
            if urllib.request.urlopen(request, timeout=10).status == 200:
                break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    headers = ["-H", "X-Forwarded-Proto: https", "-H", "Accept-Language: vi"] + (["-H", f"Cookie: {cookie}"] if cookie else [])
    result = subprocess.run([ensure_wrk(), "-t2", f"-c{connections}", f"-d{seconds}s", *headers, url],
                            capture_output=True, text=True, check=True)
    found = re.search(r"Requests/sec:\s+([0-9.]+)", result.stdout)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
    if non2xx:
        raise SystemExit(f"{url} answered errors under load:\n{result.stdout}")
    return float(found.group(1))


def pages(options, sizes):
    """Hall page requests per second in the production layout (gunicorn, 2 × cores + 1 workers) and Django's
    hello view on one gunicorn worker; interleaved repetitions."""
    workers = 2 * (os.cpu_count() or 2) + 1
    cookie = f"sessionid={sessions(1)[0]}"  # a returning visitor (a first visit also writes its session)
    fair_runs, hello_runs = [], []
    for rep in range(sizes["reps"]):
        for which in ("hello", "fair"):
            stack = Stack()
            try:
                port = free_port()
                if which == "fair":
                    stack.start("gunicorn-fair", [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}",
                                                  "--log-level", "warning", "fair.wsgi:application"], app_env(options), port)
                    url = f"http://127.0.0.1:{port}{HALL}"
                else:
                    stack.start("gunicorn-hello", [sys.executable, "-m", "gunicorn", "-w", "1", "-b", f"127.0.0.1:{port}",
                                                   "--log-level", "warning", "bench.hello_site:application"], port=port)
                    url = f"http://127.0.0.1:{port}/"
                wrk(url, 1, cookie=cookie)  # warm up
                (fair_runs if which == "fair" else hello_runs).append(wrk(url, sizes["http_seconds"], cookie=cookie))
            finally:
                stack.stop_all()
    return {"fair_rps": fair_runs, "hello_rps": hello_runs, "workers": workers}


def queries():
    """Database queries per page and per socket action, at the demo's size and with 200 more booths in the hall."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from booths.conversations import services as chat
    from booths.conversations.models import Conversation
    from booths.models import Booth, Producer, Product
    from booths.orders import services as ordering
    from fair.models import Hall

    client = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="127.0.0.1")

    def count(url):
        client.get(url)  # sessions and caches warm
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return len(captured)

    from fair.cache import content_changed

    def uncached(url):
        content_changed()  # what building the page costs, as after any change
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return len(captured)

    booth = Booth.objects.get(slug=BOOTH)
    result = {"hall_page_cached": count(HALL), "hall_page": uncached(HALL), "booth_page": count(f"/booths/{BOOTH}/")}
    conversation = chat.conversation_for_visitor(booth=booth, visitor_id="bench-q")
    with CaptureQueriesContext(connection) as captured:
        chat.message_send(conversation=conversation, sender="visitor", client_id=f"q-{time.time()}", text="Còn hàng không?")
    result["chat_send"] = len(captured)
    product = Product.objects.filter(booth=booth).first()
    with CaptureQueriesContext(connection) as captured:
        ordering.order_place(booth=booth, visitor_id="bench-q", lines=[{"product": product.slug, "quantity": 1}],
                             contact={"name": "Bench", "phone": "0900000000", "address": "12 Loopback Street, Hanoi",
                                      "note": "", "payment": "cod"},
                             idempotency_key=f"q-{time.time()}")
    result["order_place"] = len(captured)
    hall = Hall.objects.get(slug="dac-san")
    producer = Producer.objects.create(slug=f"bench-{int(time.time())}", name="Bench", province="Loopback")
    extra = Booth.objects.bulk_create([Booth(producer=producer, slug=f"{producer.slug}-{i}", title_vi=f"Gian {i}", hall=hall,
                                             position_x=i % 20 * 6, position_z=i // 20 * 6) for i in range(200)])
    Product.objects.bulk_create([Product(booth=b, slug=f"{b.slug}-p", name_vi="Sản phẩm", category="honey", price_vnd=1000,
                                         unit_vi="hũ", stock=5, stars=3, certificate_level="district", certificate_number="x",
                                         certificate_year=2025, certificate_authority="x", origin="x") for b in extra])
    try:
        result["hall_page_200_more_booths"] = uncached(HALL)
    finally:
        Booth.objects.filter(producer=producer).delete()
        producer.delete()
        Conversation.objects.filter(visitor_id="bench-q").delete()
    return result


def page_weight():
    """First-load JavaScript of the 3D pages (gzipped), against a reference three.js bundle of the same version."""
    sizes = json.loads((ROOT / "static" / "build" / "sizes.json").read_text())
    entry = ROOT / "var" / "bench-reference.js"
    entry.write_text('import { WebGLRenderer } from "three";\nimport { GLTFLoader } from "three/addons/loaders/GLTFLoader.js";\n'
                     'import { OrbitControls } from "three/addons/controls/OrbitControls.js";\n'
                     'window.ref = [WebGLRenderer, GLTFLoader, OrbitControls];\n')
    out = ROOT / "var" / "bench-reference.out.js"
    esbuild = ROOT / "frontend" / "node_modules" / ".bin" / "esbuild"
    subprocess.run([str(esbuild), str(entry), "--bundle", "--minify", "--format=iife", f"--outfile={out}", "--log-level=warning"],
                   cwd=ROOT / "frontend", check=True, env={**os.environ, "NODE_PATH": str(ROOT / "frontend" / "node_modules")})
    reference = len(gzip.compress(out.read_bytes(), 9))
    from booths.models import Product, TourStep

    def sizes_of(files):
        return [file.size for file in files if file and file.storage.exists(file.name)]

    glbs = sizes_of(product.model_glb for product in Product.objects.exclude(model_glb=""))
    panoramas = sizes_of(step.panorama for step in TourStep.objects.exclude(panorama=""))
    return {
        # The 3D bundles need the shared three.js bundle first (`"needs": "three"` in sizes.json): it counts.
        "hall_js_gz": sizes["mode"]["gzip"] + sizes["three"]["gzip"] + sizes["hall"]["gzip"] + sizes["presence"]["gzip"],
        "booth_js_gz": sizes["mode"]["gzip"] + sizes["three"]["gzip"] + sizes["booth"]["gzip"] + sizes["live"]["gzip"],
        "light_js_gz": sizes["mode"]["gzip"] + sizes["live"]["gzip"] + sizes["presence"]["gzip"],
        "xr_on_demand_gz": sizes.get("xr", {}).get("gzip", 0),
        "reference_three_gz": reference,
        "glb_median_bytes": statistics.median(glbs) if glbs else 0, "glb_max_bytes": max(glbs, default=0),
        "panorama_median_bytes": statistics.median(panoramas) if panoramas else 0,
    }


# Putting it together -------------------------------------------------------------------------------------

def spread(values):
    values = [v for v in values if v == v]
    if len(values) < 2:
        return 0.0
    middle = statistics.median(values)
    return (max(values) - min(values)) / middle if middle else 0.0


def figure(name, value, reference, unit, target, better="lower", values=(), reference_values=(), note=""):
    ratio = value / reference if reference else float("nan")
    met = None
    if target is not None:
        met = ratio <= target if better == "lower" else ratio >= target
    noisy = spread(values) > 0.25 or spread(reference_values) > 0.25
    return {"name": name, "value": value, "reference": reference, "unit": unit, "ratio": ratio, "target": target,
            "better": better, "met": met, "noisy": noisy, "note": note}


async def live(options, sizes):
    results = {}
    # Interleaved: reference, stock pattern, ours, per repetition inside each run; the runs themselves alternate.
    results["raw"] = await raw_live(options, sizes)
    results["consumer"] = await fair_live(options, sizes, "consumer")
    results["hub"] = await fair_live(options, sizes, "hub")
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny sizes (CI): every figure, in seconds")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", f"postgresql://postgres@127.0.0.1:5432/{DB_NAME}"))
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0")
    parser.add_argument("--output", default=None, help="where the JSON goes (default bench/results/<date>.json)")
    parser.add_argument("--only", choices=["search", "analytics", "browser", "live"], default=None,
                        help="run one stage only (its figures go to their own part of docs/benchmarks.md)")
    options = parser.parse_args()
    options.prefix = options.cache_prefix = f"bench-{os.getpid()}"
    sizes = SMOKE if options.smoke else FULL
    began = time.monotonic()
    print(f"bench: {'smoke' if options.smoke else 'full'} sizes {sizes}", flush=True)
    if options.only == "live":  # the media path only: no database, no Redis
        from bench.live import live_stage

        return live_stage(options, began)
    setup(options)
    if options.only == "search":
        return search_stage(options, sizes, began)
    if options.only == "analytics":
        return analytics_stage(options, sizes, began)
    if options.only == "browser":
        return browser_stage(options, sizes, began)
    global STAFF
    STAFF = staff_session()
    # The orchestrator makes sessions and counts queries between awaits: plain sync ORM calls, on purpose.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    live_results = asyncio.run(live(options, sizes))
    raw, consumer, hub = live_results["raw"], live_results["consumer"], live_results["hub"]

    def series(result, key):
        return [r[key] for r in result["rounds"]]

    memory_fair = asyncio.run(memory(options, sizes, fair=True))
    memory_raw = asyncio.run(memory(options, sizes, fair=False))
    churn = asyncio.run(presence_churn(options, sizes))
    orders = asyncio.run(order_notification(options, sizes))
    page_runs = pages(options, sizes)
    query_counts = queries()
    weight = page_weight()

    figures = []
    for label, result in (("stock Channels pattern (before)", consumer), ("hub (after)", hub)):
        figures += [
            figure(f"Fan-out p50 latency, {sizes['clients']} clients, 2 daphne + Redis — {label}",
                   statistics.median(series(result, "p50_ms")), statistics.median(series(raw, "p50_ms")), "ms", 2.0,
                   values=series(result, "p50_ms"), reference_values=series(raw, "p50_ms")),
            figure(f"Fan-out p99 latency — {label}", statistics.median(series(result, "p99_ms")),
                   statistics.median(series(raw, "p99_ms")), "ms", 3.0,
                   values=series(result, "p99_ms"), reference_values=series(raw, "p99_ms")),
            figure(f"Fan-out p50 after the announcement is stored (created → delivered) — {label}",
                   statistics.median(series(result, "stored_p50_ms")), statistics.median(series(raw, "p50_ms")), "ms", 2.0,
                   values=series(result, "stored_p50_ms"), reference_values=series(raw, "p50_ms"),
                   note="the raw reference stores nothing: its end-to-end time"),
            figure(f"Fan-out p99 after the announcement is stored — {label}",
                   statistics.median(series(result, "stored_p99_ms")), statistics.median(series(raw, "p99_ms")), "ms", 3.0,
                   values=series(result, "stored_p99_ms"), reference_values=series(raw, "p99_ms")),
            figure(f"Fan-out deliveries per second — {label}", statistics.median(series(result, "per_second")),
                   statistics.median(series(raw, "per_second")), "msg/s", 0.5, better="higher",
                   values=series(result, "per_second"), reference_values=series(raw, "per_second")),
            figure(f"Burst of {sizes['burst']} messages, drain rate — {label}", result["burst"]["per_second"],
                   raw["burst"]["per_second"], "msg/s", 0.3, better="higher",
                   note=f"delivered {result['burst']['delivered']}/{result['burst']['expected']} live; "
                        f"{result['burst_missing_clients']} clients missed some, {result['burst_recovered']} recovered by booth.resume"),
            figure(f"Connection setup, {sizes['clients']} clients (auth, group join, presence) — {label}", result["setup_s"],
                   raw["setup_s"], "s", 3.0),
        ]
    figures += [
        figure(f"Memory per idle connection, {sizes['idle']} connections, one process, with auth", memory_fair, memory_raw,
               "KB", 3.0),
        figure(f"Presence churn: {sizes['churn']} join and leave (a quarter killed) while {sizes['watchers']} watch; "
               "time until every watcher shows the truth", churn["converged_s"], 2.0, "s", 1.0,
               note=f"reference is the 2 s target; all watchers correct: {churn['correct']} ({churn['truth']} visitors)"),
        figure("Order placed → producer console hears of it (median)", orders["fair_ms"], orders["reference_ms"], "ms", None,
               note="reference: one message's round trip through a raw server and Redis"),
        figure(f"Hall page throughput, gunicorn {page_runs['workers']} workers (production layout) vs hello on 1 worker",
               statistics.median(page_runs["fair_rps"]), statistics.median(page_runs["hello_rps"]), "req/s", 0.5,
               better="higher", values=page_runs["fair_rps"], reference_values=page_runs["hello_rps"]),
        figure("Hall first-load JavaScript (gzipped) vs three.js renderer + GLTFLoader + OrbitControls",
               weight["hall_js_gz"] / 1024, weight["reference_three_gz"] / 1024, "KB", 1.3),
    ]
    result = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "smoke": options.smoke, "sizes": sizes,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "versions": versions(), "figures": figures, "queries": query_counts, "page_weight": weight,
        "raw": {k: v for k, v in live_results.items()}, "presence": churn, "orders": orders, "pages": page_runs,
        "seconds": time.monotonic() - began,
    }
    for item in result["raw"].values():
        item["burst"].pop("missing", None)
        for round_ in item["rounds"]:
            round_.pop("missing", None)
    name = f"{time.strftime('%Y-%m-%d', time.gmtime())}{'-smoke' if options.smoke else ''}.json"
    out = Path(options.output) if options.output else ROOT / "bench" / "results" / name
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(table(result))
    if not options.smoke:
        write_doc(result)
    print(f"bench: {result['seconds']:.0f} s, results in {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 0


def versions():
    import channels
    import daphne
    import django
    import websockets

    three = json.loads((ROOT / "frontend" / "node_modules" / "three" / "package.json").read_text())["version"]
    return {"django": django.get_version(), "channels": channels.__version__, "daphne": daphne.__version__,
            "websockets": websockets.__version__, "three": three}


def table(result) -> str:
    lines = ["| figure | fair | reference | ratio | target | |", "| --- | ---: | ---: | ---: | ---: | --- |"]
    for f in result["figures"]:
        target = "" if f["target"] is None else ("≤ " if f["better"] == "lower" else "≥ ") + f"{f['target']}×"
        verdict = "" if f["met"] is None else ("met" if f["met"] else "**not met**")
        if f["noisy"]:
            verdict += " (noisy)"
        note = f" ({f['note']})" if f["note"] else ""
        lines.append(f"| {f['name']}{note} | {f['value']:.2f} {f['unit']} | {f['reference']:.2f} {f['unit']} | "
                     f"{f['ratio']:.2f}× | {target} | {verdict.strip()} |")
    q = result["queries"]
    lines += ["", "| database queries | count |", "| --- | ---: |"]
    lines += [f"| {name.replace('_', ' ')} | {value} |" for name, value in q.items()]
    w = result["page_weight"]
    lines += ["", "| page weight | gzipped |", "| --- | ---: |"]
    lines += [f"| {name.replace('_', ' ')} | {value / 1024:.1f} KB |" for name, value in w.items()]
    return "\n".join(lines)


def write_doc(result) -> None:
    doc = ROOT / "docs" / "benchmarks.md"
    text = doc.read_text() if doc.exists() else ""
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    current = (f"{start}\nRun of {result['date']} on {result['machine']['cpus']} cores, Python {result['machine']['python']}, "
               f"{', '.join(f'{k} {v}' for k, v in result['versions'].items())}; sizes {result['sizes']}; "
               f"{result['seconds']:.0f} s in all.\n\n{table(result)}\n{end}")
    if start in text:
        text = text[:text.index(start)] + current + text[text.index(end) + len(end):]
    else:
        text = text + "\n" + current + "\n"
    doc.write_text(text)


def search_stage(options, sizes, began) -> int:
    """Search latency with 50,000 products against 500 (index use, not scanning), and suggestion requests in
    flight while a visitor types 10 characters (bench/search.py)."""
    from bench import search as stage

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API beside the ORM, as in the e2e tests
    found = stage.latency({**sizes, "smoke": options.smoke})
    stack = Stack()
    try:
        # The development server (it serves the static files the box's code comes from), on the bench database.
        port = free_port()
        stack.start("search", [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
                    {**app_env(options), "FAIR_ENV": "development"}, port)
        typing = stage.in_flight(f"http://127.0.0.1:{port}")
    finally:
        stack.stop_all()
    figures = [
        figure(f"Search page p50, {found['large']:,} products vs {found['small']:,}", found["large_p50"], found["small_p50"],
               "ms", 2.0, values=found["large_ms"], reference_values=found["small_ms"],
               note=f"GIN index in the plan: {found['uses_index']}"),
        figure(f"Search page p95, {found['large']:,} products vs {found['small']:,}", found["large_p95"], found["small_p95"],
               "ms", 2.0),
    ]
    for delay, seen in typing.items():
        figures.append(figure(f"Suggestion requests in flight at once, typing 10 characters {delay} ms apart",
                              seen["max_in_flight"], 1, "requests", 1.0,
                              note=f"{seen['requests']} requests sent for 10 keystrokes"))
    result = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "smoke": options.smoke, "stage": "search",
              "machine": {"cpus": os.cpu_count(), "python": platform.python_version()}, "figures": figures,
              "latency": {k: v for k, v in found.items() if not k.endswith("_ms")}, "typing": typing,
              "seconds": time.monotonic() - began}
    name = f"{time.strftime('%Y-%m-%d', time.gmtime())}-search{'-smoke' if options.smoke else ''}.json"
    out = Path(options.output) if options.output else ROOT / "bench" / "results" / name
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    lines = ["| figure | fair | reference | ratio | target | |", "| --- | ---: | ---: | ---: | ---: | --- |"]
    for f in figures:
        verdict = "" if f["met"] is None else ("met" if f["met"] else "**not met**")
        note = f" ({f['note']})" if f["note"] else ""
        lines.append(f"| {f['name']}{note} | {f['value']:.2f} {f['unit']} | {f['reference']:.2f} {f['unit']} | "
                     f"{f['ratio']:.2f}× | ≤ {f['target']}× | {verdict} |")
    print("\n".join(lines))
    if not options.smoke:
        doc = ROOT / "docs" / "benchmarks.md"
        text = doc.read_text()
        start, end = "<!-- bench:search:start -->", "<!-- bench:search:end -->"
        current = (f"{start}\nRun of {result['date']} on {os.cpu_count()} cores (`python bench/run.py --only search`), "
                   f"PostgreSQL; {result['seconds']:.0f} s in all.\n\n" + "\n".join(lines) + f"\n{end}")
        text = (text[:text.index(start)] + current + text[text.index(end) + len(end):]) if start in text \
            else text + "\n## Search\n\n" + (stage.__doc__.split("\n\n", 1)[1].strip()) + "\n\n" + current + "\n"
        doc.write_text(text)
    print(f"bench: {result['seconds']:.0f} s, results in {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 0


def analytics_stage(options, sizes, began) -> int:
    """Dashboards with 1,000,000 events against 10,000, the rollup of 1,000,000 events, and chat with recording on
    against FAIR_ANALYTICS=0 (bench/analytics.py)."""
    from bench import analytics as stage

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # the orchestrator makes sessions between awaits
    found = stage.dashboards({**sizes, "smoke": options.smoke})
    # 20 visitors writing every 0.25 s: a busy booth, below the point where the one database thread of a daphne
    # process saturates (there any added microsecond multiplies into queueing and the figure measures the queue).
    visitors, rounds, reps = (8, 2, 1) if options.smoke else (20, 8, 5)
    chat = {"on": [], "off": [], "on_p99": [], "off_p99": []}
    for rep in range(reps):
        for switch in ("off", "on") if rep % 2 == 0 else ("on", "off"):  # alternate which goes first
            stack = Stack()
            try:
                port = daphne(stack, options, f"daphne-analytics-{switch}", stage=f"analytics-{switch}-{rep}",
                              extra_env={"FAIR_ANALYTICS": "1" if switch == "on" else "0"})
                latencies = asyncio.run(stage.chat_round_trip(
                    f"ws://127.0.0.1:{port}/ws/booths/{BOOTH}/", f"http://127.0.0.1:{port}", sessions(visitors), rounds))
            finally:
                stack.stop_all()
            chat[switch].append(percentile(latencies, 0.5) * 1000)
            chat[f"{switch}_p99"].append(percentile(latencies, 0.99) * 1000)
    figures = [
        figure(f"Analytics dashboards (fair, halls, booths, products, hours, heat maps; a booth's), {found['large']:,} "
               f"events vs {found['small']:,}", found["large_p50"], found["small_p50"], "ms", 1.5,
               values=found["large_ms"], reference_values=found["small_ms"],
               note=f"{found['large_hour_rows']:,} vs {found['small_hour_rows']:,} hour rollup rows"),
        figure(f"Rollup of {found['large']:,} events ({found['large_days']} days) vs {found['small']:,}",
               found["large_rollup_s"], found["small_rollup_s"], "s", None,
               note=f"run again with nothing new: {found['large_rollup_again_s']:.2f} s"),
        figure(f"Chat round trip p50 ({visitors} visitors writing), recording on vs FAIR_ANALYTICS=0",
               statistics.median(chat["on"]), statistics.median(chat["off"]), "ms", 1.1,
               values=chat["on"], reference_values=chat["off"]),
        figure("Chat round trip p99, recording on vs off", statistics.median(chat["on_p99"]),
               statistics.median(chat["off_p99"]), "ms", None),
    ]
    result = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "smoke": options.smoke, "stage": "analytics",
              "machine": {"cpus": os.cpu_count(), "python": platform.python_version()}, "figures": figures,
              "dashboards": {k: v for k, v in found.items() if not k.endswith("_ms") and k != "explain"}, "chat": chat,
              "seconds": time.monotonic() - began}
    name = f"{time.strftime('%Y-%m-%d', time.gmtime())}-analytics{'-smoke' if options.smoke else ''}.json"
    out = Path(options.output) if options.output else ROOT / "bench" / "results" / name
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    lines = ["| figure | fair | reference | ratio | target | |", "| --- | ---: | ---: | ---: | ---: | --- |"]
    for f in figures:
        verdict = "" if f["met"] is None else ("met" if f["met"] else "**not met**")
        if f["noisy"]:
            verdict += " (noisy)"
        target = "" if f["target"] is None else f"≤ {f['target']}×"
        note = f" ({f['note']})" if f["note"] else ""
        lines.append(f"| {f['name']}{note} | {f['value']:.2f} {f['unit']} | {f['reference']:.2f} {f['unit']} | "
                     f"{f['ratio']:.2f}× | {target} | {verdict.strip()} |")
    print("\n".join(lines))
    print(found["explain"])
    if not options.smoke:
        _replace_between(ROOT / "docs" / "benchmarks.md", "<!-- bench:analytics:start -->", "<!-- bench:analytics:end -->",
                         f"Run of {result['date']} on {os.cpu_count()} cores (`python bench/run.py --only analytics`), "
                         f"PostgreSQL; {result['seconds']:.0f} s in all.\n\n" + "\n".join(lines), "## Analytics")
        _replace_between(ROOT / "docs" / "analytics.md", "<!-- bench:explain:start -->", "<!-- bench:explain:end -->",
                         f"Plans with {found['large']:,} events rolled up (`EXPLAIN ANALYZE`, {result['date']}):\n\n"
                         "```\n" + found["explain"] + "\n```", "## Query plans")
    print(f"bench: {result['seconds']:.0f} s, results in {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 0


def browser_stage(options, sizes, began) -> int:
    """Idle CPU of a settled 3D page against the same page in light mode (bench/browser.py)."""
    from bench import browser as stage

    quiet, reps, steps = (1.0, 1, 20) if options.smoke else (5.0, 3, 120)
    develop = {**app_env(options), "FAIR_ENV": "development"}
    # A hall of 100 booths (the big fair's first hall) beside the demo's hall of 4.
    subprocess.run([sys.executable, "manage.py", "load_demo_fair", "--booths", "100", "--per-hall", "100"], cwd=ROOT,
                   env=develop, check=True, stdout=subprocess.DEVNULL)
    stack = Stack()
    try:
        port = free_port()  # the development server serves the bundles and the demo's media, on the bench database
        stack.start("browser", [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"], develop, port)
        site = f"http://127.0.0.1:{port}"
        found = stage.idle(site, {"hall": HALL, "booth": BOOTH, "quiet": quiet, "reps": reps})
        walked = stage.walk(site, {"halls": {"big": "/fairs/ocop-toan-quoc-2026/halls/khu-01/",
                                             "small": "/fairs/ocop-2026/halls/tay-nguyen/"}, "reps": reps, "steps": steps})
    finally:
        stack.stop_all()
    floor = 1 / stage.TICKS / quiet  # one clock tick over the window: the least a light page can be said to cost
    figures = [figure(f"Idle CPU of a settled 3D {kind} page vs the same page in light mode, {quiet:.0f} s windows",
                      runs["3d_median"], max(runs["light_median"], floor), "cores", 10.0,
                      values=runs["3d"], reference_values=runs["light"],
                      note=f"light measured {runs['light_median']:.4f} cores; floor one clock tick per window")
               for kind, runs in found.items()]
    big, small = walked["big"], walked["small"]
    figures += [
        figure(f"Frame time during the same scripted walk ({steps} frames), hall of {big['booths']} booths vs "
               f"{small['booths']}", big["ms_median"], small["ms_median"], "ms", 1.5, values=big["ms"],
               reference_values=small["ms"], note="each frame waited for (one pixel read back), SwiftShader"),
        figure(f"Most draw calls in a frame of the walk, hall of {big['booths']} booths vs {small['booths']}",
               max(big["calls"]), max(small["calls"]), "calls", None,
               note="bounded: 3 instanced bodies + the detail of the 12 nearest booths"),
    ]
    result = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "smoke": options.smoke, "stage": "browser",
              "machine": {"cpus": os.cpu_count(), "python": platform.python_version()}, "figures": figures,
              "idle": found, "walk": walked, "seconds": time.monotonic() - began}
    name = f"{time.strftime('%Y-%m-%d', time.gmtime())}-browser{'-smoke' if options.smoke else ''}.json"
    out = Path(options.output) if options.output else ROOT / "bench" / "results" / name
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    lines = ["| figure | fair | reference | ratio | target | |", "| --- | ---: | ---: | ---: | ---: | --- |"]
    for f in figures:
        verdict = ("" if f["met"] is None else "met" if f["met"] else "**not met**") + (" (noisy)" if f["noisy"] else "")
        target = "" if f["target"] is None else f"≤ {f['target']}×"
        lines.append(f"| {f['name']} ({f['note']}) | {f['value']:.4g} {f['unit']} | {f['reference']:.4g} {f['unit']} | "
                     f"{f['ratio']:.2f}× | {target} | {verdict} |")
    print("\n".join(lines))
    if not options.smoke:
        _replace_between(ROOT / "docs" / "benchmarks.md", "<!-- bench:browser:start -->", "<!-- bench:browser:end -->",
                         f"Run of {result['date']} on {os.cpu_count()} cores (`python bench/run.py --only browser`), "
                         f"headless Chromium with SwiftShader; {result['seconds']:.0f} s in all.\n\n" + "\n".join(lines),
                         "## Idle 3D pages (render on demand)")
    print(f"bench: {result['seconds']:.0f} s, results in {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 0


def _replace_between(doc, start, end, body, heading):
    text = doc.read_text() if doc.exists() else ""
    current = f"{start}\n{body}\n{end}"
    if start in text:
        text = text[:text.index(start)] + current + text[text.index(end) + len(end):]
    else:
        text = text.rstrip("\n") + f"\n\n{heading}\n\n{current}\n"
    doc.write_text(text)


STAFF = ""

if __name__ == "__main__":
    sys.exit(main())
