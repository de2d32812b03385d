"""The demo fair: rich enough to judge, real media made by our own code, and loading twice changes nothing."""

import io
import os

import pytest
from django.core.management import call_command
from PIL import Image, ImageStat

from booths.media.gltf import glb_read
from booths.models import Booth, Producer, Product, TourStep
from fair.models import Hall

pytestmark = pytest.mark.django_db


def test_demo_fair_has_the_promised_halls_producers_and_products(demo_fair):
    fair = demo_fair["fair"]
    assert fair.status == "open"
    assert Hall.objects.filter(fair=fair).count() >= 3
    assert Producer.objects.count() >= 12
    assert Booth.objects.filter(hall__fair=fair).count() >= 12
    products = list(Product.objects.filter(booth__hall__fair=fair).prefetch_related("images"))
    assert len(products) >= 30
    for product in products:
        assert 3 <= product.stars <= 5
        assert product.certificate_number and product.certificate_year and product.certificate_authority
        assert product.origin and product.price_vnd > 0
        assert product.story_vi and product.story_en and product.name_vi and product.name_en
        assert len(product.images.all()) >= 1
    with_models = sum(1 for product in products if product.model_glb)
    assert with_models > len(products) / 2
    assert any(product.stock == 0 for product in products)  # sold-out shows up in the demo


def test_every_demo_model_is_a_real_glb(demo_fair):
    for product in Product.objects.exclude(model_glb=""):
        with product.model_glb.open("rb") as file:
            summary = glb_read(file.read())
        assert summary.triangles > 100, product.slug
        assert summary.external_uris == []
        materials = summary.gltf["materials"]
        colours = {tuple(m["pbrMetallicRoughness"]["baseColorFactor"]) for m in materials}
        assert len(colours) >= 2, f"{product.slug} should have more than one colour"


def test_every_booth_has_a_tour_of_at_least_three_panorama_steps(demo_fair):
    for booth in Booth.objects.filter(hall__fair=demo_fair["fair"]):
        steps = list(TourStep.objects.filter(tour__booth=booth).prefetch_related("hotspots"))
        assert len(steps) >= 3, booth.slug
        for step in steps:
            assert step.narration_vi and step.narration_en
            assert len(step.hotspots.all()) >= 1
            assert step.panorama_width == 2 * step.panorama_height


def test_panoramas_read_as_places_not_noise(demo_fair):
    for step in TourStep.objects.all()[:12]:
        with step.panorama.open("rb") as file:
            image = Image.open(io.BytesIO(file.read())).convert("RGB")
        assert image.width == 2 * image.height
        top = ImageStat.Stat(image.crop((0, 0, image.width, image.height // 8)))
        bottom = ImageStat.Stat(image.crop((0, image.height * 7 // 8, image.width, image.height)))
        # Sky or ceiling above, ground or floor below: the two bands clearly differ...
        assert sum(abs(a - b) for a, b in zip(top.mean, bottom.mean)) > 30
        # ...and each band is smooth-ish, not random noise.
        assert max(top.stddev) < 60 and max(bottom.stddev) < 60
        assert max(ImageStat.Stat(image).stddev) > 15  # not one flat colour


def test_product_photos_show_the_product_on_a_backdrop(demo_fair):
    product = Product.objects.get(slug="mat-ong-quyet-thang")
    with product.images.first().image.open("rb") as file:
        image = Image.open(io.BytesIO(file.read())).convert("RGB")
    corner = image.getpixel((5, 5))
    centre = image.getpixel((image.width // 2, image.height // 2))
    assert sum(abs(a - b) for a, b in zip(corner, centre)) > 60  # the jar stands out from the backdrop
    assert product.spin_frames.count() == 24


def test_loading_twice_changes_nothing(demo_fair, settings):
    def snapshot():
        files = sorted(os.path.relpath(os.path.join(d, f), settings.MEDIA_ROOT)
                       for d, _, names in os.walk(settings.MEDIA_ROOT) for f in names)
        rows = {model.__name__: sorted(model.objects.values_list("pk", flat=True)) for model in (Hall, Producer, Booth, Product, TourStep)}
        return files, rows

    before = snapshot()
    out = io.StringIO()
    call_command("load_demo_fair", stdout=out)
    assert "nothing changed" in out.getvalue()
    assert snapshot() == before


def test_demo_pages_render(client, demo_fair):
    for url in ("/", "/fairs/ocop-2026/", "/fairs/ocop-2026/halls/tay-nguyen/", "/booths/mat-ong-quyet-thang/",
                "/products/xoai-say-deo-toan-thang/"):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Mật ong hoa nhãn Quyết Thắng" in client.get("/booths/mat-ong-quyet-thang/").content.decode()


def test_demo_accounts_are_for_development_only():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="development"):
        call_command("load_demo_fair", accounts="known-password")


def test_srcset_renditions_exist_for_demo_images(client, demo_fair, settings):
    import re

    page = client.get("/booths/mat-ong-quyet-thang/").content.decode()
    urls = {url for srcset in re.findall(r'srcset="([^"]+)"', page) for url in re.findall(r"(/media/\S+)\s+\d+w", srcset)}
    assert any(".w320." in url for url in urls) and any(".w1024." in url for url in urls)
    for url in urls:
        assert os.path.exists(os.path.join(settings.MEDIA_ROOT, url.removeprefix("/media/"))), url
