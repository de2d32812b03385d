"""The 1:1 video call between a visitor's booth page and the producer's console, in two real Chromium pages with fake
cameras, on the shared server, which has no media server (calls are peer to peer): both decode the other's video; mute and
camera off show on the other side; hanging up and declining; an ICE restart on a network change keeps the frames coming,
also when the visitor's socket drops and its new socket resumes the call.
Every wait is a condition (wait_for_function), never a fixed sleep."""

import pytest

from tests.e2e.conftest import PATIENCE_MS, wait_for_async

BOOTH = "mat-ong-quyet-thang"


@pytest.fixture
def call_pages(media_browser, site):
    from booths.models import Producer
    from tests.factories import make_user
    from tests.realtime.helpers import user_session

    contexts = []

    def context(cookie=None):
        made = media_browser.new_context(viewport={"width": 390, "height": 844})
        made.set_default_timeout(PATIENCE_MS)
        if cookie:
            made.add_cookies([{"name": "sessionid", "value": cookie, "url": site}])
        contexts.append(made)
        return made

    console = context(user_session(make_user(producer=Producer.objects.get(slug=BOOTH)))).new_page()
    console.goto(site + "/producer/")
    console.wait_for_function("window.fairConsole !== undefined")
    visitor = context().new_page()
    visitor.goto(f"{site}/booths/{BOOTH}/")
    visitor.wait_for_function("window.fairLive && window.fairLive.open()")
    yield console, visitor
    for made in contexts:
        made.close()


def stats(page):
    hook = "fairConsole" if "/producer/" in page.url else "fairLive"
    return page.evaluate(f"window.{hook}.call()")


def wait_call(page, condition):
    """Wait until `condition` (JS over `s`, the page's call stats) holds."""
    hook = "fairConsole" if "/producer/" in page.url else "fairLive"
    wait_for_async(page, f"(async () => {{ const s = await window.{hook}.call(); return !!s && ({condition}); }})()")


def ring(console, visitor):
    visitor.get_by_role("button", name="Video call with the producer").click()
    wait_call(visitor, "s.state === 'calling'")
    console.locator(".call-incoming").wait_for(state="visible")


def in_call(console, visitor):
    ring(console, visitor)
    console.get_by_role("button", name="Accept").click()
    for page in (console, visitor):
        wait_call(page, "s.state === 'in_call' && s.framesDecoded > 10")


def test_a_visitor_and_the_producer_see_and_hear_each_other_then_hang_up(call_pages):
    console, visitor = call_pages
    in_call(console, visitor)
    for page in (console, visitor):
        frames = stats(page)["framesDecoded"]
        wait_call(page, f"s.framesDecoded > {frames + 20} && s.audioSamples > 0 && s.quality !== null")
        page.locator(".call-quality").wait_for(state="visible")
    # The visitor mutes and turns the camera off: the producer sees it.
    visitor.locator(".call-mute").click()
    visitor.locator(".call-camera").click()
    console.wait_for_function("document.querySelector('.call-peer-media').textContent.includes('muted')")
    wait_call(console, "!s.peerMedia.audio && !s.peerMedia.video")
    visitor.locator(".call-camera").click()
    wait_call(console, "s.peerMedia.video")
    console.get_by_role("button", name="Hang up").click()
    for page in (console, visitor):
        wait_call(page, "s.state === 'ended' && s.call === null")
    visitor.wait_for_function("document.querySelector('#call .call-status').textContent.includes('Hung up')")


def test_a_declined_call(call_pages):
    console, visitor = call_pages
    ring(console, visitor)
    console.get_by_role("button", name="Decline").click()
    wait_call(visitor, "s.state === 'declined'")
    assert console.locator(".call-incoming").is_hidden()


def test_a_network_change_restarts_ice_and_the_video_keeps_coming(call_pages):
    console, visitor = call_pages
    in_call(console, visitor)
    first = stats(visitor)["offers"]
    assert len(first) == 1, (stats(visitor), stats(console))
    # The phone's network comes back after a change (the `online` event, as on Wi-Fi → 4G): the caller restarts ICE.
    visitor.evaluate("window.dispatchEvent(new Event('online'))")
    wait_call(visitor, "s.offers.length === 2")
    offers = stats(visitor)["offers"]
    assert offers[1] != offers[0], "the restart offer carries new ICE credentials"
    wait_call(console, f"s.offers.length === 2 && s.offers[1] === {offers[1]!r}")
    # The producer's side changes network: it asks the caller, which restarts again.
    console.evaluate("window.dispatchEvent(new Event('online'))")
    wait_call(visitor, "s.offers.length === 3")
    for page in (console, visitor):
        frames = stats(page)["framesDecoded"]
        wait_call(page, f"['connected', 'completed'].includes(s.ice) && s.framesDecoded > {frames + 20}")


def test_a_dropped_socket_resumes_the_call_then_ice_restarts_and_the_video_keeps_coming(call_pages):
    console, visitor = call_pages
    in_call(console, visitor)
    first = stats(visitor)["offers"]
    assert len(first) == 1, (stats(visitor), stats(console))
    # The phone loses its network (Wi-Fi → 4G): its socket drops; the producer's page shows the visitor reconnecting.
    visitor.context.set_offline(True)
    wait_call(console, "s.state === 'in_call' && s.peer === 'reconnecting'")
    console.wait_for_function("document.querySelector('#call .call-status').textContent.includes('Reconnecting')")
    # Back online: the new socket resumes the call and the caller restarts ICE with new credentials.
    visitor.context.set_offline(False)
    wait_call(visitor, "s.resumes === 1 && s.offers.length === 2")
    offers = stats(visitor)["offers"]
    assert offers[1] != offers[0], "the restart offer carries new ICE credentials"
    wait_call(console, f"s.peer === 'back' && s.offers.length === 2 && s.offers[1] === {offers[1]!r}")
    for page in (console, visitor):
        frames = stats(page)["framesDecoded"]
        wait_call(page, f"s.state === 'in_call' && ['connected', 'completed'].includes(s.ice) && s.framesDecoded > {frames + 20}")
