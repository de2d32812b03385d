"""The journeys a visitor and a producer walk every day, on a 1366×768 laptop and a 390×844 phone, in Vietnamese
(the default) and English: what a person would notice if it broke again (issue 13)."""

import io
import json
import re

import pytest
import zxingcpp
from PIL import Image

LAPTOP = {"viewport": {"width": 1366, "height": 768}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
VIEWPORTS = {"laptop": LAPTOP, "phone": PHONE}
HONEY = "mat-ong-quyet-thang"  # a product with a 3D model, a 360° spin, a diary; its booth has a process tour
NBSP = "\u00a0"


@pytest.fixture
def open_page(browser, site):
    """Opens a page in a fresh browser of the given size and language (optionally signed in as a user);
    closes every one at the end."""
    contexts = []

    def opener(path, *, viewport="laptop", language="vi", user=None, errors=None):
        from tests.realtime.helpers import user_session

        context = browser.new_context(**VIEWPORTS[viewport])
        contexts.append(context)
        cookies = [{"name": "django_language", "value": language, "url": site}]
        if user is not None:
            cookies.append({"name": "sessionid", "value": user_session(user), "url": site})
        context.add_cookies(cookies)
        page = context.new_page()
        if errors is not None:
            page.on("pageerror", lambda error: errors.append(f"pageerror: {error}"))
        page.goto(site + path)
        return page

    yield opener
    for context in contexts:
        context.close()


def staff_of(slug):
    from booths.models import Booth
    from tests.factories import make_user

    booth = Booth.objects.select_related("producer").get(slug=slug)
    return booth, make_user(producer=booth.producer)


# Broken for producers ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("viewport", ["phone", "laptop"])
def test_the_qr_codes_show_in_the_editor_and_the_printed_label_scans(open_page, site, viewport):
    booth, user = staff_of(HONEY)
    product = booth.products.get(slug=HONEY)
    page = open_page(f"/producer/products/{product.slug}/", viewport=viewport, user=user)
    qr = page.locator("#label img.qr")
    qr.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('#label img.qr').complete")
    assert qr.evaluate("img => img.naturalWidth") > 0  # an SVG without its namespace draws nothing in an <img>
    page.goto(site + f"/producer/booths/{booth.slug}/")
    page.wait_for_function("document.querySelector('img.qr').complete")
    assert page.locator("img.qr").evaluate("img => img.naturalWidth") > 0

    page.goto(site + f"/producer/products/{product.slug}/label/?copies=2")
    label = page.locator(".label-sheet .label").first
    code = label.locator(".label-qr")
    box, label_box = code.bounding_box(), label.bounding_box()
    assert box["x"] + box["width"] <= label_box["x"] + label_box["width"] + 1  # the whole code sits on the label
    shot = Image.open(io.BytesIO(code.screenshot(scale="device"))).convert("L")
    shot = shot.resize((shot.width * 3, shot.height * 3), Image.NEAREST)  # a phone camera reads a label up close
    found = zxingcpp.read_barcodes(shot)
    assert [result.text for result in found] == [site + f"/products/{product.slug}/"]


def test_hotspot_markers_stand_where_their_yaw_and_pitch_say_in_vietnamese(open_page):
    booth, user = staff_of(HONEY)
    step = booth.tour.steps.order_by("order").first()
    hotspots = list(step.hotspots.order_by("yaw"))
    assert hotspots and any(h.yaw % 1 == 0 for h in hotspots)  # "-160.0": written "-160,0" when localized
    page = open_page(f"/producer/steps/{step.pk}/", viewport="phone", user=user)
    assert page.evaluate("document.documentElement.lang") == "vi"
    picker = page.locator(".pano-pick")
    picker.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('.pano-pick img').complete")
    frame = picker.locator("img").bounding_box()
    markers = picker.locator(".pano-marker[data-yaw]")
    assert markers.count() == len(hotspots)
    for index, hotspot in enumerate(hotspots):
        box = markers.nth(index).bounding_box()
        x = box["x"] + box["width"] / 2 - frame["x"]
        y = box["y"] + box["height"] / 2 - frame["y"]
        assert abs(x - (hotspot.yaw + 180) / 360 * frame["width"]) < 3
        assert abs(y - (90 - hotspot.pitch) / 180 * frame["height"]) < 3
    # Placed by tapping: the numbers stay out of sight, the tap fills them in.
    assert page.locator("#id_hotspot-yaw").is_hidden() and page.locator("#id_hotspot-pitch").is_hidden()
    picker.locator("img").tap(position={"x": frame["width"] * 0.25, "y": frame["height"] * 0.5})
    assert float(page.input_value("#id_hotspot-yaw")) == pytest.approx(-90, abs=2)
    assert page.locator(".pano-marker-new").is_visible()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_producer_signs_out_from_any_page(open_page, site, language):
    booth, user = staff_of(HONEY)
    page = open_page("/producer/", viewport="phone", language=language, user=user)
    page.wait_for_function("window.fairConsole !== undefined")
    sign_out = page.locator(".sign-out button")
    assert sign_out.inner_text() == {"vi": "Đăng xuất", "en": "Sign out"}[language]
    sign_out.click()
    page.wait_for_url(site + "/")
    assert page.locator(".sign-out").count() == 0
    page.goto(site + "/producer/")
    assert "/accounts/login/" in page.url


def test_the_editor_keeps_save_in_reach_and_removing_apart(open_page):
    booth, user = staff_of(HONEY)
    page = open_page(f"/producer/booths/{booth.slug}/", viewport="phone", user=user)
    fields = page.locator(".editor-form input, .editor-form textarea").evaluate_all("els => els.map(e => e.name)")
    assert fields.index("producer-story_vi") < fields.index("producer-story_en") < fields.index("producer-bank_name")
    page.locator("#id_producer-story_vi").scroll_into_view_if_needed()
    save = page.locator(".editor-form .editor-save button")
    box = save.bounding_box()
    assert 0 <= box["y"] and box["y"] + box["height"] <= 844  # sticky: on screen while the long form scrolls
    step = booth.tour.steps.first()
    page.goto(page.url.split("/producer/")[0] + f"/producer/steps/{step.pk}/")
    assert page.locator(".editor-save .danger, .editor-save + .danger").count() == 0
    assert page.locator(".danger-zone button.danger").is_hidden()  # behind its own "Remove this step"


# The product page, built around buying -------------------------------------------------------------------------

@pytest.mark.parametrize("viewport", ["laptop", "phone"])
@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_product_page_shows_the_model_price_and_order_above_the_fold(open_page, viewport, language, errors):
    page = open_page(f"/products/{HONEY}/", viewport=viewport, language=language, errors=errors)
    page.wait_for_function("window.fairBooth && window.fairBooth.viewers().some(v => v.state === 'shown')", timeout=30000)
    height = VIEWPORTS[viewport]["viewport"]["height"]
    for selector in (".buy-box .price", ".buy-box .order-form button", ".buy-box .order-form input"):
        box = page.locator(selector).bounding_box()
        assert box["y"] + box["height"] <= height, f"{selector} is below the fold"
    price = page.locator(".buy-box .price").inner_text()
    assert re.match(r"250[.,]000\u00a0₫", price), price
    canvas = page.locator(".product-stage .viewer-canvas").bounding_box()
    assert canvas["width"] >= 340 and canvas["height"] >= 300  # the model is large, not a thumbnail
    assert page.locator(".product-stage .viewer-reset").bounding_box()["y"] > canvas["y"] + canvas["height"] / 2
    page.locator(".spin-viewer").scroll_into_view_if_needed()
    assert page.locator(".spin .drag-hint").is_visible()
    assert page.locator("a[download][type='model/gltf-binary']").count() == 0  # no raw GLB for shoppers
    assert errors == []


def test_the_wheel_scrolls_the_page_over_a_model_until_the_visitor_clicks_it(open_page, errors):
    page = open_page(f"/products/{HONEY}/", errors=errors)
    page.wait_for_function("window.fairBooth && window.fairBooth.viewers().some(v => v.state === 'shown')", timeout=30000)
    canvas = page.locator(".product-stage .viewer-canvas")
    box = canvas.bounding_box()
    distance = page.evaluate("window.fairBooth.viewers()[0].distance")
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, 300)
    page.wait_for_function("window.scrollY > 100")
    assert page.evaluate("window.fairBooth.viewers()[0].distance") == pytest.approx(distance)
    assert page.locator(".viewer-hint").is_visible()  # says how to zoom
    assert canvas.evaluate("c => getComputedStyle(c).touchAction") == "pan-y"  # a finger scrolls the page too
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_function("window.scrollY === 0")
    page.keyboard.down("Control")
    page.mouse.wheel(0, 300)
    page.keyboard.up("Control")
    page.wait_for_function(f"window.fairBooth.viewers()[0].distance > {distance} * 1.05")
    assert errors == []


