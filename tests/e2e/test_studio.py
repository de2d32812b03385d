"""The studio's floor plan editor in a real browser: dragging and turning booths, the overlap refusal shown where it
happens, arranging automatically, the 3D preview, two organizers saving the same hall, and a visitor's open 3D hall
following a published plan live (with the schedule's marker over a booth)."""

import datetime

import pytest

from tests.e2e.conftest import axe_violations

HALL_PATH = "/fairs/ocop-2026/halls/tay-nguyen/"


@pytest.fixture
def studio(browser, site):
    """Opens the floor plan of the demo's Tây Nguyên hall as an organizer (each call: another organizer, another
    browser), in English, on a laptop-sized window."""
    from fair.models import Hall
    from tests.factories import make_user
    from tests.realtime.helpers import user_session

    hall = Hall.objects.get(slug="tay-nguyen")
    contexts = []

    def open_plan(first_name="Lan"):
        user = make_user(organizer=True, first_name=first_name, last_name="Trần")
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_cookies([{"name": "sessionid", "value": user_session(user), "url": site},
                             {"name": "django_language", "value": "en", "url": site}])
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{site}/studio/halls/{hall.pk}/plan/")
        page.wait_for_function("window.fairPlan !== undefined")
        return page

    open_plan.hall = hall
    yield open_plan
    for context in contexts:
        context.close()


def booth_at(page, slug):
    return next(b for b in page.evaluate("window.fairPlan.booths()") if b["slug"] == slug)


def drag(page, slug, dx_m, dz_m):
    """Drags a booth's footprint by (dx, dz) metres with the mouse, in small steps as a hand would."""
    start = page.evaluate("(slug) => window.fairPlan.screenCentre(slug)", slug)
    scale = page.evaluate("window.fairPlan.metresToPixels()")
    page.mouse.move(start["x"], start["y"])
    page.mouse.down()
    page.mouse.move(start["x"] + dx_m * scale, start["y"] + dz_m * scale, steps=12)
    page.mouse.up()


def test_drag_and_turn_a_booth_then_save(studio, errors):
    page = studio()
    slug = page.evaluate("window.fairPlan.booths()")[0]["slug"]
    before = booth_at(page, slug)
    drag(page, slug, -1.3, 5.2)  # towards the entrance, off the grid: snapped to 0.5 m
    after = booth_at(page, slug)
    assert after["x"] == pytest.approx(before["x"] - 1.5, abs=0.51) and after["z"] == pytest.approx(before["z"] + 5, abs=0.51)
    assert after["x"] * 2 == round(after["x"] * 2) and after["z"] * 2 == round(after["z"] * 2)
    page.get_by_role("button", name="Turn right 15°").click()
    assert booth_at(page, slug)["rotation"] == (before["rotation"] + 15) % 360
    page.locator(f'.plan-booth[data-booth="{slug}"]').focus()
    page.keyboard.press("r")  # with the booth focused, R turns it again
    page.keyboard.press("ArrowLeft")  # and the arrow keys move it by the grid
    turned = booth_at(page, slug)
    assert turned["rotation"] == (before["rotation"] + 30) % 360 and turned["x"] == after["x"] - 0.5
    page.get_by_role("button", name="Undo").click()
    assert booth_at(page, slug)["x"] == after["x"]
    page.get_by_role("button", name="Save the floor plan").click()
    page.get_by_text("Saved as version 1.").wait_for()
    from booths.models import Booth

    saved = Booth.objects.get(slug=slug)
    assert (saved.position_x, saved.position_z, saved.rotation) == (after["x"], after["z"], (before["rotation"] + 30) % 360)
    assert axe_violations(page) == []
    assert errors == []


def test_an_overlap_is_refused_where_it_happens(studio, errors):
    page = studio()
    first, second = page.evaluate("window.fairPlan.booths()")[:2]
    drag(page, first["slug"], second["x"] - first["x"] + 1, second["z"] - first["z"])  # onto its neighbour
    bubble = page.locator(".plan-bubble")
    bubble.wait_for()
    assert "would overlap" in bubble.inner_text()
    assert bubble.get_attribute("data-booth") == first["slug"]
    # Shown over the booth that was dropped: the bubble's corner is near the booth's footprint.
    box, spot = bubble.bounding_box(), page.evaluate("(s) => window.fairPlan.screenCentre(s)", first["slug"])
    assert abs(box["x"] - spot["x"]) < 200 and abs(box["y"] + box["height"] - spot["y"]) < 200
    assert booth_at(page, first["slug"]) == first  # back where it stood
    assert not page.evaluate("window.fairPlan.dirty()")
    # Off the floor is refused too, with the floor's size.
    page.locator(f'.plan-booth[data-booth="{first["slug"]}"]').focus()
    for _ in range(100):
        page.keyboard.press("Shift+ArrowLeft")
        if "leave the floor" in (bubble.inner_text() if bubble.is_visible() else ""):
            break
    assert "would leave the floor (40 × 40 m)" in bubble.inner_text()
    assert errors == []


