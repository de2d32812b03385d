"""Light or 3D: the server's part (cookie, Save-Data), the toggle without JavaScript, and what each page carries."""

import json
import re

import pytest
from django.urls import reverse

from fair.mode import MODE_COOKIE
from tests.factories import make_booth, make_hall, make_product, make_tour

pytestmark = pytest.mark.django_db


def mode_of(page: str) -> str:
    return re.search(r'<html lang="\w+" data-mode="([\w]+)"', page).group(1)


def test_first_visit_lets_the_browser_decide(client):
    hall = make_hall()
    page = client.get(reverse("booths:hall", args=[hall.fair.slug, hall.slug])).content.decode()
    assert mode_of(page) == "auto"
    assert "/mode/light/" in page


def test_save_data_header_gets_light_mode(client):
    page = client.get("/", HTTP_SAVE_DATA="on").content.decode()
    assert mode_of(page) == "light"
    assert "/mode/3d/" in page


def test_toggle_is_a_link_that_is_remembered(client):
    response = client.get(reverse("fair:mode", args=["light"]) + "?next=/fairs/x/")
    assert response.status_code == 302 and response["Location"] == "/fairs/x/"
    assert response.cookies[MODE_COOKIE].value == "light"
    assert mode_of(client.get("/").content.decode()) == "light"
    client.get(reverse("fair:mode", args=["3d"]))
    assert mode_of(client.get("/", HTTP_SAVE_DATA="on").content.decode()) == "3d"  # an explicit choice wins


def test_toggle_never_redirects_off_site_and_refuses_unknown_modes(client):
    response = client.get(reverse("fair:mode", args=["light"]) + "?next=https://evil.example/")
    assert response["Location"] == "/"
    assert client.get(reverse("fair:mode", args=["vr"])).status_code == 404


def test_hall_page_carries_the_scene_and_bundle_only_inside_a_template(client):
    hall = make_hall(colour_primary="#123456")
    booth = make_booth(hall=hall, title_vi="Gian cà phê", position_x=6.0, position_z=-3.0, rotation=90)
    make_product(booth=booth, stars=4)
    page = client.get(reverse("booths:hall", args=[hall.fair.slug, hall.slug])).content.decode()
    scene = json.loads(re.search(r'<script id="hall-scene" type="application/json">(.*?)</script>', page, re.S).group(1))
    assert scene["hall"]["primary"] == "#123456"
    [item] = scene["booths"]
    assert (item["title"], item["x"], item["z"], item["rotation"], item["stars"]) == ("Gian cà phê", 6.0, -3.0, 90.0, 4)
    assert item["url"] == reverse("booths:booth", args=[booth.slug])
    # The 3D bundle is inert until the mode script chooses 3D; it is fingerprinted by django-compressor.
    template = re.search(r'<template id="bundle-3d">(.*?)</template>', page, re.S).group(1)
    assert re.search(r'src="/static/CACHE/js/output\.[0-9a-f]+\.js"', template)
    scripts_outside = re.sub(r'<template id="bundle-3d">.*?</template>', "", page, flags=re.S)
    assert scripts_outside.count("<script src=") == 2  # the small mode (+ offline) and presence scripts only


def test_scene_json_escapes_user_text(client):
    hall = make_hall()
    make_booth(hall=hall, title_vi="</script><script>alert(1)</script>")
    page = client.get(reverse("booths:hall", args=[hall.fair.slug, hall.slug])).content.decode()
    assert "</script><script>alert(1)" not in page


def test_booth_page_carries_tour_steps_with_phone_and_full_panoramas(client):
    booth = make_booth()
    make_tour(booth, steps=3)
    page = client.get(reverse("booths:booth", args=[booth.slug])).content.decode()
    steps = json.loads(re.search(r'<script id="tour-steps" type="application/json">(.*?)</script>', page, re.S).group(1))
    assert len(steps) == 3
    assert steps[0]["panorama_small"].endswith(".w1024.jpg") and steps[0]["panorama"].endswith(".jpg")
    assert steps[0]["hotspots"][0]["label"] == "Thùng ong"


def test_hall_queries_stay_constant_from_10_to_200_booths(client, django_assert_num_queries, settings):
    settings.HALL_CACHE_SECONDS = 0  # the cost of building the page, not of reading it from the cache
    hall = make_hall()

    def fill(count):
        for _ in range(count):
            make_product(booth=make_booth(hall=hall))

    url = reverse("booths:hall", args=[hall.fair.slug, hall.slug])
    fill(10)
    client.get(url)  # warm the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ten:
        client.get(url)
    fill(190)
    with django_assert_num_queries(len(ten.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count('class="card booth-card"') == 200
