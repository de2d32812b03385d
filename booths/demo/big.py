"""A big fair for measuring big halls: `manage.py load_demo_fair --booths 500` adds the national fair
"ocop-toan-quoc-2026" beside the demo, in halls of 50 booths (500 booths: 10 halls), each booth with two products
and their 3D models, made by our own code (booths.demo.meshes and booths.media.render).

Six product kinds: each kind's model and photo are made once and every product of that kind shows the same files,
so 500 booths load in well under a minute. Loading again changes nothing (rows are found by their slugs, files are
only made when missing), as with the demo itself.
"""

import datetime
import math

from django.db import transaction
from django.utils import timezone

from booths.demo import data, meshes
from booths.demo.loader import PHOTO_SIZE, _jpeg, _put_file
from booths.media.gltf import glb_write
from booths.media.render import render
from booths.models import Booth, Producer, Product, ProductImage
from fair.models import Fair, Hall
from fair.services import booth_corners, hall_layout_positions

FAIR_SLUG = "ocop-toan-quoc-2026"
PER_HALL = 50
PROVINCES = ["Sơn La", "Đắk Lắk", "Lâm Đồng", "Phú Thọ", "Hà Giang", "Lào Cai", "Gia Lai", "Bến Tre", "Quảng Nam",
             "Thái Nguyên", "Hòa Bình", "An Giang"]
# kind: (category, Vietnamese name, English name, unit vi, unit en, price, shape)
KINDS = {
    "mat-ong": ("honey", "Mật ong", "Honey", "hũ 500 g", "500 g jar", 250000, lambda: meshes.jar()),
    "ca-phe": ("coffee", "Cà phê rang xay", "Ground coffee", "gói 250 g", "250 g bag", 180000,
               lambda: meshes.pouch(colour="#3b2416", label="#d9a441")),
    "che": ("tea", "Chè búp", "Bud tea", "hộp 200 g", "200 g box", 220000, lambda: meshes.gift_box(colour="#2f6b3a")),
    "nuoc-mam": ("pickles", "Dưa muối", "Pickles", "chai 500 ml", "500 ml bottle", 90000, lambda: meshes.bottle()),
    "xoai": ("fruit", "Xoài", "Mango", "kg", "kg", 60000, lambda: meshes.mango()),
    "my-nghe": ("handicraft", "Giỏ mây", "Rattan basket", "chiếc", "piece", 150000, lambda: meshes.basket()),
}


@transaction.atomic
def big_fair_load(*, booths: int, per_hall: int = PER_HALL, report) -> Fair:
    """Add (or complete) the big fair with `booths` booths in halls of `per_hall`."""
    today = timezone.localdate()
    fair, created = Fair.objects.update_or_create(
        slug=FAIR_SLUG,
        defaults={"name_vi": "Hội chợ OCOP toàn quốc 2026", "name_en": "National OCOP Fair 2026",
                  "theme_vi": "Sản phẩm OCOP của mọi miền.", "theme_en": "OCOP products from every region."},
        create_defaults={"name_vi": "Hội chợ OCOP toàn quốc 2026", "name_en": "National OCOP Fair 2026",
                         "theme_vi": "Sản phẩm OCOP của mọi miền.", "theme_en": "OCOP products from every region.",
                         "status": Fair.Status.OPEN, "starts_on": today - datetime.timedelta(days=1),
                         "ends_on": today + datetime.timedelta(days=60)},
    )
    report.count("fairs", created)
    parts = {kind: spec[6]() for kind, spec in KINDS.items()}
    kinds = list(KINDS)
    for hall_number in range(math.ceil(booths / per_hall)):
        count = min(per_hall, booths - hall_number * per_hall)
        palette = data.HALLS[hall_number % len(data.HALLS)]["palette"]
        positions = hall_layout_positions(layout=Hall.Layout.GRID, count=count)
        corners = [corner for x, z, facing in positions for corner in booth_corners(x, z, facing)]
        shift_x = (min(c[0] for c in corners) + max(c[0] for c in corners)) / 2
        shift_z = (min(c[1] for c in corners) + max(c[1] for c in corners)) / 2
        width = math.ceil(max(c[0] for c in corners) - min(c[0] for c in corners)) + 12
        depth = math.ceil(max(c[1] for c in corners) - min(c[1] for c in corners)) + 12
        hall, created = Hall.objects.update_or_create(
            fair=fair, slug=f"khu-{hall_number + 1:02d}",
            defaults={"name_vi": f"Khu {hall_number + 1}", "name_en": f"Area {hall_number + 1}", "order": hall_number + 1,
                      "layout": Hall.Layout.GRID, "colour_primary": palette["primary"], "colour_accent": palette["accent"],
                      "colour_floor": palette["floor"], "floor_width": width, "floor_depth": depth},
        )
        report.count("halls", created)
        for index, (x, z, facing) in enumerate(positions):
            number = hall_number * per_hall + index + 1
            province = PROVINCES[number % len(PROVINCES)]
            slug = f"htx-{number:03d}"
            producer, created = Producer.objects.update_or_create(
                slug=slug, defaults={"name": f"HTX OCOP số {number}", "province": province,
                                     "story_vi": f"Hợp tác xã số {number} của tỉnh {province}.",
                                     "story_en": f"Cooperative no. {number} of {data.ascii_name(province)} province."})
            report.count("producers", created)
            booth, created = Booth.objects.update_or_create(
                slug=slug,
                # Its place too: loaded again (with another hall size), a booth stands where the generated plan puts it.
                defaults={"producer": producer, "hall": hall, "order": index, "title_vi": producer.name,
                          "title_en": f"OCOP cooperative no. {number}", "tagline_vi": f"Đặc sản {province}",
                          "tagline_en": f"Specialties of {data.ascii_name(province)}",
                          "position_x": round(x - shift_x, 2), "position_z": round(z - shift_z, 2), "rotation": facing},
            )
            report.count("booths", created)
            for order in range(2):
                kind = kinds[(number + order * 3) % len(kinds)]
                _product(booth, kind, order, number, province, parts[kind], report)
    return fair


def _product(booth, kind, order, number, province, parts, report):
    category, name_vi, name_en, unit_vi, unit_en, price, _ = KINDS[kind]
    fields = {"booth": booth, "order": order, "name_vi": f"{name_vi} {province} số {number}",
              "name_en": f"{name_en} from {data.ascii_name(province)}, no. {number}", "category": category,
              "price_vnd": price, "unit_vi": unit_vi, "unit_en": unit_en, "stars": 3 + number % 2,
              "certificate_level": Product.Level.PROVINCE, "certificate_number": f"OCOP-{number:03d}-{order + 1}",
              "certificate_year": 2025, "certificate_authority": data.P.format(province),
              "certificate_authority_en": data.P_EN.format(data.ascii_name(province)), "origin": province}
    product, created = Product.objects.update_or_create(slug=f"{booth.slug}-{kind}", defaults=fields,
                                                        create_defaults={**fields, "stock": 20 + number % 30})
    report.count("products", created)
    # One file per kind, shared: the first product of a kind writes it, the others find it there.
    _put_file(product, "model_glb", f"big-{kind}.glb", lambda: glb_write(parts, name=name_en), report)
    product.save(update_fields=["model_glb"])
    image = product.images.first() or ProductImage(product=product, order=0, alt_vi=name_vi, alt_en=name_en)
    report.count("images", image.pk is None)
    _put_file(image, "image", f"big-{kind}.jpg", lambda: _jpeg(render(parts, size=PHOTO_SIZE)), report)
    image.save()
