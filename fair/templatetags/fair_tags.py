"""Template helpers: texts in the visitor's language, prices in dong, star ratings."""

from django import template
from django.utils.translation import get_language, ngettext

from fair.pictures import PHOTO_WIDTHS, rendition_url
from fair.text import localized

register = template.Library()


@register.filter
def tr(obj, field: str) -> str:
    """{{ product|tr:"name" }}: the field in the visitor's language, else the other one."""
    return localized(obj, field)


@register.filter
def vnd(amount) -> str:
    """185000 → "185.000 ₫" in Vietnamese, "185,000 ₫" in English (non-breaking space): whole dong, no decimals."""
    if amount is None or amount == "":
        return ""
    grouped = f"{int(amount):,}"
    if (get_language() or "vi").startswith("vi"):
        grouped = grouped.replace(",", ".")
    return f"{grouped}\u00a0₫"  # a non-breaking space: "₫" never wraps alone onto the next line


@register.filter
def at_most(value, limit) -> int:
    """{{ product.stock|at_most:99 }}: the smaller of the two whole numbers (a quantity field's max)."""
    return min(int(value or 0), int(limit))


@register.filter
def at_least(value, floor) -> int:
    """The larger of the two whole numbers."""
    return max(int(value or 0), int(floor))


@register.filter
def minutes(duration) -> int:
    """A timedelta in whole minutes, rounded up (a lock-out of 14 min 30 s says 15)."""
    return max(1, -(-int(duration.total_seconds()) // 60))


@register.inclusion_tag("fair/_stars.html")
def stars(count: int):
    """An OCOP star rating, drawn as stars with a text equivalent for screen readers."""
    count = int(count or 0)
    return {
        "filled": "★" * count,
        "empty": "☆" * (5 - count),
        "label": ngettext("%(count)d OCOP star", "%(count)d OCOP stars", count) % {"count": count},
    }


@register.filter
def srcset(image) -> str:
    """srcset of a ProductImage: its 320 px rendition and the original at its own width."""
    parts = [f"{rendition_url(image.image, width)} {width}w" for width in PHOTO_WIDTHS if width < image.width]
    parts.append(f"{image.image.url} {image.width}w")
    return ", ".join(parts)


@register.filter
def srcset_as(image, fmt) -> str:
    """{{ image|srcset_as:"avif" }}: srcset of a ProductImage's renditions in this format ("avif" or "webp"), for a
    <source>: each narrower width, then the first at (or beyond) its own, which is a copy at its own width
    (fair.pictures copies pictures narrower than a rendition)."""
    narrower = [width for width in PHOTO_WIDTHS if width < image.width]
    parts = [f"{rendition_url(image.image, width, fmt)} {width}w" for width in narrower]
    wider = next((width for width in PHOTO_WIDTHS if width >= image.width), PHOTO_WIDTHS[-1])
    if wider not in narrower:
        parts.append(f"{rendition_url(image.image, wider, fmt)} {min(wider, image.width)}w")
    return ", ".join(parts)


@register.filter
def small_as(image, fmt) -> str:
    """{{ image|small_as:"avif" }}: the smallest rendition of a ProductImage in this format (light mode)."""
    return rendition_url(image.image, PHOTO_WIDTHS[0], fmt)


@register.filter
def rendition(file, width) -> str:
    """URL of a file's rendition at this width (see fair.pictures)."""
    return rendition_url(file, int(width))


@register.filter
def rendition_webp(file, width) -> str:
    """URL of a file's WebP rendition at this width: about a third lighter than the JPEG, for <source>."""
    return rendition_url(file, int(width), "webp")


@register.filter
def rendition_avif(file, width) -> str:
    """URL of a file's AVIF rendition at this width: lighter again on photographs, for the first <source>."""
    return rendition_url(file, int(width), "avif")


@register.filter
def first_cover(booths):
    """The cover picture of the first of these booths that has one (a hall card's picture), or None."""
    return next((booth.cover for booth in booths if booth.cover), None)