@pytest.mark.parametrize("viewport", ["laptop", "phone"])
def test_an_english_product_page_shows_no_vietnamese_where_english_exists(open_page, viewport):
    from booths.models import Product

    product = Product.objects.get(slug=HONEY)
    page = open_page(f"/products/{HONEY}/", viewport=viewport, language="en")
    certificate = page.locator(".certificate").inner_text()
    assert product.certificate_authority_en in certificate and "UBND" not in certificate
    diary = page.locator(".diary").inner_text()
    for entry in product.diary.all():
        assert entry.inputs_en in diary and entry.activity_en in diary
        assert entry.inputs not in diary and entry.activity_vi not in diary
    page.goto(page.url.replace(f"/products/{HONEY}/", "/fairs/ocop-2026/halls/dac-san/"))
    scene = json.loads(page.locator("#hall-scene").text_content())
    assert all(booth["tagline"] and not re.search("[ăâđêôơư]", booth["tagline"]) for booth in scene["booths"])


# The hall remembers ----------------------------------------------------------------------------------------------

def open_hall(page):
    page.wait_for_function("window.fairHall !== undefined", timeout=30000)
    page.evaluate("window.fairHall.ready")


def test_back_from_a_booth_puts_the_visitor_where_they_were(open_page, site, errors):
    page = open_page("/fairs/ocop-2026/halls/tay-nguyen/", errors=errors)
    open_hall(page)
    page.evaluate("window.fairHall.flyTo('mac-ca-krong-nang')")
    page.wait_for_function("window.fairHall.arrived()", timeout=30000)
    before = page.evaluate("window.fairHall.pose()")
    spot = page.evaluate("window.fairHall.screenPosition('mac-ca-krong-nang')")
    page.mouse.click(spot["x"], spot["y"])
    page.wait_for_url("**/booths/mac-ca-krong-nang/", timeout=30000)
    page.go_back()
    open_hall(page)
    after = page.evaluate("window.fairHall.pose()")
    for key in ("x", "z", "yaw"):
        assert after[key] == pytest.approx(before[key], abs=0.05), key
    assert page.evaluate("window.fairHall.screenPosition('mac-ca-krong-nang').visible")
    assert errors == []


