"""Writes of producers, booths and products; who may act for a producer is decided here."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from booths.models import Booth, Producer, Product
from fair.selectors import user_is_organizer

BOOTH_EDITABLE_FIELDS = {
    "title_vi", "title_en", "tagline_vi", "tagline_en", "opening_hours",
}
PRODUCT_EDITABLE_FIELDS = {
    "name_vi", "name_en", "story_vi", "story_en", "category", "price_vnd", "unit_vi", "unit_en",
    "stock", "stars", "certificate_level", "certificate_number", "certificate_year",
    "certificate_authority", "origin", "growing_area_code", "is_published",
}


def producer_can_act(*, user, producer: Producer) -> bool:
    """True when this person may act for the producer: its own staff, or an organizer."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user_is_organizer(user):
        return True
    return producer.staff.filter(pk=user.pk).exists()


def _apply(instance, *, fields: dict, allowed: set[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError({name: "This field cannot be changed here." for name in sorted(unknown)})
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save(update_fields=sorted(fields))


@transaction.atomic
def booth_update(*, booth: Booth, user, **fields) -> Booth:
    """Change a booth's texts, for its producer's staff or an organizer only."""
    if not producer_can_act(user=user, producer=booth.producer):
        raise PermissionDenied("You may only edit your own producer's booth.")
    _apply(booth, fields=fields, allowed=BOOTH_EDITABLE_FIELDS)
    return booth


@transaction.atomic
def product_update(*, product: Product, user, **fields) -> Product:
    """Change a product's texts, price, stock or certificate, for its producer's staff or an organizer only."""
    if not producer_can_act(user=user, producer=product.booth.producer):
        raise PermissionDenied("You may only edit your own producer's products.")
    _apply(product, fields=fields, allowed=PRODUCT_EDITABLE_FIELDS)
    return product
