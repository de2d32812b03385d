"""Bad files get a named, clear error and leave nothing behind: no row, no byte on disk."""

import pytest

from booths.media.models import MediaUpload
from booths.models import ProductImage
from tests import media_files
from tests.booths.media.upload_helpers import patch, send, start, stored_files
from tests.factories import make_booth, make_product, make_tour, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    booth = make_booth()
    product = make_product(booth=booth)
    user = make_user(producer=booth.producer)
    client.force_login(user)
    client.booth, client.product = booth, product
    return client


IMAGE_CORPUS = {
    "bomb.png": (media_files.png_bomb(), "too_many_pixels"),
    "photo.jpg": (media_files.png(), "extension_mismatch"),  # a PNG whose name says JPEG
    "page.jpg": (media_files.html_polyglot(), "polyglot"),
    "drawing.svg": (media_files.SVG, "svg_not_allowed"),
    "drawing.jpg": (media_files.SVG, "svg_not_allowed"),
    "notes.jpg": (b"just some text, not a picture at all" * 10, "unsupported_format"),
    "anim.gif": (b"GIF89a" + b"\x01\x00\x01\x00\x00\x00\x00;" + b"\0" * 64, "unsupported_format"),
}


@pytest.mark.parametrize("name", sorted(IMAGE_CORPUS))
def test_bad_pictures_are_refused_by_name_and_nothing_is_kept(staff_client, name):
    data, code = IMAGE_CORPUS[name]
    before = stored_files()
    response = send(staff_client, booth=staff_client.booth, kind="photo", name=name, data=data,
                    product=staff_client.product)
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["code"] == code
    assert len(error["message"]) > 15  # words a producer can act on, not just a code
    assert MediaUpload.objects.count() == 0
    assert ProductImage.objects.count() == 0
    assert stored_files() == before


@pytest.mark.parametrize("name", sorted(media_files.bad_models()))
def test_bad_models_are_refused_by_name_and_nothing_is_kept(staff_client, name):
    data, code = media_files.bad_models()[name]
    before = stored_files()
    response = send(staff_client, booth=staff_client.booth, kind="model", name=name, data=data,
                    product=staff_client.product)
    assert response.status_code == 422, response.content
    assert response.json()["error"]["code"] == code
    assert MediaUpload.objects.count() == 0
    assert stored_files() == before
    staff_client.product.refresh_from_db()
    assert not staff_client.product.model_glb


def test_a_model_named_like_a_picture_is_refused(staff_client):
    response = send(staff_client, booth=staff_client.booth, kind="model", name="jar.jpg",
                    data=media_files.small_model(), product=staff_client.product)
    assert response.json()["error"]["code"] == "extension_mismatch"


def test_a_file_larger_than_its_kind_allows_is_refused_before_a_byte_is_sent(staff_client):
    response = start(staff_client, booth=staff_client.booth, kind="photo", name="huge.jpg", size=26 * 1024 * 1024,
                     product=staff_client.product)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"
    assert MediaUpload.objects.count() == 0


def test_a_stream_longer_than_declared_is_cut_off_while_it_streams(staff_client):
    before = stored_files()
    response = start(staff_client, booth=staff_client.booth, kind="photo", name="a.jpg", size=1000,
                     product=staff_client.product)
    upload_id = response.json()["id"]
    response = patch(staff_client, upload_id, 0, b"\xff" * 300_000)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"
    assert MediaUpload.objects.count() == 0
    assert stored_files() == before


def test_a_form_posted_file_over_the_cap_is_refused_while_it_streams(staff_client, settings, monkeypatch):
    from booths.media import uploads

    monkeypatch.setitem(uploads.MAX_BYTES, "photo", 100_000)
    from django.core.files.uploadedfile import SimpleUploadedFile

    big = SimpleUploadedFile("big.jpg", media_files.jpeg(size=(2000, 2000)) + b"\0" * 200_000, content_type="image/jpeg")
    response = staff_client.post("/producer/uploads/?kind=photo", {
        "booth": staff_client.booth.slug, "product": staff_client.product.slug, "file": big}, follow=True)
    assert "larger than" in response.content.decode() or "lớn hơn" in response.content.decode()
    assert MediaUpload.objects.count() == 0


def test_a_panorama_that_is_not_one_is_refused(staff_client):
    tour = make_tour(staff_client.booth, steps=1)
    response = send(staff_client, booth=staff_client.booth, kind="panorama", name="square.jpg",
                    data=media_files.jpeg(size=(800, 800)), step=tour.steps.first())
    assert response.json()["error"]["code"] == "not_a_panorama"


def test_videos_are_checked_by_their_bytes(staff_client):
    response = send(staff_client, booth=staff_client.booth, kind="video", name="clip.mp4", data=media_files.jpeg())
    assert response.json()["error"]["code"] == "unsupported_format"
    assert MediaUpload.objects.count() == 0


def test_a_chunk_at_the_wrong_offset_is_told_where_to_continue(staff_client):
    data = media_files.jpeg(size=(900, 600))
    upload_id = start(staff_client, booth=staff_client.booth, kind="photo", name="p.jpg", size=len(data),
                      product=staff_client.product).json()["id"]
    assert patch(staff_client, upload_id, 0, data[:5000]).json()["offset"] == 5000
    again = patch(staff_client, upload_id, 0, data[:5000])  # a resend after a lost answer
    assert again.status_code == 409
    assert again.json()["offset"] == 5000
    assert patch(staff_client, upload_id, 9000, data[9000:]).status_code == 409


def test_uploads_need_a_known_kind_and_their_target(staff_client):
    response = start(staff_client, booth=staff_client.booth, kind="script", name="x.js", size=10)
    assert response.json()["error"]["code"] == "unknown_kind"
    response = start(staff_client, booth=staff_client.booth, kind="photo", name="x.jpg", size=10)
    assert response.json()["error"]["code"] == "product_needed"
