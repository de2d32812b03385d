"""The 3D hall in a real browser: it draws, booths can be entered by pointer and keyboard, and it is accessible."""

import io

from PIL import Image, ImageStat

from tests.e2e.conftest import axe_violations

HALL = "/fairs/ocop-2026/halls/tay-nguyen/"


def open_hall(page, site, path=HALL):
    page.goto(site + path)
    page.wait_for_function("window.fairHall !== undefined", timeout=30000)
    page.evaluate("window.fairHall.ready")


def test_hall_scene_really_draws(page, site, errors):
    open_hall(page, site)
    assert page.evaluate("document.documentElement.dataset.mode") == "3d"
    page.wait_for_function("window.fairHall.triangles() > 100", timeout=30000)  # the booths are drawn
    shot = Image.open(io.BytesIO(page.locator("#hall-3d canvas").screenshot())).convert("RGB")
    stats = ImageStat.Stat(shot)
    assert max(stats.stddev) > 20, "the hall canvas is one flat colour"
    assert len(shot.getcolors(maxcolors=1 << 20) or []) > 200
    assert errors == []


def test_every_booth_of_the_hall_is_in_the_scene_and_the_list(page, site, errors):
    open_hall(page, site)
    in_scene = set(page.evaluate("window.fairHall.booths()"))
    in_list = set(page.locator(".booth-card").evaluate_all("cards => cards.map(card => card.dataset.booth)"))
    assert in_scene == in_list and len(in_scene) == 4
    assert page.locator(".booth-card .jump-3d").count() == 4
    assert errors == []


def test_clicking_a_booth_enters_it(page, site, errors):
    open_hall(page, site)
    page.locator('.booth-card[data-booth="htx-cacao-ea-kar"] .jump-3d').click()
    page.wait_for_function("window.fairHall.arrived()", timeout=30000)  # the visitor walks to the booth
    spot = page.evaluate("window.fairHall.screenPosition('htx-cacao-ea-kar')")
    assert spot["visible"]
    page.mouse.click(spot["x"], spot["y"])
    page.wait_for_url("**/booths/htx-cacao-ea-kar/", timeout=30000)
    assert "Ca cao" in page.locator("h1").inner_text()
    assert errors == []


def test_keyboard_walks_and_enters_the_booth_ahead(page, site, errors):
    open_hall(page, site)
    page.locator('.booth-card[data-booth="kien-cuong"] .jump-3d').focus()
    page.keyboard.press("Enter")  # "Show in 3D" walks there and focuses the hall
    page.wait_for_function("window.fairHall.arrived()", timeout=30000)
    assert page.evaluate("document.activeElement.tagName") == "CANVAS"
    page.keyboard.press("Enter")
    page.wait_for_url("**/booths/kien-cuong/", timeout=30000)
    assert errors == []


def test_hover_names_the_booth(page, site, errors):
    open_hall(page, site)
    page.evaluate("window.fairHall.flyTo('mac-ca-krong-nang')")  # sets the walk's target at once
    page.wait_for_function("window.fairHall.arrived()", timeout=30000)
    spot = page.evaluate("window.fairHall.screenPosition('mac-ca-krong-nang')")
    page.mouse.move(spot["x"], spot["y"])
    tooltip = page.locator(".scene-tooltip")
    tooltip.wait_for(state="visible")
    assert "Mắc ca" in tooltip.inner_text()
    assert errors == []


def test_presence_slot_shows_on_the_booth(page, site, errors):
    open_hall(page, site)
    before = page.evaluate("window.fairHall.triangles()")
    page.evaluate("window.fairHall.setPresence('kien-cuong', {visitors: 3, producerOnline: true})")
    page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")  # two frames later
    assert page.evaluate("window.fairHall.triangles()") >= before  # the badge is drawn with the booth
    assert errors == []


def test_hall_has_no_serious_accessibility_violations(page, site, errors):
    open_hall(page, site)
    assert axe_violations(page) == []
    assert errors == []


# The page's own frame ticks (requestAnimationFrame), counted: how long "idle" is, in frames the browser offered.
FRAMES_OFFERED = """n => new Promise(done => { let left = n; const tick = () => (--left ? requestAnimationFrame(tick) : done());
                                          requestAnimationFrame(tick); })"""


def test_an_idle_hall_draws_no_frame_and_walking_draws_again(page, site, errors):
    """Render on demand: once everything has loaded and the visitor stands still, the hall draws nothing
    (a phone stays cool); a key held walks and draws; let go, it rests again."""
    open_hall(page, site)
    page.wait_for_function("window.fairHall.settled()", timeout=60000)
    before = page.evaluate("window.fairHall.renders()")
    page.evaluate(FRAMES_OFFERED, 30)  # thirty frames the browser offered: the hall took none of them
    assert page.evaluate("window.fairHall.renders()") == before
    start = page.evaluate("window.fairHall.position()")
    page.locator("#hall-3d canvas").focus()
    page.keyboard.down("ArrowUp")
    page.wait_for_function(f"window.fairHall.renders() > {before + 3}", timeout=30000)
    page.keyboard.up("ArrowUp")
    assert page.evaluate("window.fairHall.position()")["z"] < start["z"]  # walked forward, drawn while walking
    page.wait_for_function("window.fairHall.settled()", timeout=30000)
    rested = page.evaluate("window.fairHall.renders()")
    page.evaluate(FRAMES_OFFERED, 30)
    assert page.evaluate("window.fairHall.renders()") == rested
    # Live presence arriving changes the scene: exactly what it changed is drawn, then it rests.
    page.evaluate("window.fairHall.setPresence('htx-cacao-ea-kar', {visitors: 3, producerOnline: true})")
    page.wait_for_function(f"window.fairHall.renders() > {rested}", timeout=30000)
    assert errors == []
