"""Producer staff act only for their own producer; organizers for all; visitors for none."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from booths.models import Booth
from booths.services import booth_update, product_update
from tests.factories import make_booth, make_product, make_user

pytestmark = pytest.mark.django_db


def test_staff_edit_their_own_booth():
    booth = make_booth()
    staff = make_user(producer=booth.producer)
    booth_update(booth=booth, user=staff, tagline_vi="Mật ong hoa nhãn")
    booth.refresh_from_db()
    assert booth.tagline_vi == "Mật ong hoa nhãn"


def test_staff_cannot_edit_another_producers_booth_or_product():
    mine, theirs = make_booth(), make_booth()
    staff = make_user(producer=mine.producer)
    with pytest.raises(PermissionDenied):
        booth_update(booth=theirs, user=staff, tagline_vi="Chiếm gian hàng")
    product = make_product(booth=theirs, stock=5)
    with pytest.raises(PermissionDenied):
        product_update(product=product, user=staff, stock=0)
    theirs.refresh_from_db()
    product.refresh_from_db()
    assert theirs.tagline_vi == "" and product.stock == 5


def test_visitors_cannot_edit_and_organizers_can(django_user_model):
    from django.contrib.auth.models import AnonymousUser

    booth = make_booth()
    with pytest.raises(PermissionDenied):
        booth_update(booth=booth, user=AnonymousUser(), title_vi="x")
    booth_update(booth=booth, user=make_user(organizer=True), title_vi="Gian mới")
    booth.refresh_from_db()
    assert booth.title_vi == "Gian mới"


def test_placement_and_bad_values_are_refused():
    booth = make_booth()
    staff = make_user(producer=booth.producer)
    with pytest.raises(ValidationError):
        booth_update(booth=booth, user=staff, hall=None)  # placement is the organizer's
    product = make_product(booth=booth)
    with pytest.raises(ValidationError):
        product_update(product=product, user=staff, stars=6)
    product.refresh_from_db()
    assert product.stars == 4


def test_admin_shows_producer_staff_only_their_booths(client):
    mine, theirs = make_booth(title_vi="Gian của tôi"), make_booth(title_vi="Gian của người khác")
    client.force_login(make_user(producer=mine.producer))
    listing = client.get(reverse("admin:booths_booth_changelist")).content.decode()
    assert "Gian của tôi" in listing and "Gian của người khác" not in listing
    assert client.get(reverse("admin:booths_booth_change", args=[theirs.pk])).status_code in (302, 403, 404)
    client.post(reverse("admin:booths_booth_change", args=[theirs.pk]), {"title_vi": "Chiếm"})
    assert Booth.objects.get(pk=theirs.pk).title_vi == "Gian của người khác"


def test_admin_lets_staff_change_their_product_but_not_move_their_booth(client):
    booth = make_booth()
    client.force_login(make_user(producer=booth.producer))
    page = client.get(reverse("admin:booths_booth_change", args=[booth.pk]))
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert "hall" not in form.fields and "position_x" not in form.fields
    assert "tagline_vi" in form.fields


def test_admin_lets_organizers_place_booths(client):
    booth = make_booth()
    client.force_login(make_user(organizer=True))
    page = client.get(reverse("admin:booths_booth_change", args=[booth.pk]))
    assert "position_x" in page.context["adminform"].form.fields
    assert client.get(reverse("admin:fair_hall_change", args=[booth.hall.pk])).status_code == 200


def test_admin_shows_orders_only_to_their_producer_and_never_edits_them(client):
    from booths.orders import services
    from booths.orders.models import Order

    mine, theirs = make_booth(), make_booth()
    contact = {"name": "Lan", "phone": "0912345678", "address": "12 Hàng Bạc, Hà Nội", "payment": "cod"}
    my_order, _ = services.order_place(booth=mine, visitor_id="v", lines=[{"product": make_product(booth=mine).slug, "quantity": 1}],
                                       contact=contact, idempotency_key="admin-key-1")
    their_order, _ = services.order_place(booth=theirs, visitor_id="v", lines=[{"product": make_product(booth=theirs).slug, "quantity": 1}],
                                          contact=contact, idempotency_key="admin-key-2")
    client.force_login(make_user(producer=mine.producer))
    listing = client.get(reverse("admin:orders_order_changelist")).content.decode()
    assert my_order.number in listing and their_order.number not in listing
    client.post(reverse("admin:orders_order_change", args=[my_order.pk]), {"status": "delivered"})
    assert Order.objects.get(pk=my_order.pk).status == "placed"  # the status machine is the only way
    client.force_login(make_user(organizer=True))
    listing = client.get(reverse("admin:orders_order_changelist")).content.decode()
    assert my_order.number in listing and their_order.number in listing


def test_pictures_uploaded_in_the_admin_get_the_renditions_pages_link(client, settings):
    import io
    import os
    import re

    from PIL import Image

    from tests.factories import make_hall

    hall = make_hall()
    client.force_login(make_user(organizer=True))
    picture = io.BytesIO()
    Image.new("RGB", (1200, 600), (90, 140, 200)).save(picture, "JPEG")
    picture.name = "vuon-ca-phe.jpg"
    picture.seek(0)
    data = {"fair": hall.fair.pk, "slug": hall.slug, "name_vi": hall.name_vi, "order": 0, "layout": "grid",
            "colour_primary": "#7a4a21", "colour_accent": "#e0a526", "colour_floor": "#d9c7a7", "environment": picture,
            "status": "published", "floor_width": 40, "floor_depth": 40,  # the studio's fields (issue 16)
            "booths-TOTAL_FORMS": 0, "booths-INITIAL_FORMS": 0, "booths-MIN_NUM_FORMS": 0, "booths-MAX_NUM_FORMS": 1000}
    response = client.post(reverse("admin:fair_hall_change", args=[hall.pk]), data)
    assert response.status_code == 302, (response.context["adminform"].form.errors,
                                         [f.formset.errors for f in response.context["inline_admin_formsets"]])
    page = client.get(reverse("fair:fair", args=[hall.fair.slug])).content.decode()
    [url] = re.findall(r'<img src="(/media/halls/[^"]+)"', page)
    assert ".w480." in url
    assert os.path.exists(os.path.join(settings.MEDIA_ROOT, url.removeprefix("/media/")))


def test_organizers_see_every_booths_videos_and_announcements_in_the_admin(client):
    from booths.conversations.models import Announcement
    from booths.models import Video

    booth = make_booth()
    Video.objects.create(booth=booth, file="videos/x.mp4", content_type="video/mp4", title_vi="Hái chè")
    Announcement.objects.create(booth=booth, client_id="a-1", text="Giảm giá 10%")
    client.force_login(make_user(organizer=True))
    assert "Hái chè" in client.get(reverse("admin:booths_video_changelist")).content.decode()
    assert "Giảm giá 10%" in client.get(reverse("admin:conversations_announcement_changelist")).content.decode()
    client.force_login(make_user(producer=make_booth().producer))  # another producer's staff
    assert "Giảm giá 10%" not in client.get(reverse("admin:conversations_announcement_changelist")).content.decode()