@pytest.mark.parametrize("viewport", ["laptop", "phone"])
def test_the_hall_shows_hints_for_the_device_a_booth_list_and_full_screen_on_phones(open_page, viewport, errors):
    page = open_page("/fairs/ocop-2026/halls/tay-nguyen/", viewport=viewport, errors=errors)
    open_hall(page)
    touch, keys = page.locator(".scene-hint .hint-touch"), page.locator(".scene-hint .hint-keys")
    assert (touch.is_visible(), keys.is_visible()) == ((True, False) if viewport == "phone" else (False, True))
    page.locator(".scene-booths-toggle").click()
    choice = page.locator('.scene-booths button[data-booth="kien-cuong"]')
    assert choice.is_visible() and "Kiên Cường" in choice.inner_text()
    choice.click()
    assert page.locator(".scene-booths").is_hidden()
    page.wait_for_function("window.fairHall.arrived()", timeout=30000)
    assert page.evaluate("window.fairHall.screenPosition('kien-cuong').visible")
    fullscreen = page.locator(".scene-fullscreen")
    if viewport == "phone":
        fullscreen.click()
        page.wait_for_function("document.getElementById('hall-3d').classList.contains('is-fullscreen')")
        page.wait_for_function("Math.abs(document.querySelector('#hall-3d canvas').getBoundingClientRect().height"
                               " - window.innerHeight) < 2")
        fullscreen.click()
        page.wait_for_function("!document.getElementById('hall-3d').classList.contains('is-fullscreen')")
    else:
        assert fullscreen.is_hidden()
    assert errors == []


