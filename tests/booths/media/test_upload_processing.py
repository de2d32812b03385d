"""What the worker makes of good files: upright photos without GPS, placed panoramas that keep GPano,
smaller GLB models that still parse, renditions, and failures that keep the original for a retry."""

import io

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from PIL import ExifTags, Image

from booths.media import uploads
from booths.media.gltf import glb_images, glb_read
from booths.media.models import MediaUpload
from booths.models import SpinFrame, Video
from fair.pictures import rendition_name
from tests import media_files
from tests.booths.media.upload_helpers import patch, run_worker, send, start
from tests.factories import make_booth, make_product, make_tour, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    booth = make_booth()
    product = make_product(booth=booth)
    client.force_login(make_user(producer=booth.producer))
    client.booth, client.product = booth, product
    return client


def _send_and_process(client, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, booth=client.booth, **kwargs)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "queued"  # the request returns at once; the worker does the work
    run_worker()
    upload = MediaUpload.objects.get(pk=response.json()["id"])
    assert upload.status == "ready", (upload.error_code, upload.error_message)
    return upload


def _open(name) -> Image.Image:
    with default_storage.open(name, "rb") as file:
        image = Image.open(io.BytesIO(file.read()))
        image.load()
    return image


def test_a_sideways_phone_photo_comes_out_upright_without_its_gps(staff_client, django_capture_on_commit_callbacks):
    original = media_files.phone_photo_with_gps_sideways()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the input really has GPS
    upload = _send_and_process(staff_client, django_capture_on_commit_callbacks, kind="photo", name="IMG_0042.JPG",
                               data=original, product=staff_client.product)
    photo = staff_client.product.images.get()
    image = _open(photo.image.name)
    assert image.size == (200, 300)  # turned upright
    red = image.getpixel((image.width - 10, 10))  # the stored top-left corner is now top-right
    assert red[0] > 180 and red[2] < 80
    assert not image.getexif()  # no EXIF at all: no GPS, no camera
    with default_storage.open(photo.image.name, "rb") as file:
        stored = file.read()
    assert b"GPSLatitude" not in stored and b"PhoneMaker" not in stored
    assert "IMG_0042" not in photo.image.name  # a random stored name
    # The renditions pages link exist, as JPEG and as WebP.
    for fmt, kind in (("jpg", "JPEG"), ("webp", "WEBP")):
        with default_storage.open(rendition_name(photo.image.name, 320, fmt), "rb") as file:
            assert Image.open(file).format == kind
    # The original is kept privately, never under the public media folder.
    assert upload.original and (settings.PRIVATE_MEDIA_ROOT / upload.original).exists()
    assert not str(settings.PRIVATE_MEDIA_ROOT).startswith(str(settings.MEDIA_ROOT))


def test_a_partial_photo_sphere_is_placed_by_its_gpano_data_and_keeps_it(staff_client, django_capture_on_commit_callbacks):
    step = make_tour(staff_client.booth, steps=1).steps.get()
    upload = _send_and_process(staff_client, django_capture_on_commit_callbacks, kind="panorama", name="PANO_1.jpg",
                               data=media_files.partial_photo_sphere(), step=step)
    step.refresh_from_db()
    image = _open(step.panorama.name)
    assert image.size == (4000, 2000)  # the whole sphere, 2:1
    inside = image.getpixel((1500 + 500, 700 + 250))  # where GPano says the picture was taken
    outside = image.getpixel((200, 950))
    assert inside[0] > 180 and inside[1] < 80
    assert not (outside[0] > 180 and outside[1] < 80)
    with default_storage.open(step.panorama.name, "rb") as file:
        stored = file.read()
    xmp = Image.open(io.BytesIO(stored)).info["xmp"]
    gpano = uploads.gpano_read(xmp)
    assert gpano["ProjectionType"] == "equirectangular"
    assert gpano["PoseHeadingDegrees"] == 87.5
    assert gpano["FullPanoWidthPixels"] == 4000
    assert b"GPSLatitude" not in stored
    assert upload.result["placed"] is True
    assert default_storage.exists(rendition_name(step.panorama.name, 1024))


