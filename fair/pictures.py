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

# Each rendition is written in these formats; pages offer AVIF first, then WebP, with the JPEG for the rest.
# AVIF: quality 60 is about JPEG 82's fidelity at some 30 % below WebP on a photograph; speed 8 (of 0-10)
# encodes two to three times faster than Pillow's default 6 for files ~3 % larger (docs/media.md has the figures).
RENDITION_FORMATS = {
    "jpg": ("JPEG", {"quality": 82, "optimize": True, "progressive": True}),
    "webp": ("WEBP", {"quality": 78, "method": 4}),
    "avif": ("AVIF", {"quality": 60, "speed": 8}),
}


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
    """Make the missing renditions of every image an object holds (after the admin or the demo saved it); return their names."""
    made = []
    for field in instance._meta.fields:
        widths = rendition_widths(instance, field.name)
        file = getattr(instance, field.name) if widths else None
        if file and file.storage.exists(file.name):
            made += renditions_complete(file=file, widths=widths)
    return made


def renditions_complete(*, file, widths) -> list[str]:
    """Make only the renditions of a file that are not there (media made before AVIF get their AVIF); return their names."""
    by_formats = {}
    for width in widths:
        formats = tuple(fmt for fmt in RENDITION_FORMATS if not file.storage.exists(rendition_name(file.name, width, fmt)))
        if formats:
            by_formats.setdefault(formats, []).append(width)
    made = []
    for formats, missing in by_formats.items():
        made += renditions_make(file=file, widths=missing, formats=formats)
    return made


def renditions_exist(storage, name: str, widths) -> bool:
    """Every rendition of a file at these widths is there, in every format (JPEG, WebP and AVIF)."""
    return all(storage.exists(rendition_name(name, w, fmt)) for w in widths for fmt in RENDITION_FORMATS)


def rendition_name(name: str, width: int, fmt: str = "jpg") -> str:
    """products/honey.jpg → products/honey.w320.jpg (and products/honey.w320.webp, products/honey.w320.avif)"""
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}.w{width}.{fmt}"))


def rendition_url(file, width: int, fmt: str = "jpg") -> str:
    return file.storage.url(rendition_name(file.name, width, fmt))


def renditions_make(*, file, widths, formats=tuple(RENDITION_FORMATS)) -> list[str]:
    """Write copies of an image file at each width narrower than it, in each format; return their names.

    Slow (an AVIF of a 1280 px photo takes most of a second at Pillow's defaults): the media worker calls it after an
    upload, the demo loader and renditions_ensure for what is missing; only organizers' saves wait on it (the admin,
    and a hall's one 480 px picture in the studio)."""
    storage = file.storage
    with storage.open(file.name, "rb") as source:
        image = Image.open(io.BytesIO(source.read()))
        image.load()
    image = image.convert("RGB")
    made = []
    for width in widths:
        # A picture narrower than the rendition is copied as it is: pages can always link the rendition.
        copy = image if width >= image.width else image.resize((width, round(image.height * width / image.width)), Image.LANCZOS)
        for fmt in formats:
            name = rendition_name(file.name, width, fmt)
            if storage.exists(name):
                storage.delete(name)
            encoder, options = RENDITION_FORMATS[fmt]
            out = io.BytesIO()
            copy.save(out, encoder, **options)
            made.append(storage.save(name, ContentFile(out.getvalue())))
    return made
