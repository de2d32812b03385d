"""Template helpers for pictures and uploads: renditions for srcset, the file picker's accept list."""

from django import template

from booths.media.renditions import PHOTO_WIDTHS, rendition_url
from booths.media.uploads import accept

register = template.Library()


@register.filter
def srcset(image) -> str:
    """srcset of a ProductImage: its 320 px rendition and the original at its own width."""
    parts = [f"{rendition_url(image.image, width)} {width}w" for width in PHOTO_WIDTHS if width < image.width]
    parts.append(f"{image.image.url} {image.width}w")
    return ", ".join(parts)


@register.filter
def webp_srcset(image) -> str:
    """srcset of a ProductImage's WebP renditions: each narrower width, then the first at (or beyond) its own,
    which is a copy at its own width (booths.media.renditions copies pictures narrower than a rendition)."""
    narrower = [width for width in PHOTO_WIDTHS if width < image.width]
    parts = [f"{rendition_url(image.image, width, 'webp')} {width}w" for width in narrower]
    wider = next((width for width in PHOTO_WIDTHS if width >= image.width), PHOTO_WIDTHS[-1])
    if wider not in narrower:
        parts.append(f"{rendition_url(image.image, wider, 'webp')} {min(wider, image.width)}w")
    return ", ".join(parts)


@register.filter
def webp_small(image) -> str:
    """The smallest WebP rendition of a ProductImage (light mode)."""
    return rendition_url(image.image, PHOTO_WIDTHS[0], "webp")


@register.filter
def rendition(file, width) -> str:
    """URL of a file's rendition at this width (see booths.media.renditions)."""
    return rendition_url(file, int(width))


@register.filter
def upload_accept(kind: str) -> str:
    """The file picker's accept list for an upload kind (booths/media/uploads.py decides what is allowed)."""
    return accept(kind)
