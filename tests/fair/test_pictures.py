"""Picture renditions (fair/pictures.py): JPEG, WebP and AVIF copies at the widths pages ask for."""

import io

import pytest
from django.core.files.images import ImageFile
from PIL import Image

from fair.pictures import PHOTO_WIDTHS, rendition_name, renditions_ensure, renditions_exist, renditions_make
from tests.factories import make_product

pytestmark = pytest.mark.django_db


def _product_image(width=900, height=600):
    """A product photo wider than two renditions and narrower than the third (which is then a copy)."""
    from booths.models import ProductImage

    product = make_product()
    out = io.BytesIO()
    # A gradient, so the encoders have something to encode.
    Image.linear_gradient("L").resize((width, height)).convert("RGB").save(out, "JPEG", quality=90)
    image = ProductImage(product=product, alt_vi="Ảnh", alt_en="Photo")
    image.image.save(f"{product.slug}.jpg", ImageFile(out, name=f"{product.slug}.jpg"), save=True)
    return image


def _open(storage, name):
    with storage.open(name, "rb") as file:
        picture = Image.open(io.BytesIO(file.read()))
        picture.load()
    return picture


def test_renditions_are_made_in_avif_beside_jpeg_and_webp():
    image = _product_image()
    file = image.image
    made = renditions_make(file=file, widths=PHOTO_WIDTHS)
    assert sorted(made) == sorted(rendition_name(file.name, w, fmt) for w in PHOTO_WIDTHS for fmt in ("jpg", "webp", "avif"))
    for width, expected in ((320, 320), (640, 640), (1280, 900)):  # 1280 is a copy at the photo's own 900 px
        avif = _open(file.storage, rendition_name(file.name, width, "avif"))
        assert (avif.format, avif.width) == ("AVIF", expected)
        assert avif.height == round(600 * expected / 900)
        assert _open(file.storage, rendition_name(file.name, width, "webp")).format == "WEBP"
        assert _open(file.storage, rendition_name(file.name, width, "jpg")).format == "JPEG"


def test_media_made_before_avif_get_only_their_avif():
    image = _product_image()
    file, storage = image.image, image.image.storage
    renditions_make(file=file, widths=PHOTO_WIDTHS, formats=("jpg", "webp"))  # what uploads made before AVIF
    assert not renditions_exist(storage, file.name, PHOTO_WIDTHS)
    older = [rendition_name(file.name, w, fmt) for w in PHOTO_WIDTHS for fmt in ("jpg", "webp")]
    before = {name: storage.get_modified_time(name) for name in older}

    made = renditions_ensure(image)

    assert sorted(made) == sorted(rendition_name(file.name, w, "avif") for w in PHOTO_WIDTHS)
    assert renditions_exist(storage, file.name, PHOTO_WIDTHS)
    assert {name: storage.get_modified_time(name) for name in before} == before  # JPEG and WebP left as they were
    assert renditions_ensure(image) == []  # nothing missing, nothing written


def test_a_missing_avif_of_one_width_is_made_again_alone():
    image = _product_image()
    file, storage = image.image, image.image.storage
    renditions_ensure(image)
    storage.delete(rendition_name(file.name, 640, "avif"))
    assert not renditions_exist(storage, file.name, (640,))
    assert renditions_exist(storage, file.name, (320, 1280))
    assert renditions_ensure(image) == [rendition_name(file.name, 640, "avif")]
    assert _open(storage, rendition_name(file.name, 640, "avif")).format == "AVIF"
