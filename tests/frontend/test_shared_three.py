"""three.js is one shared bundle (static/build/three.js, built by frontend/build.mjs): the 3D pages load it
first, from the same fingerprinted URL, so a visit downloads it once; no other bundle holds a copy of it,
and only the 3D pages' inert `<template id="bundle-3d">` (fetched in 3D mode only) refers to it."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import make_booth, make_hall, make_product

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "static" / "build"
VENDOR_TAG = "{% compress js %}<script src=\"{% static 'build/three.js' %}\"></script>{% endcompress %}"
BUNDLE_3D = re.compile(r'<template id="bundle-3d">(.*?)</template>', re.S)


def sizes() -> dict:
    return json.loads((BUILD / "sizes.json").read_text())


def test_only_the_vendor_bundle_holds_three_and_the_3d_bundles_are_small():
    built = sizes()
    assert built["three"]["vendor"] and built["three"]["modules"]["three"] > 10
    for name, size in built.items():
        holds_three = b"__THREE__" in (BUILD / f"{name}.js").read_bytes()  # three.js announces its revision there
        assert holds_three == (name == "three"), name
    for name in ("hall", "booth", "xr", "planpreview"):  # planpreview: the studio floor plan's 3D preview
        assert built[name]["needs"] == "three"
        assert built[name]["gzip"] <= 30 * 1024, f"{name}.js: a 3D page after the first must stay ≤ 30 KB gz of new JavaScript"
    assert not any(size.get("needs") for name, size in built.items() if name not in ("hall", "booth", "xr", "planpreview"))


def templates() -> list[Path]:
    return [path for path in ROOT.glob("**/templates/**/*.html")
            if not {".venv", "node_modules", "var"} & set(path.relative_to(ROOT).parts)]


def test_only_the_3d_pages_refer_to_three_and_only_in_their_3d_template():
    referring = {}
    for path in templates():
        text = path.read_text(encoding="utf-8")
        if "build/three.js" not in text:
            continue
        if path.name == "plan.html" and "studio" in path.parts:  # the organizers' 3D preview, fetched on demand
            assert 'id="plan-preview-bundle"' in text and text.count("build/three.js") == 1
            continue
        referring[path.name] = text
        inert = "".join(BUNDLE_3D.findall(text))
        assert text.count("build/three.js") == inert.count(VENDOR_TAG) == 1, path
        # Alone in its compress block (one URL on every page) and before the page's own bundle.
        assert re.search(re.escape(VENDOR_TAG) + r"\{% compress js %\}<script src=\"\{% static 'build/(hall|booth)\.js' %\}\"", inert), path
    assert sorted(referring) == ["booth.html", "hall.html", "product.html"]


@pytest.mark.django_db
def test_hall_booth_and_product_pages_load_the_same_fingerprinted_three_first(client):
    assert settings.COMPRESS_ENABLED  # the test settings fingerprint like production
    hall = make_hall()
    booth = make_booth(hall=hall)
    product = make_product(booth=booth)
    pages = {"hall": f"/fairs/{hall.fair.slug}/halls/{hall.slug}/", "booth": f"/booths/{booth.slug}/",
             "product": f"/products/{product.slug}/"}
    scripts = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        [inert] = BUNDLE_3D.findall(response.content.decode())
        scripts[name] = re.findall(r'<script src="([^"]+)"', inert)
    vendors = {found[0] for found in scripts.values()}
    assert len(vendors) == 1 and all(len(found) == 2 for found in scripts.values()), scripts
    [vendor] = vendors
    assert re.fullmatch(r"/static/CACHE/js/output\.[0-9a-f]+\.js", vendor)
    served = (Path(settings.COMPRESS_ROOT) / vendor.removeprefix(settings.STATIC_URL)).read_text(encoding="utf-8")
    assert (BUILD / "three.js").read_text(encoding="utf-8").strip() in served
    assert scripts["booth"][1] == scripts["product"][1] != scripts["hall"][1] != vendor
