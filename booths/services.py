"""Writes of the catalogue: producers, booths, products, farm diaries, process tours.

Who may act for a producer (`producer_can_act`) and who may build its booth (`producer_can_edit`)
is decided here, once, for every area built on the catalogue.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import FileField, Max
from django.utils.text import slugify

from booths.models import Booth, DiaryEntry, Hotspot, ProcessTour, Producer, Product, TourStep
from fair.selectors import user_is_organizer, user_signed_in

BOOTH_EDITABLE_FIELDS = {
    "title_vi", "title_en", "tagline_vi", "tagline_en", "opening_hours",
}
PRODUCT_EDITABLE_FIELDS = {
    "name_vi", "name_en", "story_vi", "story_en", "category", "price_vnd", "unit_vi", "unit_en",
    "stock", "stars", "certificate_level", "certificate_number", "certificate_year",
    "certificate_authority", "certificate_authority_en", "origin", "growing_area_code", "is_published",
}


PRODUCER_EDITABLE_FIELDS = {
    "story_vi", "story_en", "contact_phone", "contact_email", "bank_name", "bank_account_number", "bank_account_name",
    "bank_bin", "payment_window_hours",
}


def producer_can_edit(*, user, producer: Producer) -> bool:
    """True for the producer's own staff: only they build the booth in the editor (organizers may look)."""
    if not user_signed_in(user):
        return False
    return producer.staff.filter(pk=user.pk).exists()


def producer_can_act(*, user, producer: Producer) -> bool:
    """True when this person may act for the producer: its own staff, or an organizer."""
    if not user_signed_in(user):
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


@transaction.atomic
def producer_update(*, producer: Producer, user, **fields) -> Producer:
    """Change a producer's story, contact and bank account, for its own staff only."""
    if not producer_can_edit(user=user, producer=producer):
        raise PermissionDenied("You may only edit your own producer.")
    _apply(producer, fields=fields, allowed=PRODUCER_EDITABLE_FIELDS)
    return producer


def unique_slug(model, text: str) -> str:
    """An ASCII slug from a Vietnamese name (đ → d), unique in its table."""
    base = slugify(text.replace("đ", "d").replace("Đ", "D"))[:40].strip("-") or "item"
    slug, number = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def product_create(*, booth: Booth, user, **fields) -> Product:
    """A new product in the producer's booth, not shown to visitors until the producer publishes it."""
    if not producer_can_edit(user=user, producer=booth.producer):
        raise PermissionDenied("You may only add products to your own booth.")
    unknown = set(fields) - PRODUCT_EDITABLE_FIELDS
    if unknown:
        raise ValidationError({name: "This field cannot be set here." for name in sorted(unknown)})
    top = booth.products.aggregate(top=Max("order"))["top"] or 0
    product = Product(booth=booth, slug=unique_slug(Product, fields.get("name_vi", "")), order=top + 1, **fields)
    product.full_clean()
    product.save()
    return product


@transaction.atomic
def diary_add(*, product: Product, user, **fields) -> DiaryEntry:
    """A farm-diary line visitors see as traceability."""
    if not producer_can_edit(user=user, producer=product.booth.producer):
        raise PermissionDenied("You may only write your own products' diary.")
    entry = DiaryEntry(product=product, **fields)
    entry.full_clean()
    entry.save()
    return entry


def owned_delete(*, obj, producer: Producer, user) -> None:
    """Remove a photo, video, diary line, tour step or hotspot of the producer's own booth."""
    if not producer_can_edit(user=user, producer=producer):
        raise PermissionDenied("You may only remove your own producer's things.")
    files = [getattr(obj, f.name) for f in obj._meta.fields if isinstance(f, FileField) and getattr(obj, f.name)]
    obj.delete()
    for file in files:
        transaction.on_commit(lambda file=file: file.storage.delete(file.name))


@transaction.atomic
def tour_ensure(*, booth: Booth, user) -> ProcessTour:
    """The booth's process tour, started on first use."""
    if not producer_can_edit(user=user, producer=booth.producer):
        raise PermissionDenied("You may only edit your own booth's tour.")
    tour, _created = ProcessTour.objects.get_or_create(
        booth=booth, defaults={"title_vi": "Quy trình sản xuất", "title_en": "How it is made"})
    return tour


@transaction.atomic
def step_save(*, tour: ProcessTour, user, step: TourStep | None = None, **fields) -> TourStep:
    """Add a step at the end of the tour, or change a step's title and narration."""
    if not producer_can_edit(user=user, producer=tour.booth.producer):
        raise PermissionDenied("You may only edit your own booth's tour.")
    allowed = {"title_vi", "title_en", "narration_vi", "narration_en"}
    if set(fields) - allowed:
        raise ValidationError("Only titles and narration are changed here.")
    if step is None:
        top = tour.steps.aggregate(top=Max("order"))["top"]
        step = TourStep(tour=tour, order=0 if top is None else top + 1)
    for name, value in fields.items():
        setattr(step, name, value)
    step.full_clean(exclude=["panorama"])  # the panorama arrives through an upload
    step.save()
    return step


@transaction.atomic
def step_move(*, step: TourStep, user, by: int) -> None:
    """Swap a step with the one before (by=-1) or after (by=1) it."""
    if not producer_can_edit(user=user, producer=step.tour.booth.producer):
        raise PermissionDenied("You may only edit your own booth's tour.")
    steps = list(TourStep.objects.select_for_update().filter(tour=step.tour).order_by("order"))
    index = next(i for i, s in enumerate(steps) if s.pk == step.pk)
    other = index + by
    if not 0 <= other < len(steps):
        return
    steps[index], steps[other] = steps[other], steps[index]
    # Two passes: the (tour, order) pairs are unique at every moment.
    for offset, item in enumerate(steps):
        TourStep.objects.filter(pk=item.pk).update(order=10000 + offset)
    for offset, item in enumerate(steps):
        TourStep.objects.filter(pk=item.pk).update(order=offset)


@transaction.atomic
def hotspot_add(*, step: TourStep, user, **fields) -> Hotspot:
    """A hotspot where the producer tapped the panorama (yaw, pitch in degrees) with its text."""
    if not producer_can_edit(user=user, producer=step.tour.booth.producer):
        raise PermissionDenied("You may only edit your own booth's tour.")
    hotspot = Hotspot(step=step, **fields)
    hotspot.full_clean()
    hotspot.save()
    return hotspot
