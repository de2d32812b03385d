"""A producer on a phone builds a product with photos, a 3D model and a 360° spin, and a tour step with a
hotspot, from files made here (not the demo's); visitors then see them in the booth."""

from tests import media_files

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


def _wait_ready(page, section, count=1):
    page.wait_for_function(
        f"document.querySelectorAll('{section} .upload-item[data-status=ready]').length >= {count}"
        f" || document.querySelector('{section} .upload-item[data-status=failed]')", timeout=60000)
    failed = page.locator(f"{section} .upload-item[data-status=failed]")
    assert failed.count() == 0, failed.first.inner_text()


def test_a_producer_builds_a_product_with_media_from_a_phone(browser, site, media_worker, tmp_path, errors):
    from booths.models import Booth, Product
    from tests.factories import make_user

    booth = Booth.objects.select_related("producer").get(slug="mat-ong-quyet-thang")
    user = make_user("chi-lan", producer=booth.producer)
    user.set_password("ong-mat-2026-Lan!")
    user.save()
    files = {
        "honey.jpg": media_files.phone_photo_with_gps_sideways(),
        "scan.glb": media_files.scanned_model(texture_side=1536),
        "pano.jpg": media_files.partial_photo_sphere(),
    }
    for index in range(3):
        files[f"spin-{index:02d}.jpg"] = media_files.jpeg(colour=(80 * index, 120, 60))
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)

    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(f"pageerror: {error}"))
    page.goto(site + "/accounts/login/")
    page.fill("#id_username", "chi-lan")
    page.fill("#id_password", "ong-mat-2026-Lan!")
    page.click("form.editor-form button[type=submit]")
    page.wait_for_url("**/producer/")
    page.click(f"a[href='/producer/booths/{booth.slug}/']")
    page.click(f"a[href='/producer/booths/{booth.slug}/products/new/']")

    page.fill("#id_name_vi", "Mật ong hoa cà phê Krông Năng")
    page.fill("#id_name_en", "Krong Nang coffee-blossom honey")
    page.select_option("#id_category", "honey")
    page.fill("#id_price_vnd", "280000")
    page.fill("#id_unit_vi", "chai 500 ml")
    page.fill("#id_stock", "9")
    page.fill("#id_story_vi", "Ong lấy mật từ hoa cà phê nở tháng ba.")
    page.select_option("#id_stars", "4") if page.locator("select#id_stars").count() else page.fill("#id_stars", "4")
    page.select_option("#id_certificate_level", "province")
    page.fill("#id_certificate_number", "DL-OCOP-2025-088")
    page.fill("#id_certificate_year", "2025")
    page.fill("#id_certificate_authority", "UBND tỉnh Đắk Lắk")
    page.fill("#id_origin", "Krông Năng, Đắk Lắk")
    page.check("#id_is_published")
    page.click("#details button[type=submit]")
    page.wait_for_url("**/producer/products/*/")
    product = Product.objects.get(name_vi="Mật ong hoa cà phê Krông Năng")

    page.set_input_files("#photos input[type=file]", str(tmp_path / "honey.jpg"))
    _wait_ready(page, "#photos")
    assert page.locator("#photos .upload-preview").count() == 1
    page.set_input_files("#model input[type=file]", str(tmp_path / "scan.glb"))
    _wait_ready(page, "#model")
    page.set_input_files("#spin input[type=file]", [str(tmp_path / f"spin-{i:02d}.jpg") for i in range(3)])
    _wait_ready(page, "#spin", count=3)
    assert "4" in page.locator(".spin-guide").inner_text()  # the guide moved on to the 4th photo

    product.refresh_from_db()
    assert product.model_glb and product.model_poster
    assert product.images.count() == 1 and product.spin_frames.count() == 3

    # A three-step process tour, each step with its own panorama (a partial photo sphere, a full
    # one, another partial) and a hotspot placed by tapping the panorama.
    steps = [("Quay mật", "Mật được quay bằng tay, lọc qua vải.", "pano.jpg", "Máy quay mật"),
             ("Lọc mật", "Mật lọc ba lần qua vải mịn.", "pano-full.jpg", "Thùng lọc"),
             ("Đóng chai", "Chai được rửa và sấy trước khi rót.", "pano.jpg", "Bàn đóng chai")]
    (tmp_path / "pano-full.jpg").write_bytes(media_files.full_panorama(colour=(150, 110, 60)))
    for title, narration, pano, hotspot in steps:
        page.goto(site + f"/producer/booths/{booth.slug}/tour/")
        page.fill("#id_step-title_vi", title)
        page.fill("#id_step-narration_vi", narration)
        page.click("button[value=add-step]")
        page.wait_for_url("**/producer/steps/*/")
        page.set_input_files("section[aria-labelledby=pano-title] input[type=file]", str(tmp_path / pano))
        _wait_ready(page, "section[aria-labelledby=pano-title]")
        page.reload()
        panorama = page.locator(".pano-pick img")
        panorama.scroll_into_view_if_needed()
        box = panorama.bounding_box()
        panorama.tap(position={"x": box["width"] * 0.75, "y": box["height"] * 0.5})
        assert float(page.input_value("#id_hotspot-yaw")) > 80  # three quarters across is 90° to the right
        page.fill("#id_hotspot-label_vi", hotspot)
        page.click("button[value=hotspot]")
        page.wait_for_url("**#hotspots")
    new_steps = list(booth.tour.steps.filter(title_vi__in=[s[0] for s in steps]).order_by("order"))
    assert [step.title_vi for step in new_steps] == [s[0] for s in steps]
    assert all(step.panorama and step.hotspots.count() == 1 for step in new_steps)
    context.close()

    # A visitor sees the product in the booth, with its 3D model drawn.
    visitor = browser.new_page(viewport={"width": 1280, "height": 800})
    visitor.goto(site + f"/booths/{booth.slug}/")
    figure = visitor.locator(f"figure[data-model='{product.model_glb.url}']")
    figure.scroll_into_view_if_needed()
    visitor.wait_for_function(
        f"window.fairBooth && window.fairBooth.viewers().some(v => v.url === '{product.model_glb.url}' "
        "&& v.state === 'shown' && v.renders > 0)", timeout=60000)
    viewer = next(v for v in visitor.evaluate("window.fairBooth.viewers()") if v["url"] == product.model_glb.url)
    assert viewer["triangles"] > 100
    content = visitor.content()
    assert all(title in content and hotspot in content for title, _, _, hotspot in steps)
    visitor.close()
    assert errors == []


