"""Image renditions: smaller copies beside the original, so pages can offer the size a device needs."""

import io
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from PIL import Image

PHOTO_WIDTHS = (320,)  # product photos are 640 px; phones in a two-column grid need half
PANORAMA_WIDTHS = (1024,)  # 1024 × 512 is sharp enough on a phone; 2048 on demand
HALL_WIDTHS = (480,)  # a hall's panorama as the picture of its card
COVER_WIDTHS = (480,)  # covers are 960 px; a phone's one-column list needs half


def rendition_name(name: str, width: int) -> str:
    """products/honey.jpg → products/honey.w320.jpg"""
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}.w{width}.jpg"))


def rendition_url(file, width: int) -> str:
    return file.storage.url(rendition_name(file.name, width))


def renditions_make(*, file, widths) -> list[str]:
    """Write JPEG copies of an image file at each width narrower than it; return their names."""
    storage = file.storage
    with storage.open(file.name, "rb") as source:
        image = Image.open(io.BytesIO(source.read()))
        image.load()
    image = image.convert("RGB")
    made = []
    for width in widths:
        if width >= image.width:
            continue
        name = rendition_name(file.name, width)
        if storage.exists(name):
            storage.delete(name)
        copy = image.resize((width, round(image.height * width / image.width)), Image.LANCZOS)
        out = io.BytesIO()
        copy.save(out, "JPEG", quality=82, optimize=True, progressive=True)
        made.append(storage.save(name, ContentFile(out.getvalue())))
    return made
