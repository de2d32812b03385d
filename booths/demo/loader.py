"""Loads the demo OCOP fair: halls, producers, booths, products, media and tours.

Media are made here by our own code (booths.demo.meshes, render, panoramas): nothing is
downloaded. Loading again changes nothing: rows are found by their slugs and files
are only made when missing.
"""

import datetime
import io
import math
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from booths.demo import data, meshes
from booths.demo.panoramas import panorama_jpeg
from booths.media.gltf import glb_write
from booths.media.render import render
from booths.models import Booth, DiaryEntry, Hotspot, ProcessTour, Producer, Product, ProductImage, SpinFrame, TourStep
from fair.models import Fair, Hall
from fair.pictures import rendition_widths, renditions_complete, renditions_make
from fair.selectors import ORGANIZERS_GROUP, PRODUCER_STAFF_GROUP
from fair.services import hall_layout_positions, roles_ensure

SPIN_FRAMES = 24  # one photo every 15°: smooth enough to drag, small enough for a phone
PHOTO_SIZE = 640
SPIN_SIZE = 480
PANORAMA_WIDTH = 2048  # 2048 × 1024: sharp on a phone, about 50 KB as JPEG

STEP_PALETTES = {
    "coffee": {"crop": "#2f5a26", "berry": "#b0201a", "product": "#5a3a22"},
    "cocoa": {"crop": "#3d6a2a", "berry": "#c9702a", "product": "#5a3222"},
    "nuts": {"crop": "#4a7a3a", "berry": "#c9a06a", "product": "#c9a06a"},
    "fruit": {"crop": "#3d7a2a", "berry": "#f2b233", "product": "#e8a42a"},
    "honey": {"product": "#d08a1e"},
    "pickles": {"crop": "#4a8a3a", "product": "#e8dca0"},
    "meat": {"product": "#5a2418"},
    "tea": {"crop": "#2f7a3a", "product": "#2f6b3a"},
}


@dataclass
class LoadReport:
    """What a load did: rows created and files written (all zero the second time)."""

    created: dict = field(default_factory=dict)
    files_written: int = 0

    def count(self, what: str, created: bool):
        if created:
            self.created[what] = self.created.get(what, 0) + 1


def product_parts(shape):
    """The geometry of a product from its (kind, options) shape in the demo data."""
    kind, options = shape
    options = dict(options)
    if kind == "fruit" and options.pop("pear", False):
        options["squash"] = lambda t: 1 - 0.3 * max(t, 0)
    return getattr(meshes, kind)(**options)


def _jpeg(image, quality=84) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue()


def _put_file(instance, field_name: str, filename: str, make_bytes, report: LoadReport) -> None:
    """Fill a file field (and its renditions) when it is empty or its file is gone; never write a second copy."""
    widths = rendition_widths(instance, field_name)
    file = getattr(instance, field_name)
    storage = file.storage
    if file.name and storage.exists(file.name):
        # Renditions added since (AVIF) are made; the others are left as they are.
        report.files_written += len(renditions_complete(file=file, widths=widths))
        return
    name = file.field.generate_filename(instance, filename)
    if storage.exists(name):
        # The media of an earlier load are still there (the database was reset): use them again.
        setattr(instance, field_name, name)
        report.files_written += len(renditions_complete(file=getattr(instance, field_name), widths=widths))
        return
    # ImageFile (not ContentFile) so image fields can read the width and height.
    file.save(filename, ImageFile(io.BytesIO(make_bytes()), name=filename), save=False)
    report.files_written += 1 + (len(renditions_make(file=file, widths=widths)) if widths else 0)


def booth_cover(parts_list, palette) -> bytes:
    """A 960 × 540 cover: the booth's products side by side on the hall's colours."""
    cover = Image.new("RGB", (960, 540))
    draw = ImageDraw.Draw(cover)
    top = tuple(int(c * 255) for c in meshes.hex_colour(palette["primary"]))
    bottom = tuple(int(c * 255) for c in meshes.hex_colour(palette["accent"]))
    for y in range(540):
        t = y / 540
        draw.line([(0, y), (960, y)], fill=tuple(int(top[k] + (bottom[k] - top[k]) * t) for k in range(3)))
    shown = parts_list[:3]
    size = 300
    for i, parts in enumerate(shown):
        photo = render(parts, size=size, yaw=0.5 + i * 0.3)
        mask = Image.new("L", (size, size), 0)
        ImageDraw.Draw(mask).ellipse([10, 10, size - 10, size - 10], fill=255)
        x = int((960 - len(shown) * (size + 20)) / 2 + i * (size + 20))
        cover.paste(photo, (x, 120), mask)
    return _jpeg(cover)


