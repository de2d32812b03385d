"""Light mode in a real browser: chosen from Save-Data or missing WebGL, no canvas, no three.js, same booths; the toggle is remembered."""

from tests.e2e.conftest import axe_violations

HALL = "/fairs/ocop-2026/halls/tay-bac/"
NO_WEBGL = """
const original = HTMLCanvasElement.prototype.getContext;
HTMLCanvasElement.prototype.getContext = function (kind, ...rest) {
  return /webgl/.test(kind) ? null : original.call(this, kind, ...rest);
};
"""


def scripts_loaded(page):
    return page.evaluate("performance.getEntriesByType('resource').map(e => e.name).filter(n => n.endsWith('.js'))")


def booth_names(page):
    return page.locator(".booth-card h3").all_inner_texts()


def test_save_data_gets_the_light_hall_without_three(browser, site):
    context = browser.new_context(extra_http_headers={"Save-Data": "on"})
    page = context.new_page()
    scripts = []
    page.on("response", lambda response: scripts.append(response) if response.request.resource_type == "script" else None)
    page.goto(site + HALL)
    page.wait_for_function("document.documentElement.dataset.mode !== 'auto'")  # the page chose its mode
    assert page.evaluate("document.documentElement.dataset.mode") == "light"
    assert page.locator("canvas").count() == 0
    assert page.locator("#hall-3d").is_hidden()
    bodies = [response.body() for response in scripts]
    assert bodies and not any(b"WebGLRenderer" in body for body in bodies)  # no three.js at all
    assert sum(len(body) for body in bodies) < 20 * 1024  # the mode and presence scripts only
    assert len(booth_names(page)) == 4
    assert axe_violations(page) == []
    context.close()


def test_light_and_3d_show_the_same_booths(browser, site):
    light = browser.new_context(extra_http_headers={"Save-Data": "on"})
    full = browser.new_context()
    light_page, full_page = light.new_page(), full.new_page()
    light_page.goto(site + HALL)
    full_page.goto(site + HALL)
    full_page.wait_for_function("window.fairHall !== undefined", timeout=30000)
    assert booth_names(light_page) == booth_names(full_page)
    assert sorted(full_page.evaluate("window.fairHall.booths()")) == sorted(
        light_page.locator(".booth-card").evaluate_all("cards => cards.map(card => card.dataset.booth)"))
    light.close()
    full.close()


def test_missing_webgl_falls_back_to_light_with_a_reason(browser, site):
    context = browser.new_context()
    context.add_init_script(NO_WEBGL)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site + HALL)
    page.wait_for_function("document.documentElement.dataset.mode !== 'auto'")  # the page chose its mode
    assert page.evaluate("document.documentElement.dataset.mode") == "light"
    assert page.locator("canvas").count() == 0
    notice = page.locator("#mode-notice")
    assert notice.is_visible() and "WebGL" in notice.inner_text()
    assert len(booth_names(page)) == 4
    assert errors == []
    context.close()


def test_toggle_switches_both_ways_and_is_remembered(browser, site):
    context = browser.new_context()
    page = context.new_page()
    page.goto(site + HALL)
    page.wait_for_function("window.fairHall !== undefined", timeout=30000)
    page.locator(".mode-toggle").click()
    page.wait_for_url("**" + HALL)
    assert page.evaluate("document.documentElement.dataset.mode") == "light"
    assert page.locator("canvas").count() == 0
    page.goto(site + "/booths/mat-ong-quyet-thang/")  # remembered on other pages
    assert page.locator("canvas").count() == 0
    assert page.locator(".tour-steps").is_visible()
    assert page.locator(".tour-step img").count() == 3
    page.locator(".mode-toggle").click()
    page.wait_for_function("window.fairBooth !== undefined", timeout=30000)
    assert page.evaluate("document.documentElement.dataset.mode") == "3d"
    context.close()


def test_slow_connection_gets_light_mode_and_can_switch_to_3d(browser, site):
    context = browser.new_context()
    context.add_init_script("Object.defineProperty(navigator, 'connection', {value: {saveData: false, effectiveType: '2g'}});")
    page = context.new_page()
    page.goto(site + HALL)
    page.wait_for_function("document.documentElement.dataset.mode !== 'auto'")  # the page chose its mode
    assert page.evaluate("document.documentElement.dataset.mode") == "light"
    assert page.locator("#mode-notice").is_visible()
    toggle = page.locator(".mode-toggle")
    assert "/mode/3d/" in toggle.get_attribute("href")
    toggle.click()
    page.wait_for_function("window.fairHall !== undefined", timeout=30000)  # an explicit choice wins over the hint
    assert page.locator("#hall-3d canvas").count() == 1
    context.close()
