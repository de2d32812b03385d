"""Small builders for test data: a fair with a hall, a producer with a booth and products."""

import datetime
import io
import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image

from booths.models import Booth, Hotspot, ProcessTour, Producer, Product, ProductImage, TourStep
from fair.models import Fair, Hall
from fair.selectors import ORGANIZERS_GROUP, PRODUCER_STAFF_GROUP
from fair.services import roles_ensure

_counter = itertools.count(1)


def make_fair(status=Fair.Status.OPEN, **fields) -> Fair:
    n = next(_counter)
    today = timezone.localdate()
    defaults = dict(slug=f"fair-{n}", name_vi=f"Hội chợ {n}", name_en=f"Fair {n}", status=status,
                    starts_on=today - datetime.timedelta(days=1), ends_on=today + datetime.timedelta(days=5))
    defaults.update(fields)
    return Fair.objects.create(**defaults)


def make_hall(fair=None, **fields) -> Hall:
    n = next(_counter)
    defaults = dict(fair=fair or make_fair(), slug=f"hall-{n}", name_vi=f"Khu {n}", name_en=f"Hall {n}")
    defaults.update(fields)
    return Hall.objects.create(**defaults)


def make_booth(hall=None, producer=None, **fields) -> Booth:
    n = next(_counter)
    producer = producer or Producer.objects.create(slug=f"producer-{n}", name=f"HTX số {n}", province="Sơn La")
    defaults = dict(producer=producer, hall=hall or make_hall(), slug=f"booth-{n}", title_vi=f"Gian {n}", title_en=f"Booth {n}")
    defaults.update(fields)
    return Booth.objects.create(**defaults)


def make_product(booth=None, with_image=False, **fields) -> Product:
    n = next(_counter)
    defaults = dict(
        booth=booth or make_booth(), slug=f"product-{n}", name_vi=f"Mật ong số {n}", name_en=f"Honey no. {n}",
        category=Product.Category.HONEY, price_vnd=250000, unit_vi="hũ", unit_en="jar", stock=10, stars=4,
        certificate_level=Product.Level.PROVINCE, certificate_number=f"OCOP-T-{n}", certificate_year=2024,
        certificate_authority="UBND tỉnh Sơn La", origin="Sông Mã, Sơn La",
    )
    defaults.update(fields)
    product = Product.objects.create(**defaults)
    if with_image:
        out = io.BytesIO()
        Image.new("RGB", (40, 30), (200, 140, 30)).save(out, "JPEG")
        image = ProductImage(product=product, alt_vi="Ảnh", alt_en="Photo")
        image.image.save(f"{product.slug}.jpg", ImageFile(out, name=f"{product.slug}.jpg"), save=True)
    return product


def make_tour(booth, steps=3) -> ProcessTour:
    tour = ProcessTour.objects.create(booth=booth, title_vi="Quy trình", title_en="How it is made")
    for order in range(steps):
        out = io.BytesIO()
        Image.new("RGB", (200, 100), (90, 140, 200)).save(out, "JPEG")
        step = TourStep(tour=tour, order=order, title_vi=f"Bước {order}", title_en=f"Step {order}",
                        narration_vi="Lời dẫn", narration_en="Narration")
        step.panorama.save(f"{booth.slug}-{order}.jpg", ImageFile(out, name="p.jpg"), save=True)
        Hotspot.objects.create(step=step, yaw=10, pitch=0, label_vi="Thùng ong", label_en="Hives",
                               text_vi="Giải thích", text_en="Explanation")
    return tour


def make_user(username=None, *, organizer=False, producer=None, **fields):
    roles_ensure()
    user = get_user_model().objects.create_user(username=username or f"user{next(_counter)}", password="pw-123456-long",
                                                is_staff=organizer or producer is not None, **fields)
    if organizer:
        user.groups.add(Group.objects.get(name=ORGANIZERS_GROUP))
    if producer is not None:
        user.groups.add(Group.objects.get(name=PRODUCER_STAFF_GROUP))
        producer.staff.add(user)
    return user