def test_the_ring_hall_starts_facing_a_booth_and_products_fit_their_counters(open_page, errors):
    page = open_page("/fairs/ocop-2026/halls/tay-bac/", errors=errors)
    open_hall(page)
    booths = page.evaluate("window.fairHall.booths()")
    assert page.evaluate(f"window.fairHall.screenPosition('{booths[0]}').visible")
    page.goto(page.url.replace("tay-bac", "tay-nguyen"))
    open_hall(page)
    page.wait_for_function("Object.values(window.fairHall.productSizes()).filter(Boolean).length >= 4", timeout=60000)
    for slug, size in page.evaluate("window.fairHall.productSizes()").items():
        assert size["y"] <= 0.56 and max(size["x"], size["z"]) <= 0.91, (slug, size)  # the counter is 2.4 × 0.6 m
    assert errors == []


# Checkout and the order page -------------------------------------------------------------------------------------

MANGO = "xoai-say-deo-toan-thang"


@pytest.mark.parametrize("viewport", ["laptop", "phone"])
def test_checkout_total_is_live_quantities_are_capped_and_errors_sit_at_their_fields(open_page, viewport, errors):
    from booths.models import Product
    from booths.orders.models import Order

    Product.objects.filter(slug=MANGO).update(stock=3)
    page = open_page(f"/booths/htx-toan-thang/checkout/?line-{MANGO}=1", viewport=viewport, errors=errors)
    page.wait_for_function("window.fairLive && window.fairLive.open()")
    assert page.locator(".quote-total").inner_text() == f"75.000{NBSP}₫"
    quantity = page.locator(f"input[name=line-{MANGO}]")
    quantity.fill("2")
    assert page.locator(".quote-total").inner_text() == f"150.000{NBSP}₫"  # no "Update total" needed
    assert page.locator(".quote-button").is_hidden()
    quantity.fill("7")
    assert quantity.input_value() == "3"
    short = page.locator(f"tr[data-product={MANGO}] .field-error")
    assert short.is_visible() and "3" in short.inner_text()
    assert page.locator(".quote-total").inner_text() == f"225.000{NBSP}₫"
    # "Payment" is a plain label over big choices, not drawn inside a printable label's dashed box.
    legend = page.locator(".payment-choice legend").bounding_box()
    assert legend["height"] < 40
    radio = page.locator("input[name=payment][value=transfer]").bounding_box()
    assert radio["width"] >= 20
    page.locator("button.place").click()
    for field in ("name", "phone", "address"):
        assert page.locator(f"#{field}-field .field-error").is_visible(), field
    assert page.evaluate("document.activeElement.name") == "name"
    page.fill("#id_name", "Lan")
    page.fill("#id_phone", "0912")
    page.fill("#id_address", "12 Hàng Bạc, Hà Nội")
    page.locator("button.place").click()
    assert page.locator("#phone-field .field-error").is_visible() and page.locator("#name-field .field-error").is_hidden()
    assert Order.objects.count() == 0
    page.fill("#id_phone", "0912 345 678")
    page.locator("button.place").click()
    page.wait_for_url("**/orders/OCOP-*/", timeout=30000)
    assert Order.objects.get().total_vnd == 225000
    assert errors == []


def place_order(page):
    page.fill("#id_name", "Lan")
    page.fill("#id_phone", "0912345678")
    page.fill("#id_address", "12 Hàng Bạc, Hà Nội")
    page.wait_for_function("window.fairLive && window.fairLive.open()")
    page.locator("button.place").click()
    page.wait_for_url("**/orders/OCOP-*/", timeout=30000)


