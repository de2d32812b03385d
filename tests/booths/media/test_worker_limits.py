"""The media worker never stalls the fair: slow work runs outside any transaction (orders and chat go on meanwhile,
on SQLite), a model is refused by what drawing it costs, mesh compression is refused with how to export
instead, and a job past its time limit fails with a named error while the queue moves on."""

import struct
import threading

import pytest
from django.db import connection

from booths.conversations import services as chat
from booths.media import uploads
from booths.media.gltf import glb_read
from booths.media.models import MediaUpload
from booths.orders import services as ordering
from booths.orders.models import Order
from tests import media_files
from tests.booths.media.upload_helpers import run_worker, send, stored_files
from tests.factories import make_booth, make_product, make_user

WAIT = 60  # seconds a test waits for something that happens at once when all is well (a guard, not a measure)


@pytest.fixture
def staff_client(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the messages below are read in English
    booth = make_booth()
    product = make_product(booth=booth, stock=5)
    client.force_login(make_user(producer=booth.producer))
    client.booth, client.product = booth, product
    return client


def many_nodes_one_triangle(nodes=3000, vertices=200_000) -> bytes:
    """2.5 MB: one triangle indexing into a 200k-vertex mesh, placed by 3,000 nodes."""
    positions = b"\0" * (12 * vertices)
    indices = struct.pack("<3I", 0, 1, 2)
    gltf = {
        "asset": {"version": "2.0"},
        "bufferViews": [{"buffer": 0, "byteOffset": 0, "byteLength": len(positions)},
                        {"buffer": 0, "byteOffset": len(positions), "byteLength": len(indices)}],
        "accessors": [{"bufferView": 0, "componentType": 5126, "count": vertices, "type": "VEC3",
                       "min": [0, 0, 0], "max": [0, 0, 0]},
                      {"bufferView": 1, "componentType": 5125, "count": 3, "type": "SCALAR"}],
        "meshes": [{"primitives": [{"attributes": {"POSITION": 0}, "indices": 1}]}],
        "nodes": [{"mesh": 0, "translation": [n * 0.01, 0, 0]} for n in range(nodes)],
        "scenes": [{"nodes": list(range(nodes))}], "scene": 0,
    }
    return media_files.pack(gltf, positions + indices)


def compressed(extension: str) -> bytes:
    model = glb_read(media_files.small_model())
    model.gltf["extensionsUsed"] = [extension]
    model.gltf["extensionsRequired"] = [extension]
    return media_files.pack(model.gltf, model.binary)


@pytest.mark.django_db
def test_a_model_placed_by_thousands_of_nodes_is_refused_by_what_it_costs(staff_client):
    before = stored_files()
    response = send(staff_client, booth=staff_client.booth, kind="model", name="tiny.glb", data=many_nodes_one_triangle(),
                    product=staff_client.product)
    assert response.status_code == 422, response.content
    assert response.json()["error"]["code"] == "glb_too_complex"
    assert "node" in response.json()["error"]["message"]
    assert not MediaUpload.objects.exists() and stored_files() == before


@pytest.mark.django_db
@pytest.mark.parametrize("extension,kind", [("KHR_draco_mesh_compression", "Draco"), ("EXT_meshopt_compression", "meshopt")])
def test_a_compressed_model_is_refused_at_upload_with_how_to_export_it(staff_client, extension, kind):
    response = send(staff_client, booth=staff_client.booth, kind="model", name="blender.glb", data=compressed(extension),
                    product=staff_client.product)
    assert response.status_code == 422, response.content
    assert response.json()["error"]["code"] == "glb_compressed"
    assert kind in response.json()["error"]["message"] and "Compression" in response.json()["error"]["message"]
    assert not MediaUpload.objects.exists()


@pytest.mark.django_db
def test_a_job_past_its_time_limit_fails_by_name_and_the_queue_moves_on(staff_client, settings, monkeypatch,
                                                                        django_capture_on_commit_callbacks):
    settings.MEDIA_JOB_SECONDS = 0.5
    never = threading.Event()
    monkeypatch.setattr(uploads, "model_poster", lambda summary: never.wait(WAIT))  # a poster that would take a minute
    with django_capture_on_commit_callbacks(execute=True):
        model = send(staff_client, booth=staff_client.booth, kind="model", name="slow.glb", data=media_files.small_model(),
                     product=staff_client.product).json()
        photo = send(staff_client, booth=staff_client.booth, kind="photo", name="mat.jpg", data=media_files.jpeg(),
                     product=staff_client.product).json()
    run_worker()
    slow, next_one = MediaUpload.objects.get(pk=model["id"]), MediaUpload.objects.get(pk=photo["id"])
    assert (slow.status, slow.error_code) == ("failed", "processing_timeout")
    assert "0.5" in slow.error_message  # says the limit (in the language the worker runs in)
    assert next_one.status == "ready"  # the queue went on
    staff_client.product.refresh_from_db()
    assert not staff_client.product.model_glb  # nothing half-attached


@pytest.mark.django_db(transaction=True)
def test_orders_and_chat_go_on_while_the_worker_processes_a_model(staff_client, monkeypatch,
                                                                 django_capture_on_commit_callbacks):
    """On SQLite, whose transactions hold the one write lock, a job's slow work must not be inside one."""
    started, release = threading.Event(), threading.Event()
    real_poster = uploads.model_poster

    def slow_poster(summary):
        started.set()
        release.wait(WAIT)  # the slow part of a heavy model, held until the fair has been used meanwhile
        return real_poster(summary)

    monkeypatch.setattr(uploads, "model_poster", slow_poster)
    with django_capture_on_commit_callbacks(execute=False):
        upload = send(staff_client, booth=staff_client.booth, kind="model", name="heavy.glb",
                      data=media_files.small_model(), product=staff_client.product).json()
    outcome = {}

    def worker():
        try:
            outcome["status"] = uploads.process_upload.func(upload["id"])
        finally:
            connection.close()

    thread = threading.Thread(target=worker)
    thread.start()
    try:
        assert started.wait(WAIT), "the worker never reached the slow step"
        # While the job is in its slow step: a visitor orders and writes to the producer.
        order, created = ordering.order_place(
            booth=staff_client.booth, visitor_id="v-during", lines=[{"product": staff_client.product.slug, "quantity": 1}],
            contact={"name": "Lan", "phone": "0912345678", "address": "12 Hàng Bạc, Hà Nội", "payment": "cod"},
            idempotency_key="k-during-processing")
        conversation = chat.conversation_for_visitor(booth=staff_client.booth, visitor_id="v-during")
        message, _ = chat.message_send(conversation=conversation, sender="visitor", client_id="c-1", text="Còn hàng không?")
        assert created and not release.is_set()  # done while the job was still processing
        assert Order.objects.filter(pk=order.pk).exists() and message.pk
    finally:
        release.set()
        thread.join(WAIT)
    assert outcome["status"] == "ready"
    staff_client.product.refresh_from_db()
    assert staff_client.product.model_glb and staff_client.product.model_poster


@pytest.mark.django_db
def test_an_mp4_with_a_script_past_its_first_pieces_is_refused(staff_client):
    """A real MP4 header, a megabyte of frames, then a page: checked in the whole stream, not the first 64 KB."""
    video = (struct.pack(">I", 24) + b"ftypisom" + b"\0\0\x02\0isomiso2" + b"\x00" * (1024 * 1024)
             + b"<html><body><script>fetch('/admin/')</script></body></html>" + b"\x00" * 4096)
    before = stored_files()
    response = send(staff_client, booth=staff_client.booth, kind="video", name="hai-che.mp4", data=video)
    assert response.status_code == 422, response.content
    assert response.json()["error"]["code"] == "polyglot"
    assert not MediaUpload.objects.exists() and stored_files() == before


@pytest.mark.django_db
def test_uploads_given_up_are_removed_with_their_partial_files(staff_client, settings):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from tests.booths.media.upload_helpers import patch, start

    data = media_files.jpeg()
    abandoned = start(staff_client, booth=staff_client.booth, kind="photo", name="a.jpg", size=len(data),
                      product=staff_client.product).json()["id"]
    patch(staff_client, abandoned, 0, data[:100])  # the phone gave up after the first piece
    recent = start(staff_client, booth=staff_client.booth, kind="photo", name="b.jpg", size=len(data),
                   product=staff_client.product).json()["id"]
    partial = [path for path in stored_files() if abandoned in path]
    assert partial  # its first piece is on disk
    MediaUpload.objects.filter(pk=abandoned).update(updated_at=timezone.now() - timedelta(hours=settings.UPLOAD_ABANDONED_HOURS + 1))
    # The next upload anyone starts clears it; so does the command (for cron).
    start(staff_client, booth=staff_client.booth, kind="photo", name="c.jpg", size=len(data), product=staff_client.product)
    assert not MediaUpload.objects.filter(pk=abandoned).exists()
    assert not [path for path in stored_files() if abandoned in path]
    assert MediaUpload.objects.filter(pk=recent).exists()  # one still going is kept
    MediaUpload.objects.filter(pk=recent).update(updated_at=timezone.now() - timedelta(hours=settings.UPLOAD_ABANDONED_HOURS + 1))
    call_command("uploads_expire", verbosity=0)
    assert not MediaUpload.objects.filter(pk=recent).exists()
