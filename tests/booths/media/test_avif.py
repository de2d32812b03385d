"""Pictures are offered as AVIF first, then WebP, then the JPEG in the <img>: a browser takes the first type it
can show, so the lightest reaches those that read AVIF and nobody is left without a picture."""

import io
import os
import re

import pytest
from django.core.files.images import ImageFile
from PIL import Image

from fair.pictures import renditions_ensure
from tests.factories import make_booth, make_fair, make_hall, make_product

pytestmark = pytest.mark.django_db

PICTURE = re.compile(r"<picture>(.*?)</picture>", re.S)
SOURCE = re.compile(r'<source type="([^"]+)" srcset="([^"]+)"')


def _jpeg(width, height) -> ImageFile:
    out = io.BytesIO()
    Image.linear_gradient("L").resize((width, height)).convert("RGB").save(out, "JPEG", quality=90)
    return ImageFile(out, name="photo.jpg")


def _urls(srcset: str) -> list[str]:
    return [part.split()[0] for part in srcset.split(",")]


def _pictures(page: str) -> list[tuple[list[tuple[str, str]], str]]:
    """Each <picture> of a page: its sources (type, srcset) in order, and its <img> tag."""
    return [(SOURCE.findall(body), re.search(r"<img [^>]+>", body).group(0)) for body in PICTURE.findall(page)]


def _assert_avif_first_then_webp_then_jpeg(settings, page: str) -> int:
    pictures = _pictures(page)
    for sources, img in pictures:
        assert [kind for kind, _ in sources] == ["image/avif", "image/webp"], sources
        (_, avif), (_, webp) = sources
        # The same widths in both formats, each an AVIF file that is there.
        assert avif.replace(".avif", ".webp") == webp
        for url in _urls(avif):
            assert url.endswith(".avif"), url
            with Image.open(os.path.join(settings.MEDIA_ROOT, url.removeprefix("/media/"))) as picture:
                assert picture.format == "AVIF", url
        # The <img> (the fallback every browser shows) stays a JPEG.
        assert re.search(r'src="/media/[^"]+\.jpg"', img), img
    return len(pictures)


@pytest.fixture
def booth_with_photos():
    booth = make_booth(hall=make_hall(fair=make_fair()))
    booth.cover.save("cover.jpg", _jpeg(960, 540), save=True)
    renditions_ensure(booth)
    product = make_product(booth=booth)
    for n in range(2):  # the first in the product's figure, the second among its other photos
        image = product.images.create(alt_vi="Ảnh", alt_en="Photo", image=_jpeg(900, 600 + n))
        renditions_ensure(image)
    return booth, product


@pytest.mark.parametrize("mode", ["auto", "3d", "light"])
def test_product_and_booth_pages_offer_avif_first(client, settings, booth_with_photos, mode):
    booth, product = booth_with_photos
    if mode != "auto":
        client.cookies["fair_mode"] = mode
    product_page = client.get(f"/products/{product.slug}/").content.decode()
    assert _assert_avif_first_then_webp_then_jpeg(settings, product_page) == 2  # the figure and the second photo
    booth_page = client.get(f"/booths/{booth.slug}/").content.decode()
    assert _assert_avif_first_then_webp_then_jpeg(settings, booth_page) >= 1
    if mode == "light":
        # Light mode: the smallest rendition only, in each format.
        for sources, _img in _pictures(product_page):
            (_, avif), (_, webp) = sources
            assert avif.endswith(".w320.avif") and webp.endswith(".w320.webp") and " " not in avif + webp
    else:
        sources, _img = _pictures(product_page)[0]
        assert _urls(sources[0][1])[:2] == [u.replace(".webp", ".avif") for u in _urls(sources[1][1])[:2]]
        assert ".w320.avif 320w" in sources[0][1] and ".w640.avif 640w" in sources[0][1] and ".w1280.avif 900w" in sources[0][1]


def test_hall_cards_offer_avif_first(client, settings, booth_with_photos):
    page = client.get("/").content.decode()
    assert _assert_avif_first_then_webp_then_jpeg(settings, page) >= 1
    assert ".w480.avif" in page
