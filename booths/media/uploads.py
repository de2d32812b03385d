"""Producers' media, from a phone to the booth: resumable uploads, checks, and processing in the worker.

The life of an upload (one `MediaUpload` row):

1. ``upload_start`` checks who may send what, and the declared size against the cap of its kind.
2. ``upload_append`` writes chunks at the offset the server has (a broken upload resumes from
   ``received``), refusing a byte past the declared size while the chunk streams.
3. When the last byte arrives, ``upload_finish`` inspects the file (format by its bytes, not its
   name; pixel cap; GLB layout; markup hidden in it) and either refuses it, removing the row and
   every byte at once, or keeps it as a private original and queues ``process_upload``.
4. The worker re-encodes (EXIF and GPS gone, orientation applied, GPano kept for panoramas), makes
   renditions, optimises GLB models and draws their poster, then attaches the result to the booth.
   A failure keeps the original and its reason; ``upload_retry`` queues it again.
"""

import contextlib
import io
import logging
import os
import re
import signal
import threading
import uuid
import warnings
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task
from PIL import Image, ImageOps, UnidentifiedImageError

from booths.media import gltf as glb
from booths.media.models import MediaUpload
from booths.media.render import Part, render
from booths.models import Booth, Product, ProductImage, SpinFrame, TourStep, Video
from booths.services import producer_can_edit
from fair.errors import ClientError
from fair.pictures import RENDITIONS, renditions_make

log = logging.getLogger(__name__)
MB = 1024 * 1024
Kind = MediaUpload.Kind
Status = MediaUpload.Status

# What each kind may be: its size cap, and for images the long side its web copy keeps.
MAX_BYTES = {
    Kind.PHOTO: 25 * MB, Kind.COVER: 25 * MB, Kind.CERTIFICATE: 25 * MB, Kind.SPIN: 15 * MB,
    Kind.PANORAMA: 40 * MB, Kind.MODEL: 60 * MB, Kind.VIDEO: 200 * MB,
}
LONG_SIDE = {Kind.PHOTO: 1600, Kind.COVER: 1920, Kind.CERTIFICATE: 2000, Kind.SPIN: 1000}
PANORAMA_WIDTH = 4096  # equirectangular 4096 × 2048: sharp in a headset, 1024 and 2048 copies for phones
MAX_PIXELS = 60_000_000  # our own cap, checked on the header before a pixel is decoded (a 360° camera: ~40 MP)
MAX_TRIANGLES = 300_000  # what a phone draws smoothly beside the booth (counted as drawn: once per node placing a mesh)
MAX_INSTANCED_VERTICES = 600_000  # vertices as drawn: what the poster and the optimiser read, and a phone transforms
# Mesh compression a browser needs a decoder for (and our optimiser and poster cannot read): refused at upload,
# with how to export without it.
COMPRESSED_MESHES = {"KHR_draco_mesh_compression": "Draco", "EXT_meshopt_compression": "meshopt"}
# Extensions a model may require that our checks, optimiser, poster and three.js all handle.
SUPPORTED_REQUIRED = {"KHR_materials_unlit", "KHR_texture_transform", "KHR_materials_emissive_strength"}
MAX_TEXTURE_SIDE = 4096  # an embedded texture may be at most this wide or high
WEB_TEXTURE_SIDE = 1024  # textures in the optimised copy
CHUNK_MAX = 4 * MB  # one request's chunk; the client sends 512 KB
IMAGE_KINDS = {Kind.PHOTO, Kind.COVER, Kind.CERTIFICATE, Kind.SPIN, Kind.PANORAMA}
IMAGE_EXTENSIONS = {"JPEG": {".jpg", ".jpeg", ".jfif"}, "PNG": {".png"}, "WEBP": {".webp"}}
VIDEO_EXTENSIONS = {"video/mp4": {".mp4", ".m4v"}, "video/quicktime": {".mov"}, "video/webm": {".webm"}}


def accept(kind: str) -> str:
    """What the editor's file picker offers for a kind: the same allowlist the checks below apply."""
    if kind == Kind.MODEL:
        return ".glb,model/gltf-binary"
    if kind == Kind.VIDEO:
        return ",".join(VIDEO_EXTENSIONS)
    return ",".join(f"image/{name.lower()}" for name in IMAGE_EXTENSIONS)


MARKUP = re.compile(rb"<(?:script|html|body|iframe|object|embed|svg|!doctype|\?php)\b|javascript:", re.IGNORECASE)


class UploadRefused(ClientError):
    """A file we will not take; ``status`` is the HTTP status the upload views answer with."""

    def __init__(self, code: str, message, status: int = 422):
        super().__init__(code, message)
        self.status = status


