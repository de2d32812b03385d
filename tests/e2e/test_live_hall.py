"""A live booth in the hall: a producer's console goes live through our own Janus (test_live.py's fixtures); the 3D
hall marks the booth "LIVE" and plays its stream on the stand (decoded frames, drawn while they come), in a headset
too; when the producer ends, the screen goes away. The light hall's list says "Live now". Waits are conditions."""

import pytest

from tests.e2e.conftest import PATIENCE_MS, wait_for_async
from tests.e2e.test_hall import FRAMES_OFFERED
from tests.e2e.test_live import BOOTH, go_live, live_site, media_fair_server, pages  # noqa: F401 - fixtures
from tests.e2e.test_vr import EMULATOR, aim_and

HALL = "/fairs/ocop-2026/halls/dac-san/"
SCREENS = "(await window.fairHall.liveScreens())"


@pytest.fixture
def hall_pages(media_browser, live_site):  # noqa: F811 - the fixture imported above
    contexts = []

    def open_hall(*, light=False, headset=False):
        made = media_browser.new_context(viewport={"width": 1280, "height": 800},
                                         extra_http_headers={"Save-Data": "on"} if light else None)
        made.set_default_timeout(PATIENCE_MS)
        if headset:
            made.add_init_script(EMULATOR)
        contexts.append(made)
        page = made.new_page()
        page.goto(live_site + HALL)
        if light:
            page.wait_for_function("document.documentElement.dataset.mode === 'light'")
        else:
            page.wait_for_function("window.fairHall !== undefined")
            page.evaluate("window.fairHall.ready")
        return page

    yield open_hall
    for made in contexts:
        made.close()


def playing(page):
    """Waits until the page's live screen shows the booth's stream and has decoded a few frames."""
    wait_for_async(page, f"(async () => {{ const [s] = {SCREENS}; "
                         f"return s && s.booth === '{BOOTH}' && s.shown && s.framesDecoded > 5; }})()")


def test_a_live_booth_plays_on_its_stand_in_the_3d_hall_and_the_light_list_says_live_now(pages, hall_pages):  # noqa: F811
    console_page, _ = pages
    console = console_page()
    hall, light = hall_pages(), hall_pages(light=True)
    hall.evaluate(f"window.fairHall.flyTo('{BOOTH}')")
    hall.wait_for_function("window.fairHall.arrived() && window.fairHall.settled()")
    assert hall.evaluate("window.fairHall.live()") == []
    assert hall.evaluate(f"(async () => {SCREENS}.length)()") == 0
    assert light.locator(f".live-now[data-live-for='{BOOTH}']").is_hidden()

    go_live(console)
    hall.wait_for_function(f"window.fairHall.live().includes('{BOOTH}')")
    playing(hall)
    first = hall.evaluate(f"(async () => {SCREENS}[0])()")
    drawn = hall.evaluate("window.fairHall.renders()")
    # The hall draws while the video plays in view (render on demand: one frame per video frame).
    wait_for_async(hall, f"(async () => {{ const [s] = {SCREENS}; return s.framesDecoded > {first['framesDecoded'] + 10}"
                         f" && s.videoFrames > {first['videoFrames'] + 10} && window.fairHall.renders() > {drawn + 10}; }})()")
    assert hall.evaluate(f"(async () => {SCREENS}[0].muted)()") is True  # muted in the hall: tap the screen for sound
    badge = light.locator(f".live-now[data-live-for='{BOOTH}'] a")
    badge.wait_for(state="visible")
    assert badge.get_attribute("href").endswith(f"/booths/{BOOTH}/#live")

    # The producer ends: the screen goes away, the mark and the badge too, and the hall stops drawing.
    console.click(".live-end")
    wait_for_async(hall, f"(async () => {SCREENS}.length === 0)()")
    hall.wait_for_function("window.fairHall.live().length === 0 && window.fairHall.settled()")
    light.locator(f".live-now[data-live-for='{BOOTH}']").wait_for(state="hidden")
    still = hall.evaluate("window.fairHall.renders()")
    hall.evaluate(FRAMES_OFFERED, 30)  # thirty frames the browser offered: the hall took none of them
    assert hall.evaluate("window.fairHall.renders()") == still


def test_the_stream_plays_on_the_booth_screen_in_a_headset(pages, hall_pages):  # noqa: F811
    console_page, _ = pages
    console = console_page()
    go_live(console)
    page = hall_pages(headset=True)
    page.wait_for_function("!document.querySelector('#hall-3d .vr-enter').disabled")
    page.click("#hall-3d .vr-enter")
    page.wait_for_function("window.fairHall.xr() && window.fairHall.xr().presenting && window.fairHall.xr().frames > 10")
    aim_and(page, "fairHall", f"booth:{BOOTH}")  # select: the visitor stands in front of the booth
    assert page.evaluate("window.fairHall.xr().booth") == BOOTH
    playing(page)
    seen = page.evaluate(f"(async () => {SCREENS}[0])()")
    wait_for_async(page, f"(async () => {{ const [s] = {SCREENS}; return s.videoFrames > {seen['videoFrames'] + 10}"
                         f" && window.fairHall.xr().presenting; }})()")
    console.click(".live-end")
    wait_for_async(page, f"(async () => {SCREENS}.length === 0)()")
