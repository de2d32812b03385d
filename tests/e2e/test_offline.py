"""A weak connection in a real Chromium: the service worker keeps the public pages a visitor saw and says so when it
shows them offline; messages and orders written offline wait on the phone and reach the server once, even when
the page was closed meanwhile (background sync); a new release takes over cleanly; signing out leaves nothing."""

import os
import subprocess
import sys

import pytest

from tests.e2e.conftest import ROOT, axe_violations, wait_for_async

BOOTH = "/booths/mat-ong-quyet-thang/"
PRODUCT = "/products/mat-ong-quyet-thang/"
HONEY = "mat-ong-hoa-nhan-quyet-thang"
CACHED_URLS = """async () => {
  const urls = [];
  for (const name of await caches.keys()) {
    for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
  }
  return urls;
}"""


def until(condition, what: str, seconds: float = 60):
    """Waits for a condition of the server's state (what the service worker delivered in the background)."""
    import time

    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


@pytest.fixture
def context(browser, site):
    """A phone in light mode (Save-Data), so nothing waits for 3D."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, extra_http_headers={"Save-Data": "on"})
    yield context
    context.close()


def controlled(page):
    """The page is controlled by the fair's service worker (it registers on every page)."""
    wait_for_async(page, "window.fairOffline && window.fairOffline.ready()")


def honey():
    from booths.models import Product

    return Product.objects.filter(booth__slug="mat-ong-quyet-thang", stock__gt=0).order_by("pk").first()


def open_checkout(context, site, product, *, quantity):
    """A checkout page of the honey booth, filled in and connected; with its order's idempotency key."""
    checkout = context.new_page()
    checkout.goto(site + f"/booths/mat-ong-quyet-thang/checkout/?line-{product.slug}={quantity}")
    checkout.fill("#id_name", "Lan")
    checkout.fill("#id_phone", "0912345678")
    checkout.fill("#id_address", "12 Hàng Bạc, Hà Nội")
    checkout.check("input[name=payment][value=cod]")
    checkout.wait_for_function("window.fairLive.open()")
    return checkout, checkout.locator("input[name=idempotency_key]").input_value()


def test_seen_pages_open_offline_as_kept_copies_and_personal_pages_never(context, site):
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site + BOOTH)
    controlled(page)
    page.goto(site + "/orders/")  # personal: never kept
    page.goto(site + BOOTH)  # through the worker now: kept
    title = page.locator("h1").inner_text()
    assert page.locator("html").get_attribute("data-served") == "network"
    assert page.locator("#offline-copy").count() == 0

    context.set_offline(True)
    page.reload()
    page.locator("#offline-copy").wait_for()
    assert page.locator("html").get_attribute("data-served") == "copy"
    assert page.locator("h1").inner_text() == title
    note = page.locator("#offline-copy").inner_text()
    assert "Offline" in note or "Ngoại tuyến" in note or ":" in note
    assert axe_violations(page) == []

    page.goto(site + "/orders/")  # seen, but personal: the offline page, not the visitor's orders
    assert page.locator("h1").inner_text() in ("You are offline", "Bạn đang ngoại tuyến")
    page.goto(site + PRODUCT)  # never seen
    assert page.locator("h1").inner_text() in ("You are offline", "Bạn đang ngoại tuyến")
    urls = page.evaluate(CACHED_URLS)
    assert BOOTH in urls and "/orders/" not in urls
    context.set_offline(False)
    page.goto(site + PRODUCT)
    assert page.locator("html").get_attribute("data-served") == "network"
    assert errors == []


def test_messages_and_an_order_written_offline_reach_the_server_once_after_the_page_closed(context, site):
    from booths.conversations.models import Message
    from booths.orders.models import Order

    product = honey()
    chat_page = context.new_page()
    chat_page.goto(site + BOOTH)
    controlled(chat_page)
    chat_page.locator("#chat").wait_for(state="visible")
    chat_page.wait_for_function("window.fairLive.open()")
    checkout, key = open_checkout(context, site, product, quantity=2)

    context.set_offline(True)
    chat_page.locator('#chat[data-status="offline"]').wait_for()
    for text in ("Cho em đặt 2 hũ.", "Giao về Hà Nội ạ."):
        chat_page.fill("#chat textarea", text)
        chat_page.locator("#chat button[type=submit]").click()
    chat_page.locator(".message.pending[data-kept]").nth(1).wait_for()  # on disk
    assert chat_page.locator(".message.pending").count() == 2
    assert chat_page.locator(".message.pending .state").first.inner_text() in ("Waiting for connection", "Đang chờ kết nối")
    checkout.locator("button.place").click()
    checkout.locator(".checkout-status[data-kept]").wait_for()  # on disk, and said
    assert checkout.locator("button.place").is_disabled()
    pending = checkout.evaluate("""() => new Promise((resolve) => {
      const request = indexedDB.open("fair");
      request.onsuccess = () => {
        const read = request.result.transaction("outbox").objectStore("outbox").getAll();
        read.onsuccess = () => resolve(read.result.map((entry) => entry.post.message.type).sort());
      };
    })""")
    assert pending == ["chat.send", "chat.send", "order.place"]
    chat_page.close()
    checkout.close()
    assert Message.objects.filter(text__in=["Cho em đặt 2 hũ.", "Giao về Hà Nội ạ."]).count() == 0

    context.set_offline(False)  # no page of the fair is open: the worker delivers (background sync)
    until(lambda: Order.objects.filter(idempotency_key=key).exists() and Message.objects.filter(
        text__in=["Cho em đặt 2 hũ.", "Giao về Hà Nội ạ."]).count() == 2, "the outbox to be delivered")
    order = Order.objects.get(idempotency_key=key)
    assert order.lines.get().quantity == 2
    product.refresh_from_db()

    page = context.new_page()  # the next visit says what became of the order
    page.goto(site + "/")
    notice = page.locator(".offline-notice", has_text=order.number)
    notice.wait_for()
    page.reload()  # said once
    page.locator("h1").first.wait_for()
    controlled(page)
    assert page.locator(".offline-notice", has_text=order.number).count() == 0
    assert Order.objects.filter(idempotency_key=key).count() == 1
    assert Message.objects.filter(text__in=["Cho em đặt 2 hũ.", "Giao về Hà Nội ạ."]).count() == 2


