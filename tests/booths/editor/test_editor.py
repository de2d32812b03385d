"""The producer's editor: who may open and change what, and what each form does for visitors."""

import re

import pytest
import zxingcpp
from django.urls import reverse
from PIL import Image

from booths.editor.accounts import access_request_approve, invitation_create
from booths.editor.models import AccessRequest
from booths.media.models import MediaUpload
from booths.models import DiaryEntry, Hotspot, Producer, Product, TourStep
from tests.booths.media.upload_helpers import start
from tests.factories import make_booth, make_fair, make_hall, make_product, make_tour, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    hall = make_hall(fair=make_fair())
    ours, theirs = make_booth(hall=hall), make_booth(hall=hall)
    product = make_product(booth=ours)
    tour = make_tour(ours, steps=2)
    step = tour.steps.first()
    upload_owner = make_user(producer=ours.producer)
    upload = MediaUpload.objects.create(id="00000000-0000-4000-8000-000000000001", producer=ours.producer, booth=ours,
                                        product=product, kind="photo", uploaded_by=upload_owner, filename="a.jpg", size=10)
    return {
        "ours": ours, "theirs": theirs, "product": product, "step": step, "upload": upload,
        "staff": make_user(producer=ours.producer), "other_staff": make_user(producer=theirs.producer),
        "organizer": make_user(organizer=True), "visitor": make_user(),
    }


def _pages(w):
    """Every editor URL that shows a page or a file."""
    return [
        reverse("editor:booth", args=[w["ours"].slug]),
        reverse("editor:product_new", args=[w["ours"].slug]),
        reverse("editor:tour", args=[w["ours"].slug]),
        reverse("editor:booth_qr", args=[w["ours"].slug]),
        reverse("editor:product", args=[w["product"].slug]),
        reverse("editor:product_qr", args=[w["product"].slug]),
        reverse("editor:product_label", args=[w["product"].slug]),
        reverse("editor:step", args=[w["step"].pk]),
        reverse("editor:upload", args=[w["upload"].pk]),
    ]


def _writes(w):
    """Every editor URL that changes something, with a valid body."""
    hotspot = w["step"].hotspots.first()
    diary = DiaryEntry.objects.create(product=w["product"], date="2026-10-01", activity_vi="Bón phân")
    image_product = make_product(booth=w["ours"], with_image=True)
    return [
        (reverse("editor:booth", args=[w["ours"].slug]), {"booth-title_vi": "Chiếm", "producer-story_vi": "x"}),
        (reverse("editor:product_new", args=[w["ours"].slug]), {"name_vi": "Mới"}),
        (reverse("editor:product", args=[w["product"].slug]), {"name_vi": "Đổi"}),
        (reverse("editor:diary_add", args=[w["product"].slug]), {"diary-date": "2026-11-01", "diary-activity_vi": "Tưới"}),
        (reverse("editor:tour", args=[w["ours"].slug]), {"action": "add-step", "step-title_vi": "Bước"}),
        (reverse("editor:step", args=[w["step"].pk]), {"action": "down"}),
        (reverse("editor:delete", args=["hotspot", hotspot.pk]), {}),
        (reverse("editor:delete", args=["diary", diary.pk]), {}),
        (reverse("editor:delete", args=["image", image_product.images.first().pk]), {}),
        (reverse("editor:delete", args=["step", w["step"].pk]), {}),
        (reverse("editor:upload_retry", args=[w["upload"].pk]), {}),
        (reverse("editor:upload_start") + "?kind=photo", {"booth": w["ours"].slug, "product": w["product"].slug,
                                                         "filename": "a.jpg", "size": "100"}),
    ]


def _snapshot():
    return (Product.objects.count(), DiaryEntry.objects.count(), Hotspot.objects.count(), TourStep.objects.count(),
            MediaUpload.objects.count(), list(Product.objects.values_list("name_vi", flat=True).order_by("pk")),
            list(TourStep.objects.values_list("pk", "order").order_by("pk")))


