"""Fairs and themed halls made in the studio: a new hall is a draft, invisible to visitors everywhere (pages,
sockets, search, schedule) until published; its panorama goes through the producers' checked media pipeline."""

import io
from pathlib import Path

import pytest
from django.urls import reverse
from PIL import Image

from booths.models import Booth
from fair.models import Fair, Hall
from tests.factories import make_booth, make_fair, make_hall, make_product, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def organizer(client):
    user = make_user(organizer=True, first_name="Lan", last_name="Nguyễn")
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return user


def picture(width, height, fmt="JPEG", name="panorama.jpg"):
    out = io.BytesIO()
    Image.new("RGB", (width, height), (40, 120, 200)).save(out, fmt)
    out.name = name
    out.seek(0)
    return out


def test_an_organizer_makes_a_fair_in_the_fair_time_zone_as_a_draft(client, organizer):
    response = client.post(reverse("studio:fair_new"), {
        "name_vi": "Hội chợ OCOP Sơn La", "name_en": "Son La OCOP fair", "slug": "son-la", "theme_vi": "", "theme_en": "",
        "starts_on": "2026-12-01", "ends_on": "2026-12-05", "time_zone": "Asia/Ho_Chi_Minh", "status": "draft"})
    assert response.status_code == 302
    fair = Fair.objects.get(slug="son-la")
    assert fair.status == "draft" and fair.time_zone == "Asia/Ho_Chi_Minh"
    page = client.get(reverse("studio:home")).content.decode()
    assert "Son La OCOP fair" in page


