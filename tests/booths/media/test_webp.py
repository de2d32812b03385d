"""Product photos are offered as WebP (with JPEG for browsers without it), in the sizes pages ask for."""

import os
import re

import pytest
from PIL import Image

from tests.factories import make_booth, make_fair, make_hall, make_product

pytestmark = pytest.mark.django_db


def _files(settings, urls):
    return [os.path.join(settings.MEDIA_ROOT, url.removeprefix("/media/")) for url in urls]


def test_product_pages_offer_webp_renditions_that_exist(client, settings):
    from fair.pictures import renditions_ensure

    booth = make_booth(hall=make_hall(fair=make_fair()))
    product = make_product(booth=booth, with_image=True)
    renditions_ensure(product.images.first())
    page = client.get(f"/products/{product.slug}/").content.decode()
    sources = re.findall(r'<source type="image/webp" srcset="([^"]+)"', page)
    assert sources, "no WebP source on the product page"
    urls = [url for srcset in sources for url in re.findall(r"(/media/\S+\.webp)", srcset)]
    assert urls
    for path in _files(settings, urls):
        assert Image.open(path).format == "WEBP", path
    # Light mode offers the smallest WebP only.
    client.cookies["fair_mode"] = "light"
    light = client.get(f"/products/{product.slug}/").content.decode()
    (small,) = re.findall(r'<source type="image/webp" srcset="([^"]+)"', light)
    assert small.endswith(".w320.webp") and " " not in small