@transaction.atomic
def demo_fair_load(*, accounts_password: str | None = None) -> LoadReport:
    """Create or complete the demo fair; with a password, also demo logins for an organizer and each producer."""
    report = LoadReport()
    roles_ensure()
    today = timezone.localdate()
    fair, created = Fair.objects.update_or_create(
        slug=data.FAIR["slug"],
        defaults={k: v for k, v in data.FAIR.items() if k != "slug"},
        create_defaults={**{k: v for k, v in data.FAIR.items() if k != "slug"}, "status": Fair.Status.OPEN,
                         "starts_on": today - datetime.timedelta(days=1), "ends_on": today + datetime.timedelta(days=60)},
    )
    report.count("fairs", created)

    halls = {}
    for spec in data.HALLS:
        palette = spec["palette"]
        hall, created = Hall.objects.update_or_create(
            fair=fair, slug=spec["slug"],
            defaults={
                **{k: spec[k] for k in ("name_vi", "name_en", "description_vi", "description_en", "order", "layout")},
                "colour_primary": palette["primary"], "colour_accent": palette["accent"], "colour_floor": palette["floor"],
            },
        )
        report.count("halls", created)
        _put_file(hall, "environment", f"{spec['slug']}.jpg",
                  lambda: panorama_jpeg("hall", palette, width=PANORAMA_WIDTH, seed=spec["order"]), report)
        hall.save()
        halls[spec["slug"]] = (hall, palette)

    booths_by_hall: dict[str, list] = {}
    for spec in data.PRODUCERS:
        booths_by_hall.setdefault(spec["hall"], []).append(spec)

    for hall_slug, specs in booths_by_hall.items():
        hall, palette = halls[hall_slug]
        positions = hall_layout_positions(layout=hall.layout, count=len(specs))
        for order, (spec, (x, z, facing)) in enumerate(zip(specs, positions)):
            _load_producer(spec, hall=hall, palette=palette, order=order, position=(x, z, facing),
                           today=today, report=report)

    if accounts_password:
        _load_accounts(accounts_password, report)
    return report


def _load_producer(spec, *, hall, palette, order, position, today, report):
    account = f"{5100 + sum(map(ord, spec['slug'])) % 800:04d} 2026 {order + 1:04d}"  # illustrative, not a real account
    producer, created = Producer.objects.update_or_create(
        slug=spec["slug"],
        defaults={**{k: spec[k] for k in ("name", "province", "district", "commune", "story_vi", "story_en")},
                  "bank_name": "Agribank", "bank_bin": "970405", "bank_account_number": account, "bank_account_name": spec["name"].upper()},
    )
    report.count("producers", created)
    x, z, facing = position
    booth, created = Booth.objects.update_or_create(
        slug=spec["slug"],
        defaults={
            "producer": producer, "hall": hall, "order": order,
            "title_vi": spec["name"], "title_en": spec["name"],
            "tagline_vi": spec["tagline_vi"], "tagline_en": spec["tagline_en"],
            "opening_hours": "7:00–21:00",
        },
        create_defaults={
            "producer": producer, "hall": hall, "order": order, "position_x": x, "position_z": z, "rotation": facing,
            "title_vi": spec["name"], "title_en": spec["name"],
            "tagline_vi": spec["tagline_vi"], "tagline_en": spec["tagline_en"], "opening_hours": "7:00–21:00",
        },
    )
    report.count("booths", created)

    all_parts = []
    for index, item in enumerate(spec["products"]):
        parts = product_parts(item["shape"])
        all_parts.append(parts)
        _load_product(item, booth=booth, order=index, parts=parts, today=today, report=report)
    _put_file(booth, "cover", f"{booth.slug}.jpg", lambda: booth_cover(all_parts, palette), report)
    booth.save()
    _load_tour(spec, booth=booth, report=report)


