"""Picture renditions: smaller copies beside the original, so pages can offer the size a device needs.

Halls (fair) and the catalogue's photos, covers and panoramas all have them, so this sits in the core,
below every area: pages, the admin, the demo and the media worker (after an upload) follow one table."""

import io
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from PIL import Image

PHOTO_WIDTHS = (320, 640, 1280)  # a phone's two-column grid, one column, a large or 2× screen
PANORAMA_WIDTHS = (1024,)  # 1024 × 512 is sharp enough on a phone; 2048 on demand
HALL_WIDTHS = (480,)  # a hall's panorama as the picture of its card
COVER_WIDTHS = (480,)  # covers are 960 px; a phone's one-column list needs half


# Which image fields get which renditions: the one table pages, the demo and the admin follow.
RENDITIONS = {
    ("booths", "productimage", "image"): PHOTO_WIDTHS,
    ("booths", "booth", "cover"): COVER_WIDTHS,
    ("booths", "tourstep", "panorama"): PANORAMA_WIDTHS,
    ("fair", "hall", "environment"): HALL_WIDTHS,
}


def rendition_widths(instance, field_name: str) -> tuple[int, ...]:
    meta = instance._meta
    return RENDITIONS.get((meta.app_label, meta.model_name, field_name), ())


def renditions_ensure(instance) -> list[str]:
    """Make the missing renditions of every image an object holds (after the admin or the demo saved it)."""
    made = []
    for field in instance._meta.fields:
        widths = rendition_widths(instance, field.name)
        file = getattr(instance, field.name) if widths else None
        if not file:
            continue
        missing = [w for w in widths if not renditions_exist(file.storage, file.name, (w,))]
        if missing and file.storage.exists(file.name):
            made += renditions_make(file=file, widths=missing)
    return made


def renditions_exist(storage, name: str, widths) -> bool:
    """Every rendition of a file at these widths is there, in JPEG and in WebP."""
    return all(storage.exists(rendition_name(name, w, fmt)) for w in widths for fmt in ("jpg", "webp"))


def rendition_name(name: str, width: int, fmt: str = "jpg") -> str:
    """products/honey.jpg → products/honey.w320.jpg (and products/honey.w320.webp)"""
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}.w{width}.{fmt}"))


def rendition_url(file, width: int, fmt: str = "jpg") -> str:
    return file.storage.url(rendition_name(file.name, width, fmt))


def renditions_make(*, file, widths) -> list[str]:
    """Write JPEG and WebP copies of an image file at each width narrower than it; return their names."""
    storage = file.storage
    with storage.open(file.name, "rb") as source:
        image = Image.open(io.BytesIO(source.read()))
        image.load()
    image = image.convert("RGB")
    made = []
    for width in widths:
        name = rendition_name(file.name, width)
        if storage.exists(name):
            storage.delete(name)
        # A picture narrower than the rendition is copied as it is: pages can always link the rendition.
        copy = image if width >= image.width else image.resize((width, round(image.height * width / image.width)), Image.LANCZOS)
        out = io.BytesIO()
        copy.save(out, "JPEG", quality=82, optimize=True, progressive=True)
        made.append(storage.save(name, ContentFile(out.getvalue())))
        webp = rendition_name(file.name, width, "webp")
        if storage.exists(webp):
            storage.delete(webp)
        out = io.BytesIO()
        copy.save(out, "WEBP", quality=78, method=4)
        made.append(storage.save(webp, ContentFile(out.getvalue())))
    return made