def private_storage() -> FileSystemStorage:
    """Where originals are kept: outside the media folder, never served."""
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT)


def _partial_path(upload: MediaUpload) -> Path:
    return Path(settings.UPLOAD_PARTIAL_ROOT) / f"{upload.pk}.part"


def _new_name(folder: str, extension: str) -> str:
    """A random stored name: nothing of the phone's file name reaches a path or a URL."""
    return f"{folder}/{uuid.uuid4().hex}{extension}"


# Starting, receiving, finishing ---------------------------------------------------------------

def upload_start(*, user, booth: Booth, kind: str, filename: str, size, product: Product | None = None,
                 step: TourStep | None = None, spin_index=None) -> MediaUpload:
    """Open an upload for this booth (and product or tour step), after checking who sends what."""
    if not producer_can_edit(user=user, producer=booth.producer):
        raise PermissionDenied("You may only add media to your own producer's booth.")
    if kind not in Kind.values:
        raise UploadRefused("unknown_kind", _("This kind of media is not known."), 400)
    if product is not None and product.booth_id != booth.pk or step is not None and step.tour.booth_id != booth.pk:
        raise PermissionDenied("The product or tour step belongs to another booth.")
    if kind in {Kind.PHOTO, Kind.CERTIFICATE, Kind.MODEL, Kind.SPIN} and product is None:
        raise UploadRefused("product_needed", _("Choose the product this file is for."), 400)
    if kind == Kind.PANORAMA and step is None:
        raise UploadRefused("step_needed", _("Choose the tour step this panorama is for."), 400)
    if kind == Kind.SPIN:
        try:
            spin_index = int(spin_index)
        except (TypeError, ValueError):
            raise UploadRefused("spin_index_needed", _("A spin photo needs its place in the turn."), 400) from None
        if not 0 <= spin_index < 72:
            raise UploadRefused("spin_index_needed", _("A spin has at most 72 photos."), 400)
    else:
        spin_index = None
    try:
        size = int(size)
    except (TypeError, ValueError):
        raise UploadRefused("size_needed", _("The file's size is missing."), 400) from None
    if size <= 0:
        raise UploadRefused("empty_file", _("This file is empty."), 400)
    limit = MAX_BYTES[kind]
    if size > limit:
        raise UploadRefused("too_large", _("This file is %(size)s MB; at most %(limit)s MB is accepted here.")
                            % {"size": round(size / MB, 1), "limit": limit // MB}, 413)
    uploads_abandoned_remove()  # whoever starts an upload clears those given up long ago (one cheap query)
    upload = MediaUpload.objects.create(
        id=uuid.uuid4(), producer=booth.producer, booth=booth, product=product, step=step, spin_index=spin_index,
        kind=kind, uploaded_by=user, filename=os.path.basename(filename or "")[-120:] or "upload", size=size,
    )
    path = _partial_path(upload)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()
    return upload


def upload_append(*, upload: MediaUpload, offset: int, stream, length: int | None = None,
                  piece_limit: int | None = CHUNK_MAX) -> MediaUpload:
    """Write a chunk that starts at ``offset``; refuses bytes beyond the declared size as they stream.

    ``piece_limit`` caps one request's piece (the editor's script); a whole file posted by a form
    without JavaScript passes None and is capped by its declared size (itself capped per kind).

    A chunk for the wrong offset is refused with the offset the server has, so the client resumes
    from there; a file that grows past its declared size is removed with its row.
    """
    if upload.status != Status.RECEIVING:
        raise UploadRefused("not_receiving", _("This upload is already complete."), 409)
    if offset != upload.received:
        raise UploadRefused("wrong_offset", _("The upload continues from byte %(offset)s.") % {"offset": upload.received}, 409)
    if piece_limit is not None and length is not None and length > piece_limit:
        raise UploadRefused("chunk_too_large", _("Send the file in pieces of at most %(limit)s MB.")
                            % {"limit": CHUNK_MAX // MB}, 413)
    path = _partial_path(upload)
    written = 0
    with open(path, "r+b") as partial:
        partial.seek(offset)
        partial.truncate()
        while True:
            piece = stream.read(64 * 1024)
            if not piece:
                break
            written += len(piece)
            if offset + written > upload.size or (piece_limit is not None and written > piece_limit):
                partial.close()
                upload_discard(upload)
                raise UploadRefused("too_large", _("The file is longer than it said it would be; it was not kept."), 413)
            partial.write(piece)
    MediaUpload.objects.filter(pk=upload.pk).update(received=offset + written)
    upload.received = offset + written
    if upload.received == upload.size:
        return upload_finish(upload=upload)
    return upload


def uploads_abandoned_remove(*, older_than_hours: float | None = None, limit: int = 200) -> int:
    """Remove uploads started and never finished (the phone gave up) with their partial files; how many went.

    Run on every new upload (bounded by `limit`), and by `manage.py uploads_expire` from cron."""
    hours = settings.UPLOAD_ABANDONED_HOURS if older_than_hours is None else older_than_hours
    cutoff = timezone.now() - timedelta(hours=hours)
    stale = list(MediaUpload.objects.filter(status=Status.RECEIVING, updated_at__lt=cutoff)[:limit])
    for upload in stale:
        upload_discard(upload)
    return len(stale)


def upload_discard(upload: MediaUpload) -> None:
    """Remove an upload and every byte it left (partial file, private original)."""
    _partial_path(upload).unlink(missing_ok=True)
    if upload.original:
        private_storage().delete(upload.original)
    MediaUpload.objects.filter(pk=upload.pk).delete()


def upload_finish(*, upload: MediaUpload) -> MediaUpload:
    """Inspect a complete file: refuse it (nothing kept) or keep the original and queue its processing."""
    path = _partial_path(upload)
    try:
        details = inspect_file(path, kind=upload.kind, filename=upload.filename)
    except UploadRefused:
        upload_discard(upload)
        raise
    except Exception:
        upload_discard(upload)
        log.exception("Inspecting upload %s failed", upload.pk)
        raise UploadRefused("unreadable", _("This file could not be read."))
    with open(path, "rb") as received:
        name = private_storage().save(_new_name(upload.kind, details["extension"]), received)
    path.unlink(missing_ok=True)
    upload.original = name
    upload.status = Status.QUEUED
    upload.result = {"inspected": details}
    upload.save(update_fields=["original", "status", "result", "updated_at"])
    _enqueue(upload)
    return upload


def upload_retry(*, upload: MediaUpload, user) -> MediaUpload:
    """Queue a failed upload again (its original was kept)."""
    if not producer_can_edit(user=user, producer=upload.producer):
        raise PermissionDenied("Not your upload.")
    if upload.status != Status.FAILED:
        raise UploadRefused("not_failed", _("Only a failed upload can be tried again."), 409)
    upload.status, upload.error_code, upload.error_message = Status.QUEUED, "", ""
    upload.save(update_fields=["status", "error_code", "error_message", "updated_at"])
    _enqueue(upload)
    return upload


def _enqueue(upload: MediaUpload) -> None:
    upload_id = str(upload.pk)
    transaction.on_commit(lambda: process_upload.enqueue(upload_id))


def upload_payload(upload: MediaUpload) -> dict:
    """An upload as the editor sees it: progress, status, the reason of a failure, what visitors will see."""
    return {
        "id": str(upload.pk), "kind": upload.kind, "filename": upload.filename, "size": upload.size,
        "offset": upload.received, "status": upload.status, "status_label": str(upload.get_status_display()),
        "error": {"code": upload.error_code, "message": upload.error_message} if upload.error_code else None,
        "preview": upload.result.get("preview", ""), "result": {k: v for k, v in upload.result.items() if k != "inspected"},
    }


# Inspection: cheap checks on the whole file, before anything is kept ---------------------------------

def _extension(filename: str) -> str:
    return os.path.splitext(filename.lower())[1]


def inspect_file(path: Path, *, kind: str, filename: str) -> dict:
    """What the file really is, or the named reason it is refused."""
    size = path.stat().st_size
    if size > MAX_BYTES[kind]:
        raise UploadRefused("too_large", _("This file is larger than %(limit)s MB.") % {"limit": MAX_BYTES[kind] // MB}, 413)
    with open(path, "rb") as file:
        head = file.read(4096)
    if kind in IMAGE_KINDS:
        return _inspect_image(path, head, kind=kind, filename=filename)
    if kind == Kind.MODEL:
        return _inspect_model(path, filename=filename)
    return _inspect_video(path, head, filename=filename)


def _refuse_markup(path: Path, head: bytes) -> None:
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:5].lower() == b"<?xml" or stripped[:4].lower() == b"<svg" or b"<svg" in head.lower():
        raise UploadRefused("svg_not_allowed", _("SVG drawings are not accepted: please send a photo (JPEG, PNG or WebP)."))
    _refuse_hidden_markup(path)


def _refuse_hidden_markup(path: Path) -> None:
    """Read the whole file (a piece at a time, with an overlap) for web page code a browser could run."""
    with open(path, "rb") as file:
        tail = b""
        while piece := file.read(1024 * 1024):
            if MARKUP.search(tail + piece):
                raise UploadRefused("polyglot", _("This file hides web page code inside it and was refused."))
            tail = piece[-16:]


def _inspect_image(path: Path, head: bytes, *, kind: str, filename: str) -> dict:
    _refuse_markup(path, head)
    if head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftyphevc"):
        raise UploadRefused("unsupported_format", _("HEIC photos are not accepted yet: set the camera to "
                                                    "'Most compatible' (JPEG) or send a screenshot."))
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(path) as image:
                fmt, (width, height) = image.format, image.size
                xmp = image.info.get("xmp", b"") if fmt == "JPEG" else b""
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise UploadRefused("too_many_pixels", _("This picture is too large in pixels (at most %(limit)s million).")
                                % {"limit": MAX_PIXELS // 1_000_000}) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise UploadRefused("unsupported_format", _("This file is not a photo we can read: please send JPEG, PNG or WebP.")) from None
    if fmt not in IMAGE_EXTENSIONS:
        raise UploadRefused("unsupported_format", _("%(format)s pictures are not accepted: please send JPEG, PNG or WebP.")
                            % {"format": fmt})
    extension = _extension(filename)
    if extension and extension not in IMAGE_EXTENSIONS[fmt]:
        raise UploadRefused("extension_mismatch", _("The file is named “%(extension)s” but is really a %(format)s picture.")
                            % {"extension": extension, "format": fmt})
    if width * height > MAX_PIXELS or max(width, height) > 20000:
        raise UploadRefused("too_many_pixels", _("This picture is too large in pixels (at most %(limit)s million).")
                            % {"limit": MAX_PIXELS // 1_000_000})
    if min(width, height) < 64:
        raise UploadRefused("too_small", _("This picture is too small (at least 64 pixels each way)."))
    details = {"format": fmt, "width": width, "height": height, "extension": sorted(IMAGE_EXTENSIONS[fmt])[0]}
    if kind == Kind.PANORAMA:
        gpano = gpano_read(xmp)
        if not gpano and abs(width - 2 * height) > max(2, width // 100):
            raise UploadRefused("not_a_panorama", _("A 360° panorama is twice as wide as it is high (or carries "
                                                    "photo-sphere data); this picture is %(width)s × %(height)s.")
                                % {"width": width, "height": height})
        details["gpano"] = gpano
    return details


def _inspect_model(path: Path, *, filename: str) -> dict:
    extension = _extension(filename)
    if extension and extension != ".glb":
        raise UploadRefused("extension_mismatch", _("3D models must be GLB files (.glb); this one is named “%(extension)s”.")
                            % {"extension": extension})
    try:
        summary = glb.glb_read(path.read_bytes())
    except glb.GlbError as error:
        raise UploadRefused(error.code, _("This 3D model cannot be used: %(reason)s") % {"reason": str(error)}) from None
    if summary.external_uris:
        raise UploadRefused("glb_external_uri", _("This model loads files from elsewhere (%(uri)s); export it as one "
                                                  "self-contained GLB.") % {"uri": summary.external_uris[0][:60]})
    compressed = [COMPRESSED_MESHES[name] for name in summary.extensions_required if name in COMPRESSED_MESHES]
    if compressed:
        raise UploadRefused("glb_compressed", _(
            "This model's meshes are %(kind)s-compressed, which the fair cannot check or show on every phone. Export it "
            "again without mesh compression (in Blender: File → Export → glTF 2.0 (.glb), under Data turn Compression "
            "off) and send that file.") % {"kind": compressed[0]})
    unsupported = [name for name in summary.extensions_required if name not in SUPPORTED_REQUIRED]
    if unsupported:
        raise UploadRefused("glb_extension_unsupported", _(
            "This model needs the glTF extension %(name)s, which the fair does not support. Export it without that "
            "option.") % {"name": unsupported[0][:60]})
    drawn = max(summary.triangles, summary.instanced_triangles)
    if drawn > MAX_TRIANGLES:
        raise UploadRefused("glb_too_many_triangles", _("This model has %(count)s triangles; at most %(limit)s. Export a "
                                                        "simplified version.") % {"count": drawn, "limit": MAX_TRIANGLES})
    if summary.instanced_vertices > MAX_INSTANCED_VERTICES:
        raise UploadRefused("glb_too_complex", _(
            "This model places %(count)s vertices (its meshes counted once for every node that uses them); at most "
            "%(limit)s. Export a simplified version, or join repeated copies into one mesh.")
            % {"count": summary.instanced_vertices, "limit": MAX_INSTANCED_VERTICES})
    if not summary.triangles:
        raise UploadRefused("glb_empty", _("This model has no triangles to show."))
    textures = []
    for index, data, mime in glb.glb_images(summary):
        try:
            with Image.open(io.BytesIO(data)) as texture:
                fmt, size = texture.format, texture.size
        except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
            raise UploadRefused("glb_texture_unreadable", _("A texture inside the model cannot be read.")) from None
        if fmt not in ("JPEG", "PNG", "WEBP"):
            raise UploadRefused("glb_texture_unreadable", _("A texture inside the model is %(format)s; only JPEG, PNG "
                                                            "and WebP are allowed.") % {"format": fmt})
        if max(size) > MAX_TEXTURE_SIDE:
            raise UploadRefused("glb_texture_too_large", _("A texture is %(width)s × %(height)s pixels; at most "
                                                           "%(limit)s each way.")
                                 % {"width": size[0], "height": size[1], "limit": MAX_TEXTURE_SIDE})
        textures.append({"index": index, "format": fmt, "width": size[0], "height": size[1]})
    return {"extension": ".glb", "triangles": summary.triangles, "textures": textures, "bytes": path.stat().st_size}


def _inspect_video(path: Path, head: bytes, *, filename: str) -> dict:
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        content_type = "video/quicktime" if brand == b"qt  " else "video/mp4"
        if brand in (b"heic", b"heix", b"mif1", b"avif", b"M4A "):
            raise UploadRefused("unsupported_format", _("This file is not a video: please send MP4, MOV or WebM."))
    elif head[:4] == b"\x1a\x45\xdf\xa3" and b"webm" in head[:64]:
        content_type = "video/webm"
    else:
        raise UploadRefused("unsupported_format", _("This file is not a video we can show: please send MP4, MOV or WebM."))
    extension = _extension(filename)
    if extension and extension not in VIDEO_EXTENSIONS[content_type]:
        raise UploadRefused("extension_mismatch", _("The file is named “%(extension)s” but is really a %(format)s video.")
                            % {"extension": extension, "format": content_type.split("/")[1].upper()})
    _refuse_hidden_markup(path)  # the whole stream: markup after the first pieces is as dangerous
    return {"extension": sorted(VIDEO_EXTENSIONS[content_type])[0], "content_type": content_type}


# GPano (photo-sphere) metadata -------------------------------------------------------------------

GPANO_KEYS = (
    "ProjectionType", "UsePanoramaViewer", "PoseHeadingDegrees", "FullPanoWidthPixels", "FullPanoHeightPixels",
    "CroppedAreaImageWidthPixels", "CroppedAreaImageHeightPixels", "CroppedAreaLeftPixels", "CroppedAreaTopPixels",
)


def gpano_read(xmp) -> dict:
    """GPano fields from an XMP packet (attribute or element form); nothing else of it is kept."""
    if isinstance(xmp, str):
        xmp = xmp.encode()
    found = {}
    for key in GPANO_KEYS:
        match = re.search(rb"GPano:" + key.encode() + rb"\s*=\s*[\"']([^\"']{1,40})[\"']", xmp or b"") or re.search(
            rb"<GPano:" + key.encode() + rb">([^<]{1,40})</GPano:" + key.encode() + rb">", xmp or b"")
        if match:
            value = match.group(1).decode("ascii", "replace").strip()
            found[key] = value if key in ("ProjectionType", "UsePanoramaViewer") else float(value) if "." in value else int(value)
    return found


def gpano_xmp(fields: dict) -> bytes:
    """An XMP packet with only GPano fields (no GPS, no camera, no editing history)."""
    attributes = "".join(f' GPano:{key}="{fields[key]}"' for key in GPANO_KEYS if key in fields)
    return ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
            '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            f'<rdf:Description rdf:about="" xmlns:GPano="http://ns.google.com/photos/1.0/panorama/"{attributes}/>'
            '</rdf:RDF></x:xmpmeta><?xpacket end="w"?>').encode()


def panorama_place(image: Image.Image, gpano: dict) -> tuple[Image.Image, dict]:
    """A (possibly partial) photo sphere placed on a full equirectangular canvas by its GPano crop.

    Returns the canvas, PANORAMA_WIDTH × half, and the GPano fields that describe it.
    """
    full_w = int(gpano.get("FullPanoWidthPixels") or image.width)
    full_h = int(gpano.get("FullPanoHeightPixels") or full_w // 2)
    crop_w = int(gpano.get("CroppedAreaImageWidthPixels") or image.width)
    crop_h = int(gpano.get("CroppedAreaImageHeightPixels") or image.height)
    left = int(gpano.get("CroppedAreaLeftPixels") or 0)
    top = int(gpano.get("CroppedAreaTopPixels") or 0)
    width = min(PANORAMA_WIDTH, max(full_w, 1024))
    canvas_h = width // 2
    scale_x, scale_y = width / full_w, canvas_h / full_h
    partial = (crop_w, crop_h, left, top) != (full_w, full_h, 0, 0)
    if partial:
        # The sky and ground a phone did not capture: the average colour of the picture's top and bottom halves.
        small = image.convert("RGB").resize((1, 2), Image.BILINEAR)
        canvas = Image.new("RGB", (width, canvas_h), small.getpixel((0, 0)))
        canvas.paste(Image.new("RGB", (width, canvas_h - canvas_h // 2), small.getpixel((0, 1))), (0, canvas_h // 2))
    else:
        canvas = Image.new("RGB", (width, canvas_h))
    piece = image.convert("RGB").resize((max(1, round(crop_w * scale_x)), max(1, round(crop_h * scale_y))), Image.LANCZOS)
    x, y = round(left * scale_x), round(top * scale_y)
    canvas.paste(piece, (x, y))
    if x + piece.width > width:  # a crop that wraps around the seam continues at the left edge
        canvas.paste(piece, (x - width, y))
    fields = {"ProjectionType": "equirectangular", "UsePanoramaViewer": "True",
              "FullPanoWidthPixels": width, "FullPanoHeightPixels": canvas_h,
              "CroppedAreaImageWidthPixels": width, "CroppedAreaImageHeightPixels": canvas_h,
              "CroppedAreaLeftPixels": 0, "CroppedAreaTopPixels": 0}
    if "PoseHeadingDegrees" in gpano:
        fields["PoseHeadingDegrees"] = gpano["PoseHeadingDegrees"]
    return canvas, {"placed": partial, "source": gpano, **fields}


# Processing, in the worker --------------------------------------------------------------------------

class ProcessingTimeout(Exception):
    """A job ran past MEDIA_JOB_SECONDS."""


@contextlib.contextmanager
def time_limit(seconds: float):
    """Raise ProcessingTimeout in this thread after `seconds` (a worker runs jobs in its main thread; elsewhere,
    as in a web request that processes inline, the cost checks at upload are the bound)."""
    if threading.current_thread() is not threading.main_thread() or not seconds:
        yield
        return

    def expired(signum, frame):
        raise ProcessingTimeout

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@task()
def process_upload(upload_id: str) -> str:
    """The worker's step: process one queued upload; a failure is stored with its reason, never raised.

    The slow work (decoding, re-encoding, renditions, optimising a model, drawing its poster) runs outside any
    database transaction, under a time limit; only the short writes that attach the result run in one. On
    SQLite, whose transactions hold the one write lock, a transaction around the slow work would stop every
    checkout and chat message of the fair until the job ended."""
    claimed = MediaUpload.objects.filter(pk=upload_id, status=Status.QUEUED).update(status=Status.PROCESSING)
    if not claimed:
        return "skipped"
    upload = MediaUpload.objects.select_related("booth", "product", "step").get(pk=upload_id)
    upload.attempts += 1
    try:
        with private_storage().open(upload.original, "rb") as original:
            data = original.read()
        with time_limit(settings.MEDIA_JOB_SECONDS):
            result, attach = PROCESSORS[upload.kind](upload, data)
        with transaction.atomic():
            result = {**result, **(attach() or {})}
            upload.status, upload.error_code, upload.error_message = Status.READY, "", ""
            upload.result = {**upload.result, **result}
            upload.save(update_fields=["status", "error_code", "error_message", "result", "attempts", "updated_at"])
        return upload.status
    except UploadRefused as problem:
        code, message = problem.code, problem.message
    except ProcessingTimeout:
        log.warning("Processing upload %s took longer than %s s", upload_id, settings.MEDIA_JOB_SECONDS)
        code, message = "processing_timeout", _(
            "Processing took longer than %(seconds)s seconds and was stopped, so other uploads can go on. Send a "
            "smaller or simpler file.") % {"seconds": settings.MEDIA_JOB_SECONDS}
    except Exception as error:  # noqa: BLE001 - any failure is shown to the producer, the original is kept
        log.exception("Processing upload %s failed", upload_id)
        code, message = "processing_failed", _("Processing failed (%(error)s). You can try again.") % {"error": type(error).__name__}
    MediaUpload.objects.filter(pk=upload_id).update(
        status=Status.FAILED, error_code=code, error_message=str(message)[:300], attempts=upload.attempts)
    return Status.FAILED


def _web_image(data: bytes, *, long_side: int) -> Image.Image:
    """Decode fully (a bomb or a truncated file fails here), apply the camera's rotation, drop alpha."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        image = Image.open(io.BytesIO(data))
        image.load()
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        flat = Image.new("RGB", image.size, (255, 255, 255))
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    image = image.convert("RGB")
    if max(image.size) > long_side:
        image.thumbnail((long_side, long_side), Image.LANCZOS)
    return image


def _save_jpeg(image: Image.Image, folder: str, *, xmp: bytes | None = None) -> str:
    """Re-encoded as a fresh JPEG (no EXIF, no GPS, no comments: only what we write) under a random name."""
    out = io.BytesIO()
    options = {"quality": 85, "optimize": True, "progressive": True}
    if xmp:
        options["xmp"] = xmp
    image.save(out, "JPEG", **options)
    return default_storage.save(_new_name(folder, ".jpg"), ContentFile(out.getvalue()))


def _image_result(name: str, image: Image.Image) -> dict:
    return {"url": default_storage.url(name), "preview": default_storage.url(name), "width": image.width, "height": image.height}


class _Saved:
    """A file just written to the media storage, as renditions_make takes it."""

    def __init__(self, name: str):
        self.name, self.storage = name, default_storage


def _renditions(model, field: str, name: str) -> None:
    """The smaller copies pages link, made before the row that shows the picture is written."""
    widths = RENDITIONS.get((model._meta.app_label, model._meta.model_name, field), ())
    if widths:
        renditions_make(file=_Saved(name), widths=widths)


def _replace_file(instance, field: str, name: str) -> None:
    """Point a row's file field at a new file (and its picture's size fields); the old file goes once the
    transaction commits. Saved, not updated, so pages cached with the old picture are dropped (fair.cache)."""
    old = getattr(instance, field)
    old_name = old.name if old else ""
    setattr(instance, field, name)
    model_field = instance._meta.get_field(field)
    sizes = [getattr(model_field, attribute, None) for attribute in ("width_field", "height_field")]
    instance.save(update_fields=[field, *(size for size in sizes if size)])
    if old_name and old_name != name:
        transaction.on_commit(lambda: default_storage.delete(old_name))


# Each processor does its slow work and returns (result, attach): `attach` makes the short writes that put the
# result in the booth, run in one transaction by process_upload.

def _process_photo(upload, data):
    image = _web_image(data, long_side=LONG_SIDE[Kind.PHOTO])
    name = _save_jpeg(image, "products")
    _renditions(ProductImage, "image", name)

    def attach():
        product = upload.product
        order = (product.images.aggregate(top=Max("order"))["top"] or 0) + 1
        photo = ProductImage.objects.create(product=product, image=name, alt_vi=product.name_vi, alt_en=product.name_en,
                                            order=order)
        return {"image_id": photo.pk}

    return _image_result(name, image), attach


def _process_cover(upload, data):
    image = _web_image(data, long_side=LONG_SIDE[Kind.COVER])
    name = _save_jpeg(image, "booths")
    _renditions(Booth, "cover", name)
    return _image_result(name, image), lambda: _replace_file(upload.booth, "cover", name)


def _process_certificate(upload, data):
    image = _web_image(data, long_side=LONG_SIDE[Kind.CERTIFICATE])
    name = _save_jpeg(image, "certificates")
    return _image_result(name, image), lambda: _replace_file(upload.product, "certificate_scan", name)


def _process_spin(upload, data):
    image = _web_image(data, long_side=LONG_SIDE[Kind.SPIN])
    name = _save_jpeg(image, "spins")

    def attach():
        frame = SpinFrame.objects.filter(product=upload.product, order=upload.spin_index).first()
        if frame:
            _replace_file(frame, "image", name)
        else:
            SpinFrame.objects.create(product=upload.product, order=upload.spin_index, image=name)

    return {**_image_result(name, image), "index": upload.spin_index}, attach


def _process_panorama(upload, data):
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        source = Image.open(io.BytesIO(data))
        xmp = source.info.get("xmp", b"") if source.format == "JPEG" else b""
        source.load()
    source = ImageOps.exif_transpose(source)
    placed, fields = panorama_place(source, gpano_read(xmp))
    name = _save_jpeg(placed, "panoramas", xmp=gpano_xmp(fields))
    _renditions(TourStep, "panorama", name)

    return {**_image_result(name, placed), "gpano": {k: v for k, v in fields.items() if k != "source"},
            "placed": fields["placed"]}, lambda: _replace_file(upload.step, "panorama", name)


def hall_environment_set(*, hall, file) -> dict:
    """An organizer's environment panorama for a hall (the studio), through the same checks and the same
    processing as producers' tour panoramas: the file is streamed to a private partial file (capped at the
    panorama's size as it arrives), inspected (``inspect_file``: format by its bytes, pixel cap, hidden markup,
    2:1 or GPano), then placed on a full equirectangular canvas, re-encoded without EXIF/GPS, given its
    renditions and attached. A refused file leaves nothing behind and raises ``UploadRefused``.

    It runs in the organizer's request, not the worker: a studio form waits for its one picture (within
    ``MEDIA_JOB_SECONDS`` when the request runs in the main thread, as the worker's jobs do)."""
    limit = MAX_BYTES[Kind.PANORAMA]
    if not file.size:
        raise UploadRefused("empty_file", _("This file is empty."), 400)
    if file.size > limit:
        raise UploadRefused("too_large", _("This file is %(size)s MB; at most %(limit)s MB is accepted here.")
                            % {"size": round(file.size / MB, 1), "limit": limit // MB}, 413)
    path = Path(settings.UPLOAD_PARTIAL_ROOT) / f"hall-{uuid.uuid4().hex}.part"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        written = 0
        with path.open("wb") as out:
            for chunk in file.chunks():
                written += len(chunk)
                if written > limit:
                    raise UploadRefused("too_large", _("This file is larger than %(limit)s MB.") % {"limit": limit // MB}, 413)
                out.write(chunk)
        details = inspect_file(path, kind=Kind.PANORAMA, filename=os.path.basename(file.name or ""))
        data = path.read_bytes()
    finally:
        path.unlink(missing_ok=True)
    with time_limit(settings.MEDIA_JOB_SECONDS):
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            source = Image.open(io.BytesIO(data))
            xmp = source.info.get("xmp", b"") if source.format == "JPEG" else b""
            source.load()
        source = ImageOps.exif_transpose(source)
        placed, fields = panorama_place(source, gpano_read(xmp) or details.get("gpano") or {})
        name = _save_jpeg(placed, "halls", xmp=gpano_xmp(fields))
        _renditions(type(hall), "environment", name)
    with transaction.atomic():
        _replace_file(hall, "environment", name)
    return _image_result(name, placed)


def _process_model(upload, data):
    summary = glb.glb_read(data)
    replaced = {}
    for index, texture_bytes, _mime in glb.glb_images(summary):
        texture = Image.open(io.BytesIO(texture_bytes))
        texture.load()
        has_alpha = texture.mode in ("RGBA", "LA") or (texture.mode == "P" and "transparency" in texture.info)
        if max(texture.size) > WEB_TEXTURE_SIDE:
            texture.thumbnail((WEB_TEXTURE_SIDE, WEB_TEXTURE_SIDE), Image.LANCZOS)
        out = io.BytesIO()
        if has_alpha:
            texture.convert("RGBA").save(out, "PNG", optimize=True)
            mime = "image/png"
        else:
            texture.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
            mime = "image/jpeg"
        if len(out.getvalue()) < len(texture_bytes) or max(texture.size) == WEB_TEXTURE_SIDE:
            replaced[index] = (out.getvalue(), mime)
    optimised = glb.glb_repack(summary, replace_images=replaced)
    if len(optimised) >= len(data):
        optimised = data  # nothing to gain: the checked original is the web copy
    glb.glb_read(optimised)  # what visitors download must parse as well as what was sent
    name = default_storage.save(_new_name("models", ".glb"), ContentFile(optimised))
    poster = _save_jpeg(model_poster(summary), "models")

    def attach():
        _replace_file(upload.product, "model_glb", name)
        _replace_file(upload.product, "model_poster", poster)

    return {"url": default_storage.url(name), "preview": default_storage.url(poster), "poster": default_storage.url(poster),
            "triangles": summary.triangles, "original_bytes": len(data), "optimised_bytes": len(optimised)}, attach


def model_poster(summary, size: int = 640) -> Image.Image:
    """A studio picture of the model, drawn from its own triangles (shown before the 3D view loads)."""
    parts = [Part(name=f"part{i}", colour=colour, positions=positions, indices=list(indices))
             for i, (positions, indices, colour) in enumerate(glb.glb_geometry(summary))]
    return render([part for part in parts if part.positions and part.indices], size=size)


def _process_video(upload, data):
    details = upload.result["inspected"]
    name = default_storage.save(_new_name("videos", details["extension"]), ContentFile(data))

    def attach():
        order = (upload.booth.videos.aggregate(top=Max("order"))["top"] or 0) + 1
        title = os.path.splitext(upload.filename)[0][:160]
        video = Video.objects.create(booth=upload.booth, product=upload.product, file=name, order=order,
                                     content_type=details["content_type"], title_vi=title, title_en=title)
        return {"video_id": video.pk}

    return {"url": default_storage.url(name)}, attach


PROCESSORS = {
    Kind.PHOTO: _process_photo, Kind.COVER: _process_cover, Kind.CERTIFICATE: _process_certificate,
    Kind.SPIN: _process_spin, Kind.PANORAMA: _process_panorama, Kind.MODEL: _process_model, Kind.VIDEO: _process_video,
}