def test_an_order_kept_offline_is_refused_when_the_last_jar_went_meanwhile(context, site):
    from booths.models import Product
    from booths.orders.models import Order

    product = honey()
    checkout, key = open_checkout(context, site, product, quantity=1)
    controlled(checkout)
    context.set_offline(True)
    checkout.locator("button.place").click()
    checkout.locator(".checkout-status[data-kept]").wait_for()
    checkout.close()
    Product.objects.filter(pk=product.pk).update(stock=0)  # another buyer took the last jars meanwhile

    context.set_offline(False)
    page = context.new_page()
    page.goto(site + "/")
    problem = page.locator(".offline-notice.problem")
    problem.wait_for()
    assert product.name_vi.lower() in problem.inner_text().lower() or product.name_en.lower() in problem.inner_text().lower()
    assert not Order.objects.filter(idempotency_key=key).exists()
    assert Product.objects.get(pk=product.pk).stock == 0


def test_a_reply_written_offline_in_the_console_goes_once_after_the_console_closed(console_of, site):
    from booths.conversations import services as chat
    from booths.conversations.models import Message
    from booths.models import Booth

    booth = Booth.objects.get(slug="mat-ong-quyet-thang")
    conversation = chat.conversation_for_visitor(booth=booth, visitor_id="v" * 32, visitor_name="Lan")
    chat.message_send(conversation=conversation, sender=Message.Sender.VISITOR, client_id="c-offline-1", text="Còn hàng không ạ?")
    console = console_of("mat-ong-quyet-thang")
    controlled(console)
    console.locator(".conversation").first.click()
    console.context.set_offline(True)
    console.wait_for_function("document.querySelector('[data-connection]')?.dataset.connection !== 'online'")
    console.fill(".console-thread textarea", "Dạ còn ạ.")
    console.locator(".console-thread button[type=submit]").click()
    console.locator(".message.pending[data-kept]").wait_for()
    console.close()
    console.context.set_offline(False)
    until(lambda: Message.objects.filter(conversation=conversation, sender=Message.Sender.PRODUCER, text="Dạ còn ạ.").exists(),
          "the reply to be delivered")
    assert Message.objects.filter(conversation=conversation, text="Dạ còn ạ.").count() == 1


def test_signing_out_leaves_no_kept_page_or_outbox_behind(console_of, site):
    console = console_of("mat-ong-quyet-thang")
    controlled(console)
    console.goto(site + BOOTH)
    console.goto(site + BOOTH)  # kept, with this producer's header
    assert BOOTH in console.evaluate(CACHED_URLS)
    console.evaluate("""() => new Promise((resolve) => {
      const request = indexedDB.open("fair", 1);
      request.onupgradeneeded = () => request.result.createObjectStore("outbox", { keyPath: "client_id" }).createIndex("box", "box");
      request.onsuccess = () => {
        const tx = request.result.transaction("outbox", "readwrite");
        tx.objectStore("outbox").put({ client_id: "c-private", box: "producer", text: "private", written: "" });
        tx.oncomplete = () => { request.result.close(); resolve(); };
      };
    })""")
    console.locator("form.sign-out button").click()
    console.wait_for_url(site + "/")
    console.locator("h1").first.wait_for()
    controlled(console)
    urls = console.evaluate(CACHED_URLS)
    assert BOOTH not in urls
    assert console.evaluate("""() => new Promise((resolve) => {
      const request = indexedDB.open("fair");
      request.onsuccess = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains("outbox")) return resolve(0);
        const read = db.transaction("outbox").objectStore("outbox").getAll();
        read.onsuccess = () => resolve(read.result.length);
      };
    })""") == 0


@pytest.fixture
def deploy(asgi_server):
    """Serves the fair as release N on one port of its own, stopping release N-1 first: a new deployment."""
    from django.conf import settings
    from django.db import connection

    from tests.servers import free_port, stop, wait_until_listening

    port = free_port()
    running = []

    def release(name):
        if running:
            stop(running.pop())
        env = {**os.environ, "FAIR_ENV": "development", "FAIR_SQLITE_PATH": connection.settings_dict["NAME"],
               "FAIR_MEDIA_ROOT": str(settings.MEDIA_ROOT), "FAIR_RELEASE": name}
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        server = subprocess.Popen([sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
                                  cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        running.append(server)
        wait_until_listening(server, port)
        return f"http://127.0.0.1:{port}"

    yield release
    for server in running:
        stop(server)


def test_a_new_release_takes_over_and_empties_the_old_caches(context, site, deploy):
    address = deploy("one")
    page = context.new_page()
    page.goto(address + BOOTH)
    controlled(page)
    old = page.evaluate("window.fairOffline.release()")
    page.goto(address + BOOTH)
    assert any(name.endswith(old) for name in page.evaluate("caches.keys()"))

    address = deploy("two")
    page.goto(address + BOOTH)  # the visit finds the new worker, which takes over
    wait_for_async(page, f"window.fairOffline.release().then((release) => release && release !== {old!r})")
    new = page.evaluate("window.fairOffline.release()")
    wait_for_async(page, f"caches.keys().then((names) => !names.some((name) => name.endsWith({old!r})))")
    assert any(name.endswith(new) for name in page.evaluate("caches.keys()"))
