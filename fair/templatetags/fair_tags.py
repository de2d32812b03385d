"""Template helpers: texts in the visitor's language, prices in dong, star ratings."""

from django import template
from django.utils.translation import get_language, ngettext

from fair.text import localized

register = template.Library()


@register.filter
def tr(obj, field: str) -> str:
    """{{ product|tr:"name" }}: the field in the visitor's language, else the other one."""
    return localized(obj, field)


@register.filter
def vnd(amount) -> str:
    """185000 → "185.000 ₫" in Vietnamese, "185,000 ₫" in English: whole dong, no decimals."""
    if amount is None or amount == "":
        return ""
    grouped = f"{int(amount):,}"
    if (get_language() or "vi").startswith("vi"):
        grouped = grouped.replace(",", ".")
    return f"{grouped} ₫"


@register.inclusion_tag("fair/_stars.html")
def stars(count: int):
    """An OCOP star rating, drawn as stars with a text equivalent for screen readers."""
    count = int(count or 0)
    return {
        "filled": "★" * count,
        "empty": "☆" * (5 - count),
        "label": ngettext("%(count)d OCOP star", "%(count)d OCOP stars", count) % {"count": count},
    }