@pytest.mark.parametrize("viewport", ["laptop", "phone"])
@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_order_page_is_a_noun_thanks_the_buyer_and_speaks_the_visitors_language(open_page, viewport, language, errors):
    from booths.orders.models import Order
    from booths.orders.services import order_transition

    _booth, producer = staff_of("htx-toan-thang")
    page = open_page(f"/booths/htx-toan-thang/checkout/?line-{MANGO}=2", viewport=viewport, language=language, errors=errors)
    place_order(page)
    order = Order.objects.get()
    title = page.locator("h1").inner_text()
    assert title == {"vi": f"Đơn hàng {order.number}", "en": f"Order {order.number}"}[language]
    assert page.locator(".order-next").is_visible()  # thank you, and what happens next
    words = {"vi": ("Đã đặt", "Đã xác nhận"), "en": ("Placed", "Confirmed")}[language]
    assert words[0] in page.locator(".order-events").inner_text()
    assert "placed" not in page.locator(".order-events").inner_text()
    total = page.locator(".order-lines tfoot td").inner_text()
    assert total == {"vi": f"150.000{NBSP}₫", "en": f"150,000{NBSP}₫"}[language]
    if viewport == "phone":  # "₫" never wraps alone onto its own line
        cell = page.locator(".order-lines tfoot td strong")
        assert cell.evaluate("el => el.getClientRects().length") == 1
    order_transition(order=order, to="confirmed", actor="producer", user=producer)
    page.reload()  # the history is drawn by the page's script from the order as the server sends it
    page.wait_for_function("document.getElementById('order').dataset.status === 'confirmed'", timeout=30000)
    events = page.locator(".order-events").inner_text()
    assert words[1] in events and "confirmed" not in events
    assert page.locator(".order-next").is_hidden()
    assert errors == []


def test_an_english_order_page_names_its_lines_in_english(open_page):
    from booths.models import Product

    mango = Product.objects.get(slug=MANGO)
    page = open_page(f"/booths/htx-toan-thang/checkout/?line-{MANGO}=1", language="en")
    place_order(page)
    lines = page.locator(".order-lines tbody").inner_text()
    assert mango.name_en in lines and mango.name_vi not in lines


# The producer's console on a phone -------------------------------------------------------------------------------

def test_the_console_on_a_phone_puts_people_first(open_page):
    from booths.conversations.services import conversation_for_visitor, message_send
    from booths.orders.services import order_place

    booth, user = staff_of("htx-toan-thang")
    order_place(booth=booth, visitor_id="v-lan", lines=[{"product": MANGO, "quantity": 2}],
                contact={"name": "Lan", "phone": "0912345678", "address": "12 Hàng Bạc, Hà Nội", "payment": "transfer"},
                idempotency_key="console-key-1")
    for visitor in ("v-anh-1", "v-anh-2"):
        conversation = conversation_for_visitor(booth=booth, visitor_id=visitor, visitor_name="Anh")
        message_send(conversation=conversation, sender="visitor", client_id=f"{visitor}-1", text="Còn xoài không ạ?")
    page = open_page("/producer/", viewport="phone", language="en", user=user)
    page.wait_for_function("document.querySelectorAll('.conversation').length === 2 && document.querySelector('.order-card')",
                           timeout=30000)
    order_of = page.evaluate("""() => ['.console-inbox', '.console-orders', '.console-announce', '.console-stock-box']
        .map(s => document.querySelector(s).getBoundingClientRect().top)""")
    assert order_of == sorted(order_of)  # conversations and orders first, announcements and stock after
    assert page.locator(".console-announce").get_attribute("open") is None
    assert page.locator(".console-stock-box").get_attribute("open") is None
    names = page.locator(".conversation .who").all_inner_texts()
    assert len(set(names)) == 2 and all("Anh" in name for name in names)  # two visitors named Anh, told apart
    assert all(text for text in page.locator(".conversation .when").all_inner_texts())
    assert page.locator(".conversation .badge").count() == 2
    card = page.locator(".order-card").first
    assert card.locator("a[href='tel:0912345678']").count() == 1
    assert "Bank transfer" in card.inner_text()
    assert f"150,000{NBSP}₫" in card.locator(".order-total").inner_text()  # English numbers in the English console
