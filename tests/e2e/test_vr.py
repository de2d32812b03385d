"""Visiting the fair in a VR headset, with the `iwer` WebXR emulator standing in for one: only controller
input walks from the hall's entrance to a booth and through its process tour (headless Chromium has no VR)."""

import math

import pytest

from tests.e2e.conftest import ROOT

IWER = ROOT / "frontend" / "node_modules" / "iwer" / "build" / "iwer.min.js"
EMULATOR = IWER.read_text() + """
;(() => {
  const device = new IWER.XRDevice(IWER.metaQuest3);
  device.installRuntime({ forceInstall: true });
  window.__xrDevice = device;
})();
"""


@pytest.fixture
def headset(browser):
    """A browser context where a Meta Quest 3 (emulated) is plugged in before any page script runs."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script(EMULATOR)
    yield context
    context.close()


def aim_and(page, hook, spec, button="trigger", hand="right"):
    """Point the emulated controller at a target the page names, then press and release a button."""
    page.evaluate("""([hook, spec, button, hand]) => {
      const target = window[hook].xrTarget(spec);
      if (!target) throw new Error(`no target ${spec}`);
      const controller = window.__xrDevice.controllers[hand];
      const from = controller.position;
      const direction = IWER.directionTo({ x: from.x, y: from.y, z: from.z }, { x: target.x, y: target.y, z: target.z });
      const q = IWER.lookRotation(direction);
      controller.quaternion.set(q.x, q.y, q.z, q.w);
      window.__pressAt = window[hook].xr().frames;
      window.__press = [controller, button];
    }""", [hook, spec, button, hand])
    # Hold the button for a few frames, then let go: a real press ("select" fires on release).
    page.wait_for_function(f"window.{hook}.xr().frames > window.__pressAt + 3", timeout=30000)
    before = page.evaluate(f"window.{hook}.xr().selects")
    page.evaluate("window.__press[0].updateButtonValue(window.__press[1], 1)")
    page.wait_for_function(f"window.{hook}.xr().frames > window.__pressAt + 8", timeout=30000)
    if button == "trigger":
        page.evaluate("window.__press[0].updateButtonValue(window.__press[1], 0)")
        page.wait_for_function(f"window.{hook}.xr().selects > {before}", timeout=30000)
        page.wait_for_function(f"window.{hook}.xr().frames > window.__pressAt + 12", timeout=30000)
    # A teleport fades out and in (0.3 s): wait until the visitor has arrived.
    page.wait_for_function(f"!window.{hook}.xr().moving", timeout=30000)


def test_without_a_headset_no_vr_button_but_a_hint_and_the_hall_still_works(page, site, errors):
    page.goto(site + "/fairs/ocop-2026/halls/dac-san/")
    page.wait_for_function("window.fairHall && window.fairHall.frames() > 2", timeout=30000)
    hint = page.locator("#hall-3d .vr-status.vr-hint")
    hint.wait_for(state="visible")
    assert "VR" in hint.inner_text()
    assert page.locator("#hall-3d .vr-enter").is_hidden()  # no button that cannot start
    assert page.evaluate("window.fairHall.triangles()") > 100
    assert page.evaluate("window.fairXR") is None  # the VR code was never downloaded
    assert errors == []


def test_a_headset_visitor_walks_to_a_booth_and_through_its_tour_with_controllers_only(headset, site, errors):
    from booths.conversations.models import Message

    page = headset.new_page()
    page.on("pageerror", lambda error: errors.append(f"pageerror: {error.stack}"))
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site + "/fairs/ocop-2026/halls/dac-san/")
    page.wait_for_function("window.fairHall && window.fairHall.frames() > 2", timeout=30000)
    button = page.locator("#hall-3d .vr-enter")
    page.wait_for_function("!document.querySelector('#hall-3d .vr-enter').disabled", timeout=30000)
    assert not any(url.endswith("/xr.js") for url in requested)  # nothing extra until the visitor asks
    button.click()
    page.wait_for_function("window.fairHall.xr() && window.fairHall.xr().presenting && window.fairHall.xr().frames > 10",
                           timeout=30000)
    assert any(url.endswith("/xr.js") for url in requested)
    start = page.evaluate("window.fairHall.xr()")
    # What a standalone headset must draw at 72 fps: at most 15 draw calls per booth and eye (docs/vr.md).
    booths = page.evaluate("window.fairHall.booths().length")
    assert 0 < page.evaluate("window.fairHall.drawCalls()") <= 2 * (15 * booths + 10)

    # Point at a booth: its name, producer and stars float above it. Select: the visitor is in front of it.
    aim_and(page, "fairHall", "booth:mat-ong-quyet-thang")
    state = page.evaluate("window.fairHall.xr()")
    assert state["booth"] == "mat-ong-quyet-thang", state
    assert math.hypot(state["x"] - start["x"], state["z"] - start["z"]) > 3
    page.wait_for_function("window.fairHall.xr().panel.includes('★')", timeout=30000)
    page.wait_for_function("window.fairHall.xrTarget('button:tour') !== null", timeout=30000)

    # Squeeze: the honey jar comes into the hand; let go: back on the counter.
    aim_and(page, "fairHall", "booth:mat-ong-quyet-thang", button="squeeze")
    assert page.evaluate("window.fairHall.xr().grabbed") is True
    page.evaluate("window.__xrDevice.controllers.right.updateButtonValue('squeeze', 0)")
    page.wait_for_function("window.fairHall.xr().grabbed === false", timeout=30000)

    # The process tour, in the same session: next step, a hotspot, back to the hall.
    aim_and(page, "fairHall", "button:tour")
    state = page.evaluate("window.fairHall.xr()")
    assert state["mode"] == "tour" and state["tourStep"] == 1, state
    aim_and(page, "fairHall", "button:next")
    assert page.evaluate("window.fairHall.xr().tourStep") == 2
    aim_and(page, "fairHall", "hotspot:0")
    assert page.evaluate("window.fairHall.xr().tourPanel") != ""
    aim_and(page, "fairHall", "button:exit")
    assert page.evaluate("window.fairHall.xr().mode") == "hall"

    # Chat from VR: a quick reply reaches the producer (stored, acknowledged).
    aim_and(page, "fairHall", "button:chat")
    aim_and(page, "fairHall", "button:reply-0")
    page.wait_for_function("(window.fairHall.xr().chat || []).length === 1", timeout=30000)
    assert Message.objects.filter(conversation__booth__slug="mat-ong-quyet-thang", sender="visitor").count() == 1

    # Snap turn: a flick of the thumbstick turns 30°, no smooth rotation.
    before = page.evaluate("window.fairHall.xr().yaw")
    page.evaluate("window.__xrDevice.controllers.left.updateAxes('thumbstick', 1, 0)")
    page.wait_for_function(f"Math.abs(window.fairHall.xr().yaw - ({before})) > 0.4", timeout=30000)
    page.evaluate("window.__xrDevice.controllers.left.updateAxes('thumbstick', 0, 0)")
    turned = page.evaluate("window.fairHall.xr().yaw") - before
    assert abs(abs(math.remainder(turned, 2 * math.pi)) - math.pi / 6) < 0.05

    # Leaving VR puts the page's camera where the visitor stood.
    inside = page.evaluate("window.fairHall.xr()")
    page.evaluate("window.fairHall.xrEnd()")
    page.wait_for_function("window.fairHall.xr() === null", timeout=30000)
    position = page.evaluate("window.fairHall.position()")
    assert math.hypot(position["x"] - inside["x"], position["z"] - inside["z"]) < 0.5
    assert page.evaluate("window.fairHall.triangles()") > 100
    assert errors == []


def test_a_process_tour_on_a_booth_page_in_vr(headset, site, errors):
    page = headset.new_page()
    page.on("pageerror", lambda error: errors.append(f"pageerror: {error.stack}"))
    page.goto(site + "/booths/mat-ong-quyet-thang/")
    page.wait_for_function("window.fairBooth && window.fairBooth.tour()", timeout=30000)
    button = page.locator("#tour-3d .vr-enter")
    page.wait_for_function("!document.querySelector('#tour-3d .vr-enter').disabled", timeout=30000)
    button.click()
    page.wait_for_function("window.fairBooth.xr() && window.fairBooth.xr().presenting && window.fairBooth.xr().frames > 5",
                           timeout=30000)
    assert page.evaluate("window.fairBooth.xr().step") == 1
    aim_and(page, "fairBooth", "button:next")
    assert page.evaluate("window.fairBooth.xr().step") == 2
    aim_and(page, "fairBooth", "hotspot:0")
    assert page.evaluate("window.fairBooth.xr().panel") != ""
    page.evaluate("window.fairBooth.xrEnd()")
    page.wait_for_function("window.fairBooth.xr() === null", timeout=30000)
    assert page.evaluate("window.fairBooth.tour().step") == 2  # the page shows the step reached in VR
    assert errors == []