def test_a_scanned_model_is_optimised_smaller_still_parses_and_gets_a_poster(staff_client, django_capture_on_commit_callbacks):
    original = media_files.scanned_model()
    upload = _send_and_process(staff_client, django_capture_on_commit_callbacks, kind="model", name="scan.glb",
                               data=original, product=staff_client.product)
    product = staff_client.product
    product.refresh_from_db()
    with default_storage.open(product.model_glb.name, "rb") as file:
        optimised = file.read()
    assert len(optimised) < len(original) * 0.6
    summary = glb_read(optimised)
    assert summary.triangles == glb_read(original).triangles
    (_, texture, _mime), = glb_images(summary)
    assert max(Image.open(io.BytesIO(texture)).size) == 1024
    assert "extras" not in summary.gltf
    assert upload.result["optimised_bytes"] == len(optimised) < upload.result["original_bytes"]
    poster = _open(product.model_poster.name)
    centre = poster.getpixel((poster.width // 2, poster.height // 2))
    corner = poster.getpixel((5, 5))
    assert centre != corner  # the model is drawn, not an empty backdrop


def test_spin_photos_become_frames_in_their_order(staff_client, django_capture_on_commit_callbacks):
    for index in (1, 0, 2):
        _send_and_process(staff_client, django_capture_on_commit_callbacks, kind="spin", name=f"spin{index}.jpg",
                          data=media_files.jpeg(colour=(index * 100, 50, 50)), product=staff_client.product,
                          spin_index=index)
    frames = list(SpinFrame.objects.filter(product=staff_client.product).order_by("order"))
    assert [frame.order for frame in frames] == [0, 1, 2]
    assert [_open(frame.image.name).getpixel((5, 5))[0] // 50 for frame in frames] == [0, 2, 4]


def test_a_video_is_kept_with_its_type_and_served_nosniff(staff_client, django_capture_on_commit_callbacks):
    mp4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 4000
    _send_and_process(staff_client, django_capture_on_commit_callbacks, kind="video", name="hai-che.mp4", data=mp4)
    video = Video.objects.get(booth=staff_client.booth)
    assert video.content_type == "video/mp4"
    response = staff_client.get(video.file.url)
    assert response["Content-Type"] == "video/mp4"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_models_are_served_as_gltf_binary(staff_client, django_capture_on_commit_callbacks):
    _send_and_process(staff_client, django_capture_on_commit_callbacks, kind="model", name="jar.glb",
                      data=media_files.small_model(), product=staff_client.product)
    staff_client.product.refresh_from_db()
    response = staff_client.get(staff_client.product.model_glb.url)
    assert response["Content-Type"] == "model/gltf-binary"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_failed_step_keeps_the_original_and_its_reason_and_can_be_retried(staff_client, django_capture_on_commit_callbacks,
                                                                              monkeypatch):
    calls = []

    def broken(upload, data):
        calls.append(upload.pk)
        raise MemoryError("the worker ran out of memory")

    monkeypatch.setitem(uploads.PROCESSORS, "photo", broken)
    with django_capture_on_commit_callbacks(execute=True):
        response = send(staff_client, booth=staff_client.booth, kind="photo", name="p.jpg", data=media_files.jpeg(),
                        product=staff_client.product)
    run_worker()
    upload = MediaUpload.objects.get(pk=response.json()["id"])
    assert upload.status == "failed"
    assert "MemoryError" in upload.error_message
    assert (settings.PRIVATE_MEDIA_ROOT / upload.original).exists()
    page = staff_client.get(f"/producer/products/{staff_client.product.slug}/")
    assert "MemoryError" in page.content.decode()  # the producer sees why

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        retried = staff_client.post(f"/producer/uploads/{upload.pk}/retry/", headers={"Accept": "application/json"})
    assert retried.json()["status"] == "queued"
    run_worker()
    upload.refresh_from_db()
    assert upload.status == "ready" and upload.attempts == 2
    assert staff_client.product.images.count() == 1


def test_a_broken_upload_resumes_where_it_stopped(staff_client, django_capture_on_commit_callbacks):
    data = media_files.phone_photo_with_gps_sideways() * 1  # a few KB of real photo
    data = media_files.jpeg(size=(1600, 1200))
    upload_id = start(staff_client, booth=staff_client.booth, kind="photo", name="p.jpg", size=len(data),
                      product=staff_client.product).json()["id"]
    assert patch(staff_client, upload_id, 0, data[:10_000]).json()["offset"] == 10_000
    # The connection drops; later (another page, the same file) the editor asks where to continue.
    status = staff_client.get(f"/producer/uploads/{upload_id}/", headers={"Accept": "application/json"}).json()
    assert status["status"] == "receiving" and status["offset"] == 10_000
    with django_capture_on_commit_callbacks(execute=True):
        done = patch(staff_client, upload_id, 10_000, data[10_000:])
    assert done.json()["status"] == "queued"
    run_worker()
    photo = staff_client.product.images.get()
    assert _open(photo.image.name).size == (1600, 1200)


def test_form_posted_files_without_javascript_are_processed_too(staff_client, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post("/producer/uploads/?kind=photo", {
            "booth": staff_client.booth.slug, "product": staff_client.product.slug,
            "file": [SimpleUploadedFile("a.jpg", media_files.jpeg()), SimpleUploadedFile("b.png", media_files.png())],
        })
    assert response.status_code == 302
    run_worker()
    assert staff_client.product.images.count() == 2


def test_a_form_posted_photo_larger_than_one_piece_is_taken_whole(staff_client, django_capture_on_commit_callbacks):
    """Without JavaScript a phone sends the whole file in one post: the 4 MB limit is for the script's pieces."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    out = io.BytesIO()
    Image.effect_noise((1400, 1400), 60).convert("RGB").save(out, "PNG")
    assert out.tell() > uploads.CHUNK_MAX
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post("/producer/uploads/?kind=photo", {
            "booth": staff_client.booth.slug, "product": staff_client.product.slug,
            "file": SimpleUploadedFile("big.png", out.getvalue())}, follow=True)
    assert "big.png" in response.content.decode()
    run_worker()
    assert staff_client.product.images.count() == 1