def test_signed_out_people_are_sent_to_sign_in_from_every_editor_url(client, world):
    for url in _pages(world):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login")), url
    writes = _writes(world)
    before = _snapshot()
    for url, data in writes:
        response = client.post(url, data)
        assert response.status_code in (302, 403), url
        assert not response.get("Location", "").startswith(reverse("editor:booth", args=[world["ours"].slug])), url
    assert _snapshot() == before


@pytest.mark.parametrize("who", ["other_staff", "visitor"])
def test_other_producers_and_visitors_can_neither_open_nor_change_a_booth(client, world, who):
    client.force_login(world[who])
    for url in _pages(world):
        assert client.get(url).status_code == 403, url
    writes = _writes(world)
    before = _snapshot()
    for url, data in writes:
        assert client.post(url, data).status_code == 403, url
    assert client.patch(reverse("editor:upload", args=[world["upload"].pk]), b"x",
                        content_type="application/offset+octet-stream", headers={"Upload-Offset": "0"}).status_code == 403
    assert _snapshot() == before


def test_organizers_see_everything_but_do_not_change_a_producers_booth(client, world):
    client.force_login(world["organizer"])
    for url in _pages(world):
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("editor:booth", args=[world["ours"].slug])).content.decode()
    assert "only the producer's staff can change it" in page or "chỉ nhân viên" in page
    writes = _writes(world)
    before = _snapshot()
    for url, data in writes:
        assert client.post(url, data).status_code == 403, url
    assert _snapshot() == before


def test_the_producers_staff_can_do_everything_the_editor_offers(client, world):
    client.force_login(world["staff"])
    for url in _pages(world):
        assert client.get(url).status_code == 200, url
    for url, data in _writes(world):
        response = client.post(url, data, headers={"Accept": "application/json"} if "uploads" in url else {})
        assert response.status_code in (200, 201, 302, 400, 409), (url, response.status_code)
        assert response.status_code != 403


def test_the_file_pickers_offer_what_the_checks_allow(client, world):
    client.force_login(world["staff"])
    page = client.get(reverse("editor:product", args=[world["product"].slug])).content.decode()
    assert page.count('accept="image/jpeg,image/png,image/webp"') == 3  # photos, spin, certificate scan
    assert 'accept=".glb,model/gltf-binary"' in page
    booth = client.get(reverse("editor:booth", args=[world["ours"].slug])).content.decode()
    assert 'accept="video/mp4,video/quicktime,video/webm"' in booth


def test_a_producer_creates_a_product_with_certificate_and_diary_and_visitors_see_it(client, world):
    client.force_login(world["staff"])
    response = client.post(reverse("editor:product_new", args=[world["ours"].slug]), {
        "name_vi": "Mật ong bạc hà Đồng Văn", "name_en": "Dong Van mint honey", "category": "honey",
        "price_vnd": "320000", "unit_vi": "hũ 500 g", "stock": "12", "story_vi": "Ong ăn hoa bạc hà trên cao nguyên đá.",
        "stars": "4", "certificate_level": "province", "certificate_number": "HG-OCOP-2025-017",
        "certificate_year": "2025", "certificate_authority": "UBND tỉnh Hà Giang", "origin": "Đồng Văn, Hà Giang",
        "growing_area_code": "HG-DV-01", "is_published": "on",
    })
    product = Product.objects.get(name_vi="Mật ong bạc hà Đồng Văn")
    assert response["Location"] == reverse("editor:product", args=[product.slug])
    assert product.slug == "mat-ong-bac-ha-dong-van" and product.booth == world["ours"]
    client.post(reverse("editor:diary_add", args=[product.slug]), {
        "diary-date": "2026-10-20", "diary-activity_vi": "Quay mật", "diary-inputs": "Không dùng kháng sinh"})
    client.logout()
    page = client.get(reverse("booths:product", args=[product.slug])).content.decode()
    assert "HG-OCOP-2025-017" in page and "Quay mật" in page and "Không dùng kháng sinh" in page
    assert "HG-DV-01" in page


