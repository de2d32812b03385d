"""Visitor and producer in two browsers: chat both ways, then the visitor goes offline, writes, comes back."""

import pytest

from tests.e2e.conftest import wait_for_async

BOOTH = "/booths/mat-ong-quyet-thang/"


@pytest.fixture
def producer_page(console_of):
    return console_of("mat-ong-quyet-thang")


@pytest.fixture
def visitor(browser, site):
    context = browser.new_context(extra_http_headers={"Save-Data": "on"})
    page = context.new_page()
    page.goto(site + BOOTH)
    page.locator("#chat").wait_for(state="visible")
    yield context, page
    context.close()


def write(page, text, form="#chat"):
    page.fill(f"{form} textarea", text)
    page.locator(f"{form} button[type=submit]").click()


def test_chat_both_ways_and_nothing_lost_or_doubled_offline(visitor, producer_page):
    context, page = visitor
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    wait_for_async(page, "window.fairOffline.ready()")  # the service worker controls the page: it keeps it
    page.reload()
    page.locator(".chat-presence.online").wait_for(timeout=30000)  # the producer's console is open
    page.fill("#chat input[name=name]", "Lan")
    write(page, "Mật ong còn hàng không ạ?")

    producer_page.locator(".conversation").first.wait_for(timeout=30000)
    assert "(1)" in producer_page.title()  # the badge
    producer_page.locator(".conversation").first.click()
    write(producer_page, "Dạ còn 48 hũ ạ.", ".console-thread")
    page.locator(".message.from-producer").wait_for(timeout=30000)
    assert page.locator(".message.from-producer p").inner_text() == "Dạ còn 48 hũ ạ."
    page.locator(".message.mine .state", has_text="Read").wait_for(timeout=30000)  # the producer has read it

    # Offline: the socket drops, and what the visitor writes waits in the outbox.
    held = []
    page.route_web_socket("**/ws/booths/**", lambda ws: held.append(ws))  # later sockets reach no server
    context.set_offline(True)
    page.locator('#chat[data-status="offline"], #chat[data-status="connecting"]').wait_for(timeout=30000)
    write(page, "Cho em đặt 2 hũ.")
    write(page, "Giao về Hà Nội ạ.")
    page.locator(".message.pending[data-kept]").nth(1).wait_for()  # on disk
    assert page.locator(".message.pending").count() == 2
    # Still offline, the visitor reloads: the kept copy of the page, with what waits (on disk), nothing lost.
    page.reload()
    page.locator("#chat").wait_for(state="visible")
    page.wait_for_function("window.fairChat.pending() === 2")
    page.locator(".message.pending").nth(1).wait_for()
    assert page.locator(".message.pending").count() == 2
    assert page.locator("html").get_attribute("data-served") == "copy"
    context.set_offline(False)
    page.close()
    # A fresh tab reaches the server: the outbox goes out, each message once.
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(producer_page.url.replace("/producer/", BOOTH))
    page.locator("#chat").wait_for(state="visible")
    page.wait_for_function("window.fairChat.pending() === 0", timeout=30000)
    assert page.locator(".message.pending").count() == 0
    assert page.locator(".message.mine").count() == 3

    thread = producer_page.locator(".console-thread .chat-messages")
    thread.locator("li", has_text="Giao về Hà Nội ạ.").wait_for(timeout=30000)
    texts = thread.locator(".message p").all_inner_texts()
    assert texts.count("Cho em đặt 2 hũ.") == 1 and texts.count("Giao về Hà Nội ạ.") == 1
    assert texts == ["Mật ong còn hàng không ạ?", "Dạ còn 48 hũ ạ.", "Cho em đặt 2 hũ.", "Giao về Hà Nội ạ."]
    from booths.conversations.models import Message

    assert Message.objects.count() == 4
    assert errors == []


def test_hall_shows_live_presence_in_the_list_and_the_3d_booth(browser, site):
    watcher = browser.new_context()
    hall = watcher.new_page()
    hall.goto(site + "/fairs/ocop-2026/halls/dac-san/")
    hall.wait_for_function("window.fairHall !== undefined", timeout=30000)
    slot = hall.locator('.presence[data-presence-for="mat-ong-quyet-thang"]')
    assert slot.is_hidden()
    guest = browser.new_context(extra_http_headers={"Save-Data": "on"})
    booth = guest.new_page()
    booth.goto(site + BOOTH)
    slot.wait_for(state="visible", timeout=30000)
    assert "1" in slot.inner_text()
    guest.close()  # the visitor leaves: the count goes back
    slot.wait_for(state="hidden", timeout=30000)
    watcher.close()


def test_a_producers_announcement_shows_live_in_every_open_booth_page(visitor, producer_page, browser, site):
    context, page = visitor
    second = browser.new_page()
    second.goto(site + BOOTH)
    for booth_page in (page, second):
        booth_page.wait_for_function("window.fairLive && window.fairLive.open()", timeout=30000)
    producer_page.locator(".console-announce summary").click()  # collapsed below the conversations and orders
    producer_page.fill(".console-announce textarea", "Mẻ mật mới vừa quay sáng nay, giảm 10% trong 30 phút!")
    producer_page.locator(".console-announce button[type=submit]").click()
    for booth_page in (page, second):
        board = booth_page.locator("#announcements")
        board.wait_for(state="visible", timeout=30000)
        assert "giảm 10%" in board.inner_text()
    producer_page.wait_for_function("window.fairConsole.announcing() === 0", timeout=30000)
    assert producer_page.locator(".announce-status").inner_text() != ""  # "Announced to everyone in the booth."
    # A visitor who opens the booth later still reads it (stored first, fetched on connect).
    late = browser.new_page()
    late.goto(site + BOOTH)
    late.locator("#announcements").wait_for(state="visible", timeout=30000)
    assert late.evaluate("window.fairLive.announcements().length") == 1
    second.close()
    late.close()
