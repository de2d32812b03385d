"""A booth in a real browser: the model viewer draws the product, the spin turns, the process tour steps and its hotspots open."""

import io

from PIL import Image, ImageStat

from tests.e2e.conftest import axe_violations

BOOTH = "/booths/mat-ong-quyet-thang/"


# Every model viewer made so far has finished (drawn, or given up with its picture): nothing is loading.
LOADED = "window.fairBooth.viewers().every(v => v.state === 'shown' || v.state === 'failed')"

def test_model_viewer_draws_the_product(page, site, errors):
    page.goto(site + BOOTH)
    # Shown, and its first frame drawn (frames are drawn on demand, in the next animation frame).
    page.wait_for_function("window.fairBooth?.viewers()[0]?.state === 'shown' && window.fairBooth.viewers()[0].renders > 0",
                           timeout=30000)
    viewer = page.evaluate("window.fairBooth.viewers()")[0]
    assert viewer["url"].endswith("mat-ong-quyet-thang.glb")
    assert viewer["triangles"] > 500
    canvas = page.locator(".product-media .viewer-canvas").first
    shot = Image.open(io.BytesIO(canvas.screenshot())).convert("RGB")
    assert max(ImageStat.Stat(shot).stddev) > 15
    # The jar is honey-coloured: a good share of warm, saturated pixels in the middle.
    middle = shot.crop((shot.width // 3, shot.height // 3, 2 * shot.width // 3, 2 * shot.height // 3))
    warm = sum(1 for r, g, b in middle.getdata() if r > g > b and r - b > 60)
    assert warm > middle.width * middle.height * 0.1
    assert page.locator(".viewer-reset").first.is_visible()
    assert errors == []


def test_models_load_lazily(page, site, errors):
    page.set_viewport_size({"width": 400, "height": 500})
    requested = []
    page.on("request", lambda request: requested.append(request.url) if request.url.endswith(".glb") else None)
    page.goto(site + BOOTH)
    page.wait_for_function("window.fairBooth !== undefined", timeout=30000)
    # The models in view are loaded (or none is in view yet); what is further down has no viewer yet.
    page.wait_for_function(LOADED, timeout=30000)
    first = len(requested)
    assert first < 3  # the products further down are not fetched yet
    for card in page.locator(".product-card").all():
        card.scroll_into_view_if_needed()
        model = card.locator(".product-media[data-model]")
        if model.count():  # its viewer is made once it is in view (waited for, never a fixed time)
            url = model.get_attribute("data-model")
            page.wait_for_function("url => window.fairBooth.viewers().some(v => v.url.endsWith(url))", arg=url,
                                   timeout=30000)
    page.wait_for_function("window.fairBooth.viewers().length === 3", timeout=30000)
    assert len(requested) == 3
    assert errors == []


def test_process_tour_moves_between_steps_and_opens_hotspots(page, site, errors):
    page.goto(site + BOOTH)
    tour = page.locator("#tour-3d")
    tour.wait_for(state="visible", timeout=30000)
    page.wait_for_function("document.getElementById('tour-3d').dataset.step === '1'", timeout=30000)
    assert page.locator(".tour-steps").is_hidden()
    first_title = page.locator(".tour-title").inner_text()
    tour.scroll_into_view_if_needed()  # drawn on screen only
    page.wait_for_function("window.fairBooth.tour().triangles > 0")  # the panorama is drawn
    page.locator(".tour-next").click()
    page.wait_for_function("document.getElementById('tour-3d').dataset.step === '2'", timeout=30000)
    assert page.locator(".tour-title").inner_text() != first_title
    assert page.locator(".tour-progress progress").get_attribute("value") == "2"
    page.locator(".tour-hotspot-list button").first.click()
    panel = page.locator(".tour-hotspot")
    assert panel.is_visible() and len(panel.locator("p").inner_text()) > 10
    page.locator(".tour-prev").click()
    page.wait_for_function("document.getElementById('tour-3d').dataset.step === '1'", timeout=30000)
    assert page.locator(".tour-prev").is_disabled()
    shot = Image.open(io.BytesIO(page.locator(".tour-stage canvas").screenshot())).convert("RGB")
    assert max(ImageStat.Stat(shot).stddev) > 15
    assert errors == []


def test_panorama_turns_with_the_keyboard(page, site, errors):
    page.goto(site + BOOTH)
    page.wait_for_function("document.getElementById('tour-3d').dataset.step === '1'", timeout=30000)
    page.locator(".tour-stage canvas").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("window.fairBooth.tour().yaw") == 20
    assert errors == []


def test_spin_turns_when_dragged(page, site, errors):
    page.goto(site + "/products/mat-ong-quyet-thang/")
    spin = page.locator(".spin-viewer")
    spin.wait_for(state="visible", timeout=30000)
    image = spin.locator("img")
    first = image.get_attribute("src")
    spin.scroll_into_view_if_needed()  # under the model and the buy box
    box = spin.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 - 60, box["y"] + box["height"] / 2, steps=6)
    page.mouse.up()
    assert image.get_attribute("src") != first
    assert spin.get_attribute("aria-valuenow") == "5"
    assert errors == []


def test_booth_and_product_pages_have_no_serious_accessibility_violations(page, site, errors):
    for path in (BOOTH, "/products/mat-ong-quyet-thang/"):
        page.goto(site + path)
        page.wait_for_function("window.fairBooth !== undefined", timeout=30000)
        page.wait_for_function(LOADED, timeout=30000)  # the page as a visitor reads it, models drawn
        assert axe_violations(page) == [], path
    assert errors == []


def test_an_idle_booth_page_draws_no_frame(page, site, errors):
    """Render on demand: the model turns by itself for a few seconds, then rests; the tour draws when looked
    around; an untouched booth page then draws no frame at all."""
    page.goto(site + BOOTH)
    page.wait_for_function("window.fairBooth && window.fairBooth.viewers().some(v => v.state === 'shown')", timeout=30000)
    page.wait_for_function(LOADED, timeout=30000)
    idle = "window.fairBooth.viewers().every(v => !v.drawing) && !(window.fairBooth.tour()?.drawing)"
    page.wait_for_function(idle, timeout=60000)  # the auto-rotation stopped by itself
    renders = "[...window.fairBooth.viewers().map(v => v.renders), window.fairBooth.tour()?.renders ?? 0]"
    before = page.evaluate(renders)
    assert before[0] > 2  # it did turn (and draw) first
    page.evaluate("""new Promise(done => { let left = 30; const tick = () => (--left ? requestAnimationFrame(tick) : done());
                                            requestAnimationFrame(tick); })""")
    assert page.evaluate(renders) == before
    # Turning the model with the keyboard draws it again.
    canvas = page.locator(".product-media .viewer-canvas").first
    canvas.focus()
    canvas.press("ArrowLeft")
    page.wait_for_function(f"window.fairBooth.viewers()[0].renders > {before[0]}", timeout=30000)
    assert errors == []


# Counts the page's WebGL contexts: every one made, and the most alive at once (a probe given back is not alive).
COUNT_CONTEXTS = """
(() => {
  const made = [];
  let most = 0;
  const getContext = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (type, ...rest) {
    const context = getContext.call(this, type, ...rest);
    if (context && /webgl/.test(type) && !made.includes(context)) {
      made.push(context);
      most = Math.max(most, made.filter((c) => !c.isContextLost()).length);
    }
    return context;
  };
  window.__webgl = { made: () => made.length, most: () => most, alive: () => made.filter((c) => !c.isContextLost()).length };
})();
"""


def test_a_booth_of_30_products_keeps_at_most_two_webgl_contexts_and_shows_every_model(browser, site):
    from booths.models import Booth
    from tests.factories import make_product

    booth = Booth.objects.get(slug="mat-ong-quyet-thang")
    model = booth.products.exclude(model_glb="").first()
    for index in range(30 - booth.products.count()):
        make_product(booth=booth, slug=f"mat-ong-{index}", model_glb=model.model_glb.name, with_image=True)
    assert booth.products.filter(is_published=True).count() == 30

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script(COUNT_CONTEXTS)
    page = context.new_page()
    warnings = []
    page.on("console", lambda message: warnings.append(message.text) if "WebGL" in message.text else None)
    page.goto(site + BOOTH)
    figures = page.locator(".product-media[data-model]")
    assert figures.count() == 30
    # Top to bottom: every model is made and drawn as its product comes into view.
    for index in range(figures.count()):
        figures.nth(index).scroll_into_view_if_needed()
        page.wait_for_function(f"window.fairBooth?.viewers().length > {index} && "
                               "window.fairBooth.viewers().every(v => v.state === 'shown' && v.renders > 0)")
    assert page.evaluate("window.fairBooth.viewers().length") == 30
    # And back to the top: the first model is still there, drawn (not a blank or lost canvas).
    figures.first.scroll_into_view_if_needed()
    page.wait_for_function("window.fairBooth.viewers().every(v => !v.drawing)")
    shot = Image.open(io.BytesIO(figures.first.locator(".viewer-canvas").screenshot())).convert("RGB")
    assert max(ImageStat.Stat(shot).stddev) > 15
    assert page.evaluate("window.__webgl.most()") <= 2  # the tour's and the products' shared one, however many products
    assert warnings == []
    context.close()