def test_five_stars_need_a_national_certificate_and_the_form_says_so(client, world):
    client.force_login(world["staff"])
    response = client.post(reverse("editor:product", args=[world["product"].slug]), {
        **{k: getattr(world["product"], k) for k in ("name_vi", "category", "price_vnd", "unit_vi", "stock",
                                                      "certificate_number", "certificate_year", "certificate_authority", "origin")},
        "stars": "5", "certificate_level": "district"})
    assert response.status_code == 400
    world["product"].refresh_from_db()
    assert world["product"].stars != 5


def test_changing_stock_in_the_editor_tells_open_pages(client, world, django_capture_on_commit_callbacks):
    from unittest import mock

    client.force_login(world["staff"])
    product = world["product"]
    data = {k: getattr(product, k) for k in ("name_vi", "category", "price_vnd", "unit_vi", "stars", "certificate_level",
                                             "certificate_number", "certificate_year", "certificate_authority", "origin")}
    with mock.patch("fair.events.send_now") as told, django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("editor:product", args=[product.slug]), {**data, "stock": "0", "is_published": "on"})
    product.refresh_from_db()
    assert product.stock == 0
    assert any("stock" in str(call) for call in told.call_args_list)


def test_tour_steps_are_added_reordered_and_get_hotspots(client, world):
    client.force_login(world["staff"])
    booth = world["ours"]
    response = client.post(reverse("editor:tour", args=[booth.slug]), {
        "action": "add-step", "step-title_vi": "Sấy khô", "step-narration_vi": "Sấy ở 45 độ trong 20 giờ."})
    new = TourStep.objects.get(title_vi="Sấy khô")
    assert response["Location"] == reverse("editor:step", args=[new.pk])
    assert new.order == 2 and not new.panorama
    # Until it has its panorama, visitors do not see the step.
    assert "Sấy khô" not in client.get(reverse("booths:booth", args=[booth.slug])).content.decode()
    client.post(reverse("editor:step", args=[new.pk]), {"action": "up"})
    titles = list(TourStep.objects.filter(tour__booth=booth).order_by("order").values_list("title_vi", flat=True))
    assert titles == ["Bước 0", "Sấy khô", "Bước 1"]
    client.post(reverse("editor:step", args=[new.pk]), {
        "action": "hotspot", "hotspot-yaw": "-42.5", "hotspot-pitch": "-10", "hotspot-label_vi": "Lò sấy",
        "hotspot-text_vi": "Lò sấy bằng nhiệt mặt trời"})
    assert new.hotspots.get().yaw == -42.5
    response = client.post(reverse("editor:step", args=[new.pk]), {
        "action": "hotspot", "hotspot-yaw": "500", "hotspot-pitch": "0", "hotspot-label_vi": "Sai"})
    assert response.status_code == 400 and new.hotspots.count() == 1


def test_the_qr_code_reads_back_as_the_products_address(client, world, settings):
    client.force_login(world["staff"])
    response = client.get(reverse("editor:product_qr", args=[world["product"].slug]))
    assert response["Content-Type"] == "image/svg+xml"
    image = _svg_qr_to_image(response.content.decode())
    (decoded,) = zxingcpp.read_barcodes(image)
    assert decoded.text == "http://testserver" + reverse("booths:product", args=[world["product"].slug])
    label = client.get(reverse("editor:product_label", args=[world["product"].slug]) + "?copies=4").content.decode()
    assert label.count('class="label"') == 4 and world["product"].certificate_number in label


def _svg_qr_to_image(svg: str) -> Image.Image:
    """Draw segno's SVG path (moves and horizontal runs) as pixels, so a real QR reader can read it."""
    from PIL import ImageDraw

    size = int(re.search(r'width="(\d+)"', svg).group(1))
    scale = int(re.search(r'scale\((\d+)\)', svg).group(1)) if "scale(" in svg else 1
    path = re.search(r'<path class="qrline"[^>]* d="([^"]+)"', svg).group(1)
    image = Image.new("L", (size * 2, size * 2), 255)
    draw = ImageDraw.Draw(image)
    x = y = 0.0
    for command, a, b in re.findall(r"([MmHhVv])\s*(-?[\d.]+)(?:[ ,](-?[\d.]+))?", path):
        a = float(a)
        if command in "Mm":
            x, y = (a, float(b)) if command == "M" else (x + a, y + float(b))
        elif command in "Hh":
            end = a if command == "H" else x + a
            draw.rectangle([min(x, end) * scale * 2, (y - 0.5) * scale * 2, max(x, end) * scale * 2 - 1,
                            (y + 0.5) * scale * 2 - 1], fill=0)
            x = end
    return image


