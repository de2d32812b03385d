"""Selling live, in real browsers: a producer's console publishes from a fake camera through our own Janus; visitors'
Chromium pages and an aiortc client watch (frames decoded, counted as viewers), order the pinned product and see the
stock drop; the end; Janus killed mid-stream. Every wait is a condition (wait_for_function), never a fixed sleep."""

import asyncio
import json
import os
import subprocess
import sys
import threading

import pytest

from tests.e2e.conftest import PATIENCE_MS, ROOT, wait_for_async

BOOTH = "mat-ong-quyet-thang"
PRODUCT = "mat-ong-quyet-thang"


@pytest.fixture(scope="module")
def media_fair_server(janus, django_db_setup, django_db_blocker):
    """The fair served with our Janus as its media server (its own process: the shared server has none), and the worker
    that turns finished streams into replays, as `make run` starts them."""
    from django.conf import settings
    from django.db import connection

    from tests.servers import free_port, stop, wait_until_listening

    port = free_port()
    env = {**os.environ, "FAIR_ENV": "development", "FAIR_SQLITE_PATH": connection.settings_dict["NAME"],
           "FAIR_MEDIA_ROOT": str(settings.MEDIA_ROOT), **janus.env(),
           "FAIR_LIVE_RECORDINGS_ROOT": str(janus.folder / "recordings")}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    log = open(ROOT / "var" / "e2e-live-server.log", "w")
    server = subprocess.Popen([sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
                              cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    worker_log = open(ROOT / "var" / "e2e-live-worker.log", "w")
    worker = subprocess.Popen([sys.executable, "manage.py", "db_worker", "--interval", "0.3", "--no-startup-delay"],
                              cwd=ROOT, env=env, stdout=worker_log, stderr=subprocess.STDOUT)
    wait_until_listening(server, port, log=log)
    yield f"http://127.0.0.1:{port}"
    stop(server)
    stop(worker)
    log.close()
    worker_log.close()


@pytest.fixture
def live_site(media_fair_server, transactional_db):
    from booths.demo.loader import demo_fair_load

    demo_fair_load()
    return media_fair_server


@pytest.fixture
def pages(media_browser, live_site):
    """Opens pages on the fake-media browser: the producer's console, or a visitor's booth page (each its own visitor)."""
    from booths.models import Producer
    from tests.factories import make_user
    from tests.realtime.helpers import user_session

    contexts = []

    def context(cookie=None):
        made = media_browser.new_context(viewport={"width": 390, "height": 844})
        made.set_default_timeout(PATIENCE_MS)
        if cookie:
            made.add_cookies([{"name": "sessionid", "value": cookie, "url": live_site}])
        contexts.append(made)
        return made

    def console(slug=BOOTH):
        page = context(user_session(make_user(producer=Producer.objects.get(slug=slug)))).new_page()
        page.goto(live_site + "/producer/")
        page.wait_for_function("window.fairConsole !== undefined")
        return page

    def visitor():
        page = context().new_page()
        page.goto(f"{live_site}/booths/{BOOTH}/")
        page.wait_for_function("window.fairLive && window.fairLive.open()")
        return page

    yield console, visitor
    for made in contexts:
        made.close()


def go_live(console, title="Quay mật sáng nay"):
    console.fill(".console-live [name=title]", title)
    console.click(".live-go")
    wait_for_async(console, "(async () => (await window.fairConsole.live()).state === 'live')()")


def decoding(page, more_than=0):
    """Wait until the page's player has decoded more than `more_than` video frames; returns how many."""
    wait_for_async(page, f"(async () => (await window.fairLive.video()).framesDecoded > {more_than})()")
    return page.evaluate("(async () => (await window.fairLive.video()).framesDecoded)()")


class AiortcViewer:
    """A visitor watching with aiortc over the booth socket, in a thread of its own: counts decoded frames."""

    def __init__(self, base: str, session_key: str):
        self.base, self.session_key = base, session_key
        self.frames = {"video": 0, "audio": 0}
        self.error = None
        self.stop = threading.Event()
        self.thread = threading.Thread(target=lambda: asyncio.run(self.run()), daemon=True)

    async def run(self):
        import websockets
        from aiortc import RTCPeerConnection, RTCSessionDescription

        try:
            ws = await websockets.connect(f"{self.base.replace('http', 'ws')}/ws/booths/{BOOTH}/", origin=self.base,
                                          additional_headers={"Cookie": f"sessionid={self.session_key}"}, max_size=2**20)
            await ws.send(json.dumps({"type": "live.watch"}))
            while True:
                offer = json.loads(await ws.recv())
                if offer["type"] == "live.offer":
                    break
                if offer["type"] == "error":  # the publisher was still connecting: ask again
                    await ws.send(json.dumps({"type": "live.watch"}))
            pc = RTCPeerConnection()

            @pc.on("track")
            def on_track(track):
                async def read():
                    while not self.stop.is_set():
                        await track.recv()
                        self.frames[track.kind] += 1
                asyncio.ensure_future(read())

            await pc.setRemoteDescription(RTCSessionDescription(offer["sdp"], "offer"))
            await pc.setLocalDescription(await pc.createAnswer())
            await ws.send(json.dumps({"type": "live.subscribe", "token": offer["token"], "sdp": pc.localDescription.sdp}))
            while not self.stop.is_set():
                try:
                    await asyncio.wait_for(ws.recv(), 0.5)
                except TimeoutError:
                    pass
            await pc.close()
            await ws.close()
        except Exception as error:  # noqa: BLE001 - reported by the test
            self.error = repr(error)

    def wait(self, condition, seconds=60):
        import time
        deadline = time.monotonic() + seconds
        while not condition():
            assert self.error is None, self.error
            assert time.monotonic() < deadline, f"aiortc viewer: {self.frames}"
            self.stop.wait(0.1)


def test_a_producer_goes_live_visitors_watch_order_the_pinned_product_and_see_the_end(pages, live_site):
    from booths.models import Product
    from tests.realtime.helpers import visitor_session

    console_page, visitor = pages
    console = console_page()
    first, second = visitor(), visitor()
    go_live(console)
    for page in (first, second):
        page.wait_for_selector("#live[data-state=live]")
        grown = decoding(page)
        decoding(page, grown)  # and it keeps coming
    assert first.evaluate("(async () => (await window.fairLive.video()).audioSamples)()") >= 0
    bot = AiortcViewer(live_site, visitor_session())
    bot.thread.start()
    bot.wait(lambda: bot.frames["video"] > 10 and bot.frames["audio"] > 10)
    for page in (first, second):
        wait_for_async(page, "(async () => (await window.fairLive.video()).viewers === 3)()")
    wait_for_async(console, "(async () => (await window.fairConsole.live()).viewers === 3)()")
    sent = console.evaluate("(async () => (await window.fairConsole.live()).bytesSent)()")
    assert sent > 0

    # The producer pins the honey: its card shows on every viewer's page, with the price and the live stock.
    console.select_option(".live-pin-select", PRODUCT)
    console.click(".live-pin-button")
    stock = Product.objects.get(slug=PRODUCT).stock
    for page in (first, second):
        page.wait_for_selector(f".live-pin[data-product={PRODUCT}]:not([hidden])")
        assert page.text_content(".live-pin-stock").startswith(str(stock))
    # One tap (the contact asked once), ordered through the order service: stock drops on every page.
    first.click(".live-order")
    first.fill(".live-contact [name=name]", "Lan")
    first.fill(".live-contact [name=phone]", "0912345678")
    first.fill(".live-contact [name=address]", "12 Hàng Bạc, Hoàn Kiếm, Hà Nội")
    first.click(".live-order")
    first.wait_for_selector(".live-pin[data-ordered]")
    for page in (first, second):
        page.wait_for_function(f"document.querySelector('.live-pin-stock').textContent.startsWith('{stock - 1}')")
    second.wait_for_selector(".live-just-ordered:not([hidden])")
    assert Product.objects.get(slug=PRODUCT).stock == stock - 1

    # The producer ends: viewers see it ended, then its replay with the pin on its timeline.
    console.click(".live-end")
    for page in (first, second):
        page.wait_for_selector("#live[data-state=ended]")
    second.wait_for_selector(".live-replay:not([hidden]) video[src]")
    second.wait_for_function("document.querySelector('.live-replay video').readyState >= 1", polling=200)
    assert second.evaluate("document.querySelector('.live-replay video').duration") > 1
    assert "longan-blossom honey" in second.text_content(".live-timeline")  # the page speaks the browser's English
    second.click(".live-timeline button")
    second.wait_for_function("document.querySelector('.live-replay video').currentTime > 0", polling=200)
    bot.stop.set()
    bot.thread.join(10)


def test_janus_killed_mid_stream_viewers_see_interrupted_and_the_producer_goes_live_again(pages, janus):
    from booths.live import janus_process

    console_page, visitor = pages
    console, viewer = console_page(), visitor()
    go_live(console)
    decoding(viewer)
    janus_process.stop(janus, kill=True)  # as a crash would
    viewer.wait_for_selector("#live[data-state=interrupted]")
    wait_for_async(console, "(async () => (await window.fairConsole.live()).state === 'interrupted')()")
    janus.process = janus_process.start(janus.folder, port=janus.port, secret=janus.secret).process
    console.click(".live-go")
    wait_for_async(console, "(async () => (await window.fairConsole.live()).state === 'live')()")
    viewer.wait_for_selector("#live[data-state=live]")
    decoding(viewer)