def test_editor_pages_have_no_serious_accessibility_problems(browser, site):
    from booths.models import Booth
    from tests.e2e.conftest import axe_violations
    from tests.factories import make_user
    from tests.realtime.helpers import user_session

    booth = Booth.objects.select_related("producer").get(slug="mat-ong-quyet-thang")
    product = booth.products.first()
    step = booth.tour.steps.first()
    context = browser.new_context(**PHONE)
    context.add_cookies([{"name": "sessionid", "value": user_session(make_user(producer=booth.producer)), "url": site}])
    page = context.new_page()
    for path in (f"/producer/booths/{booth.slug}/", f"/producer/booths/{booth.slug}/products/new/",
                 f"/producer/products/{product.slug}/", f"/producer/booths/{booth.slug}/tour/", f"/producer/steps/{step.pk}/"):
        page.goto(site + path)
        assert axe_violations(page) == [], path
    context.close()
    page = browser.new_page()
    for path in ("/accounts/login/", "/accounts/request/"):
        page.goto(site + path)
        assert axe_violations(page) == [], path
    page.close()


def test_an_upload_that_loses_its_connection_continues_where_it_stopped(browser, site, media_worker, tmp_path):
    from booths.media.models import MediaUpload
    from booths.models import Booth
    from tests.factories import make_user
    from tests.realtime.helpers import user_session

    booth = Booth.objects.select_related("producer").get(slug="mat-ong-quyet-thang")
    product = booth.products.first()
    model = tmp_path / "scan.glb"
    model.write_bytes(media_files.scanned_model(texture_side=1536))  # about 5 MB: ten pieces of 512 KB
    context = browser.new_context(**PHONE)
    context.add_cookies([{"name": "sessionid", "value": user_session(make_user(producer=booth.producer)), "url": site}])
    page = context.new_page()
    pieces = {"sent": 0, "dropped": 0}

    def flaky(route):
        # The phone's connection drops twice in the middle of the upload: those pieces never arrive.
        pieces["sent"] += 1
        if pieces["sent"] in (3, 4):
            pieces["dropped"] += 1
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route("**/producer/uploads/*/", lambda route: flaky(route) if route.request.method == "PATCH" else route.continue_())
    page.goto(site + f"/producer/products/{product.slug}/")
    page.set_input_files("#model input[type=file]", str(model))
    _wait_ready(page, "#model")
    assert pieces["dropped"] == 2
    upload = MediaUpload.objects.filter(product=product, kind="model").latest("created_at")
    assert upload.status == "ready" and upload.size == model.stat().st_size
    assert upload.result["original_bytes"] == model.stat().st_size  # every byte arrived once, in order
    context.close()