@pytest.mark.parametrize("layout", ["ring", "aisle"])
def test_arrange_automatically_then_preview_in_3d_and_save(studio, errors, layout):
    page = studio()
    before = page.evaluate("window.fairPlan.booths()")
    page.get_by_label("Arrange automatically").select_option(layout)
    page.get_by_role("button", name="Arrange").click()
    page.get_by_text("Arranged: check it, then save").wait_for()
    arranged = page.evaluate("window.fairPlan.booths()")
    assert arranged != before and page.locator(".plan-booth.bad").count() == 0
    if layout == "ring":
        assert len({b["rotation"] for b in arranged}) == len(arranged)  # each faces the centre
    page.get_by_role("button", name="3D preview").click()
    page.wait_for_function("window.fairPlanPreview && window.fairPlanPreview.triangles() > 100", timeout=30000)
    page.get_by_role("button", name="Save the floor plan").click()
    page.get_by_text("Saved as version 1.").wait_for()
    from booths.models import Booth

    stored = {b.slug: (b.position_x, b.position_z, b.rotation) for b in Booth.objects.filter(hall=studio.hall)}
    assert stored == {b["slug"]: (b["x"], b["z"], b["rotation"]) for b in arranged}
    assert errors == []


def test_two_organizers_the_second_save_is_refused_until_reload(studio, errors):
    lan, minh = studio("Lan"), studio("Minh")
    slug = lan.evaluate("window.fairPlan.booths()")[0]["slug"]
    other = lan.evaluate("window.fairPlan.booths()")[-1]["slug"]
    drag(lan, slug, 0, 3)
    lan.get_by_role("button", name="Save the floor plan").click()
    lan.get_by_text("Saved as version 1.").wait_for()
    minh.locator(f'.plan-booth[data-booth="{other}"]').focus()
    minh.keyboard.press("ArrowDown")
    minh.get_by_role("button", name="Save the floor plan").click()
    conflict = minh.locator(".plan-conflict")
    conflict.wait_for()
    assert conflict.inner_text().startswith("Changed by Lan Trần at ") and ", reload." in conflict.inner_text()
    from booths.models import Booth

    assert Booth.objects.get(slug=slug).position_z == booth_at(lan, slug)["z"]  # Lan's plan stands
    minh.get_by_role("button", name="Reload").click()
    minh.wait_for_function("window.fairPlan && window.fairPlan.version() === 1")
    assert booth_at(minh, slug)["z"] == booth_at(lan, slug)["z"]
    assert errors == []


def test_a_visitor_in_the_3d_hall_sees_the_new_plan_live_and_what_is_on_now(studio, browser, site):
    from django.utils import timezone

    from booths.models import Booth, Session

    booth = Booth.objects.filter(hall=studio.hall).order_by("order").first()
    now = timezone.now()
    Session.objects.create(hall=studio.hall, booth=booth, kind="livestream", title_vi="Bán trực tiếp", title_en="Live sale",
                           starts_at=now - datetime.timedelta(minutes=10), ends_at=now + datetime.timedelta(minutes=50))
    visitor = browser.new_context(viewport={"width": 412, "height": 915})
    visitor.add_cookies([{"name": "django_language", "value": "en", "url": site}])
    try:
        hall = visitor.new_page()
        hall_errors = []
        hall.on("pageerror", lambda error: hall_errors.append(str(error)))
        hall.goto(site + HALL_PATH)
        hall.wait_for_function("window.fairHall !== undefined", timeout=30000)
        hall.evaluate("window.fairHall.ready")
        # The schedule's marker: the booth's sign over it says what is on now.
        assert hall.evaluate("(s) => window.fairHall.booths().includes(s)", booth.slug)
        scene = hall.evaluate("JSON.parse(document.getElementById('hall-scene').textContent)")
        assert next(b for b in scene["booths"] if b["slug"] == booth.slug)["on"] == "On now · Livestream sale: Live sale"
        start = hall.evaluate("(s) => window.fairHall.screenPosition(s)", booth.slug)
        page = studio()
        drag(page, booth.slug, 0, 4)
        page.get_by_role("button", name="Save the floor plan").click()
        page.get_by_text("Saved as version 1.").wait_for()
        # The visitor has not moved, the booth has: it is drawn elsewhere on their screen.
        moved = "([s, x, y]) => { const p = window.fairHall.screenPosition(s); return Math.hypot(p.x - x, p.y - y) > 5; }"
        hall.wait_for_function(moved, arg=[booth.slug, start["x"], start["y"]], timeout=30000)
        assert hall_errors == []
    finally:
        visitor.close()