def test_an_invitation_makes_a_producer_account_once(client, world):
    producer = world["ours"].producer
    _invitation, token = invitation_create(producer=producer, created_by=world["organizer"], note="Chị Lan")
    url = reverse("accounts:invite", args=[token])
    assert client.get(url).status_code == 200
    response = client.post(url, {"username": "lan", "password1": "ong-mat-2026-Lan!", "password2": "ong-mat-2026-Lan!"})
    assert response["Location"] == reverse("editor:booth", args=[world["ours"].slug])
    assert producer.staff.filter(username="lan").exists()
    assert client.get(reverse("editor:booth", args=[world["ours"].slug])).status_code == 200  # signed in already
    client.logout()
    assert client.get(url).status_code == 410  # used
    assert client.get(reverse("accounts:invite", args=["not-a-token"])).status_code == 404


def test_an_expired_invitation_is_refused(client, world):
    from django.utils import timezone

    invitation, token = invitation_create(producer=world["ours"].producer, created_by=world["organizer"])
    invitation.expires_at = timezone.now() - timezone.timedelta(minutes=1)
    invitation.save()
    response = client.post(reverse("accounts:invite", args=[token]),
                           {"username": "late", "password1": "ong-mat-2026-Lan!", "password2": "ong-mat-2026-Lan!"})
    assert response.status_code == 410
    assert not world["ours"].producer.staff.filter(username="late").exists()


def test_a_requested_account_is_approved_into_a_producer_booth_and_invitation(client, world):
    response = client.post(reverse("accounts:request"), {
        "name": "Hoàng Văn Páo", "cooperative": "HTX Chè Shan tuyết Lũng Phìn", "province": "Hà Giang",
        "phone": "0912345678", "products": "Chè Shan tuyết 4 sao"})
    assert response.status_code == 200
    request_obj = AccessRequest.objects.get()
    _invitation, token = access_request_approve(request_obj=request_obj, organizer=world["organizer"])
    producer = Producer.objects.get(name="HTX Chè Shan tuyết Lũng Phìn")
    booth = producer.booths.get()
    assert booth.hall is None  # not shown until an organizer places it
    client.post(reverse("accounts:invite", args=[token]),
                {"username": "pao", "password1": "che-shan-2026-Pao!", "password2": "che-shan-2026-Pao!"})
    assert client.get(reverse("editor:booth", args=[booth.slug])).status_code == 200


def test_sign_in_page_takes_producers_to_their_console(client, world):
    world["staff"].set_password("console-pass-2026!")
    world["staff"].save()
    response = client.post(reverse("accounts:login"), {"username": world["staff"].username, "password": "console-pass-2026!"})
    assert response["Location"] == reverse("editor:console")
    console = client.get(reverse("editor:console")).content.decode()
    assert reverse("editor:booth", args=[world["ours"].slug]) in console


def test_upload_targets_must_belong_to_the_booth(client, world):
    client.force_login(world["staff"])
    other_product = make_product(booth=world["theirs"])
    response = start(client, booth=world["ours"], kind="photo", name="a.jpg", size=100, product=other_product)
    assert response.status_code == 404
    assert not MediaUpload.objects.filter(product=other_product).exists()


def test_the_admin_does_not_let_producer_staff_bypass_the_checked_upload_pipeline(client, world):
    client.force_login(world["staff"])
    page = client.get(reverse("admin:booths_product_change", args=[world["product"].pk])).content.decode()
    assert 'type="file"' not in page