def test_a_fair_that_ends_before_it_starts_or_a_made_up_time_zone_is_refused_with_the_reason(client, organizer):
    response = client.post(reverse("studio:fair_new"), {
        "name_vi": "Hội chợ", "slug": "sai", "starts_on": "2026-12-05", "ends_on": "2026-12-01", "time_zone": "Mars/Olympus",
        "status": "draft"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "A fair ends on or after the day it starts." in page
    assert "Choose a time zone such as Asia/Ho_Chi_Minh." in page
    assert not Fair.objects.filter(slug="sai").exists()


def hall_fields(**extra):
    return {"name_vi": "Khu cà phê", "name_en": "Coffee hall", "slug": "ca-phe", "description_vi": "", "description_en": "",
            "order": 1, "layout": "grid", "colour_primary": "#6b3e1e", "colour_accent": "#e0a526", "colour_floor": "#d9c7a7",
            "floor_width": 40, "floor_depth": 30, "rule_category": "coffee", "rule_province": "", "rule_min_stars": 4,
            **extra}


def test_a_new_hall_is_a_draft_that_visitors_do_not_see_anywhere_until_published(client, organizer):
    fair = make_fair(status="open", slug="hoi-cho")
    booth_elsewhere = make_booth(hall=make_hall(fair=fair))
    response = client.post(reverse("studio:hall_new", args=[fair.slug]), hall_fields())
    hall = Hall.objects.get(fair=fair, slug="ca-phe")
    assert response.status_code == 302 and hall.status == "draft"
    assert (hall.rule_category, hall.rule_min_stars, hall.floor_width) == ("coffee", 4, 40)
    booth = make_booth(hall=hall, title_en="Robusta corner", title_vi="Góc Robusta")
    make_product(booth=booth, name_vi="Cà phê Robusta Sơn La", category="coffee")

    visitor = client.__class__()
    visitor.cookies["django_language"] = "en"
    hall_url = reverse("booths:hall", args=[fair.slug, hall.slug])
    assert visitor.get(hall_url).status_code == 404
    assert visitor.get(reverse("booths:booth", args=[booth.slug])).status_code == 404
    fair_page = visitor.get(reverse("fair:fair", args=[fair.slug])).content.decode()
    assert "Coffee hall" not in fair_page and booth_elsewhere.title_en in fair_page
    found = visitor.get(reverse("search:search"), {"q": "Robusta"}).content.decode()
    assert "Robusta corner" not in found
    # The organizer previews it as visitors will see it, marked as a draft.
    preview = client.get(hall_url).content.decode()
    assert "Robusta corner" in preview and "this hall is a draft" in preview

    assert client.post(reverse("studio:hall_publish", args=[hall.pk]), {"published": "1"}).status_code == 302
    assert visitor.get(hall_url).status_code == 200
    assert "Robusta corner" in visitor.get(reverse("search:search"), {"q": "Robusta"}).content.decode()
    # Back to draft: gone again.
    client.post(reverse("studio:hall_publish", args=[hall.pk]), {"published": "0"})
    assert visitor.get(hall_url).status_code == 404


def test_a_published_hall_of_a_draft_fair_stays_hidden_and_the_organizer_is_told(client, organizer):
    fair = make_fair(status="draft")
    hall = make_hall(fair=fair, status="draft")
    response = client.post(reverse("studio:hall_publish", args=[hall.pk]), {"published": "1"}, follow=True)
    assert "its fair is still a draft" in response.content.decode()
    assert client.__class__().get(reverse("booths:hall", args=[fair.slug, hall.slug])).status_code == 404


def test_the_environment_panorama_goes_through_the_checked_media_pipeline(client, organizer, settings):
    hall = make_hall()
    url = reverse("studio:hall", args=[hall.pk])
    fields = hall_fields(slug=hall.slug)
    response = client.post(url, {**fields, "environment_file": picture(1024, 512)})
    assert response.status_code == 302
    hall.refresh_from_db()
    assert hall.environment.name.startswith("halls/") and hall.environment.name.endswith(".jpg")
    with Image.open(hall.environment.path) as stored:
        assert stored.size == (1024, 512)  # placed on a full equirectangular canvas
        assert "exif" not in stored.info  # re-encoded: nothing of the original's metadata
    kept = hall.environment.name

    # Not a panorama (4:3): refused with the pipeline's own reason, and nothing changes.
    response = client.post(url, {**fields, "name_en": "Renamed", "environment_file": picture(800, 600)})
    page = response.content.decode()
    assert response.status_code == 200 and "twice as wide as it is high" in page
    hall.refresh_from_db()
    assert hall.environment.name == kept and hall.name_en != "Renamed"

    # Markup hidden in a picture, and an SVG: refused the same way as a producer's upload.
    polyglot = picture(1024, 512)
    polyglot = io.BytesIO(polyglot.getvalue() + b"<script>alert(1)</script>")
    polyglot.name = "pano.jpg"
    assert "hides web page code" in client.post(url, {**fields, "environment_file": polyglot}).content.decode()
    hall.refresh_from_db()
    assert hall.environment.name == kept
    svg = io.BytesIO(b'<svg xmlns="http://www.w3.org/2000/svg" width="2" height="1"></svg>')
    svg.name = "pano.svg"
    assert "SVG drawings are not accepted" in client.post(url, {**fields, "environment_file": svg}).content.decode()
    hall.refresh_from_db()
    assert hall.environment.name == kept
    partial = list(Path(settings.UPLOAD_PARTIAL_ROOT).glob("hall-*"))
    assert partial == []  # nothing half-received left behind


def test_booths_that_fit_the_rule_are_brought_into_the_hall_on_free_spots(client, organizer):
    fair = make_fair()
    hall = make_hall(fair=fair, rule_category="coffee", rule_min_stars=4, floor_width=16, floor_depth=10)
    coffee = [make_booth(title_en=f"Coffee {i}") for i in range(3)]
    for booth in coffee:
        make_product(booth=booth, category="coffee", stars=4)
    honey = make_booth(title_en="Honey stand")
    make_product(booth=honey, category="honey", stars=4)
    page = client.get(reverse("studio:hall", args=[hall.pk])).content.decode()
    assert "Coffee 0" in page and "Honey stand" not in page  # only what fits the theme is offered
    response = client.post(reverse("studio:hall_booths_add", args=[hall.pk]),
                           {"booth": [b.pk for b in coffee] + [honey.pk]}, follow=True)
    placed = list(Booth.objects.filter(hall=hall))
    assert {b.pk for b in placed} <= {b.pk for b in coffee}
    # A 16 × 10 m floor holds only some 4 × 3 m booths with no overlap: the rest are named as not fitting.
    assert len(placed) >= 2
    if len(placed) < 3:
        assert "did not fit on the floor" in response.content.decode()
    from fair.studio.floorplan import Spot, layout_problems

    spots = [Spot(b.slug, b.position_x, b.position_z, b.rotation) for b in placed]
    assert layout_problems(hall=hall, spots=spots, titles={b.slug: b.title_vi for b in placed}) == []
    hall.refresh_from_db()
    assert hall.layout_version == 1  # an editor opened before must reload