def _load_product(item, *, booth, order, parts, today, report):
    fields = {k: item[k] for k in (
        "name_vi", "name_en", "story_vi", "story_en", "category", "price_vnd", "unit_vi", "unit_en", "stars",
        "certificate_level", "certificate_number", "certificate_year", "certificate_authority",
        "certificate_authority_en", "growing_area_code",
    )}
    fields["origin"] = f"{booth.producer.place}"
    product, created = Product.objects.update_or_create(
        slug=item["slug"], defaults={**fields, "booth": booth, "order": order},
        create_defaults={**fields, "booth": booth, "order": order, "stock": item["stock"]},
    )
    report.count("products", created)
    if item["model"]:
        _put_file(product, "model_glb", f"{product.slug}.glb", lambda: glb_write(parts, name=item["name_en"]), report)
        product.save(update_fields=["model_glb"])

    image = product.images.first()
    if image is None:
        image = ProductImage(product=product, order=0, alt_vi=item["name_vi"], alt_en=item["name_en"])
        report.count("images", True)
    _put_file(image, "image", f"{product.slug}.jpg", lambda: _jpeg(render(parts, size=PHOTO_SIZE)), report)
    image.save()

    if item["spin"]:
        for frame_number in range(SPIN_FRAMES):
            frame, created = SpinFrame.objects.get_or_create(product=product, order=frame_number)
            report.count("spin frames", created)
            yaw = 2 * math.pi * frame_number / SPIN_FRAMES
            _put_file(frame, "image", f"{product.slug}-{frame_number:02d}.jpg",
                      lambda: _jpeg(render(parts, size=SPIN_SIZE, yaw=yaw, pitch=0.25), quality=80), report)
            frame.save()

    if item["diary"]:
        for days, activity_vi, activity_en, inputs in data.DIARY[item["diary"]]:
            _, created = DiaryEntry.objects.update_or_create(
                product=product, activity_vi=activity_vi,
                defaults={"activity_en": activity_en, "inputs": inputs, "inputs_en": data.INPUTS_EN.get(inputs, ""),
                          "area_code": item["growing_area_code"]},
                create_defaults={"activity_en": activity_en, "inputs": inputs, "inputs_en": data.INPUTS_EN.get(inputs, ""),
                                 "area_code": item["growing_area_code"],
                                 "date": today - datetime.timedelta(days=days)},
            )
            report.count("diary entries", created)


def _load_tour(spec, *, booth, report):
    kind = spec["tour"]
    tour, created = ProcessTour.objects.update_or_create(
        booth=booth, defaults={"title_vi": f"Quy trình sản xuất: {spec['name']}", "title_en": f"How it is made: {spec['name']}"},
    )
    report.count("tours", created)
    palette = STEP_PALETTES[kind]
    for order, place in enumerate(data.TOURS[kind]):
        title_vi, title_en, narration_vi, narration_en, hotspots = data.STEPS[place]
        step = TourStep.objects.filter(tour=tour, order=order).first()
        report.count("tour steps", step is None)
        step = step or TourStep(tour=tour, order=order)
        step.title_vi, step.title_en, step.narration_vi, step.narration_en = title_vi, title_en, narration_vi, narration_en
        seed = sum(map(ord, booth.slug)) + order
        _put_file(step, "panorama", f"{booth.slug}-{order + 1}-{place}.jpg",
                  lambda: panorama_jpeg(place, palette, width=PANORAMA_WIDTH, seed=seed), report)
        step.save()
        for yaw, pitch, label_vi, label_en, text_vi, text_en in hotspots:
            _, created = Hotspot.objects.update_or_create(
                step=step, label_vi=label_vi,
                defaults={"yaw": yaw, "pitch": pitch, "label_en": label_en, "text_vi": text_vi, "text_en": text_en},
            )
            report.count("hotspots", created)


def _load_accounts(password: str, report: LoadReport) -> None:
    """Demo logins: `organizer`, and one staff login per producer named after its slug."""
    User = get_user_model()
    organizers = Group.objects.get(name=ORGANIZERS_GROUP)
    staff_group = Group.objects.get(name=PRODUCER_STAFF_GROUP)
    organizer, created = User.objects.get_or_create(username="organizer", defaults={"is_staff": True})
    if created:
        organizer.set_password(password)
        organizer.save()
    organizer.groups.add(organizers)
    report.count("accounts", created)
    for producer in Producer.objects.filter(slug__in=[spec["slug"] for spec in data.PRODUCERS]):
        user, created = User.objects.get_or_create(username=producer.slug, defaults={"is_staff": True})
        if created:
            user.set_password(password)
            user.save()
        user.groups.add(staff_group)
        producer.staff.add(user)
        report.count("accounts", created)
