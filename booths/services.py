"""Writes of producers, booths, products, chat and orders; who may act for a producer is decided here."""

import hashlib
import json
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, FileField, Max
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from booths.models import (
    Booth, Conversation, DiaryEntry, Hotspot, Message, Order, OrderEvent, OrderLine, ProcessTour, Producer, Product,
    TourStep,
)
from fair.errors import ClientError
from fair.text import localized
from fair.selectors import user_is_organizer
from realtime import groups
from realtime.broadcast import broadcast
from realtime.protocol import MAX_NAME, MAX_TEXT

BOOTH_EDITABLE_FIELDS = {
    "title_vi", "title_en", "tagline_vi", "tagline_en", "opening_hours",
}
PRODUCT_EDITABLE_FIELDS = {
    "name_vi", "name_en", "story_vi", "story_en", "category", "price_vnd", "unit_vi", "unit_en",
    "stock", "stars", "certificate_level", "certificate_number", "certificate_year",
    "certificate_authority", "origin", "growing_area_code", "is_published",
}


PRODUCER_EDITABLE_FIELDS = {
    "story_vi", "story_en", "contact_phone", "contact_email", "bank_name", "bank_account_number", "bank_account_name",
}


def producer_can_edit(*, user, producer: Producer) -> bool:
    """True for the producer's own staff: only they build the booth in the editor (organizers may look)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return producer.staff.filter(pk=user.pk).exists()


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


# Chat ---------------------------------------------------------------------------------
# The database is the mailbox: a message is stored (once per conversation and client id)
# before anyone is told, and the doorbell rings only after the transaction commits.



def message_payload(message: Message) -> dict:
    """A message as clients see it."""
    return {
        "id": message.id, "prev_id": message.prev_id, "conversation": message.conversation_id,
        "sender": message.sender, "author": message.author_name, "text": message.text,
        "client_id": message.client_id, "created": message.created_at.isoformat(),
    }


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ClientError("empty", _("A message needs some text."))
    if len(text) > MAX_TEXT:
        raise ClientError("too_long", _("A message may have at most %(count)s characters.") % {"count": MAX_TEXT})
    return text


@transaction.atomic
def conversation_for_visitor(*, booth: Booth, visitor_id: str, visitor_name: str = "") -> Conversation:
    """The visitor's conversation with this booth, started on first use; a new name replaces the old."""
    conversation, _ = Conversation.objects.get_or_create(booth=booth, visitor_id=visitor_id)
    name = (visitor_name or "").strip()[:MAX_NAME]
    if name and name != conversation.visitor_name:
        conversation.visitor_name = name
        conversation.save(update_fields=["visitor_name"])
    return conversation


def message_send(*, conversation: Conversation, sender: str, client_id: str, text: str, author=None,
                 author_name: str = "") -> tuple[Message, bool]:
    """Store a message once per (conversation, client_id) and ring the doorbells after commit.

    Returns (message, created): a resend with a known client id returns the stored message.
    """
    text = _clean_text(text)
    existing = Message.objects.filter(conversation=conversation, client_id=client_id).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            # Lock the conversation: messages of one conversation are numbered one at a time,
            # so prev_id always names the message just before (clients detect gaps with it).
            locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
            message = Message.objects.create(
                conversation=locked, sender=sender, author=author, client_id=client_id, text=text,
                author_name=(author_name or "")[:MAX_NAME], prev_id=locked.last_message_id,
            )
            Conversation.objects.filter(pk=locked.pk).update(last_message_id=message.id)
            event = {"type": "chat.message", "message": message_payload(message)}
            broadcast(groups.conversation_group(locked.pk), event)
            broadcast(groups.producer_group(locked.booth.producer_id), {
                **event, "booth": locked.booth.slug, "booth_title": locked.booth.title_vi, "visitor": locked.visitor_name})
    except IntegrityError:
        # The same client id raced in from another connection: that one was stored first.
        return Message.objects.get(conversation=conversation, client_id=client_id), False
    return message, True


def conversation_mark_read(*, conversation: Conversation, reader: str, up_to: int) -> None:
    """Remember how far the visitor or the producer has read, and tell the other side."""
    field = "producer_read_id" if reader == Message.Sender.PRODUCER else "visitor_read_id"
    up_to = min(up_to, conversation.last_message_id)
    with transaction.atomic():
        updated = Conversation.objects.filter(pk=conversation.pk, **{f"{field}__lt": up_to}).update(**{field: up_to})
        if updated:
            event = {"type": "chat.read", "conversation": conversation.pk, "sender": reader, "up_to": up_to}
            broadcast(groups.conversation_group(conversation.pk), event)
            broadcast(groups.producer_group(conversation.booth.producer_id), event)


# Announcements: one producer message to everyone in a booth -------------------------------

def announcement_payload(announcement) -> dict:
    return {"id": announcement.id, "prev_id": announcement.prev_id, "booth": announcement.booth.slug,
            "author": announcement.author_name, "text": announcement.text, "client_id": announcement.client_id,
            "created": announcement.created_at.isoformat()}


def announcement_send(*, booth: Booth, user, client_id: str, text: str):
    """Store a producer's announcement once per (booth, client_id), then ring every visitor's socket in the booth.

    Returns (announcement, created); a resend with a known client id returns the stored one.
    """
    from booths.models import Announcement

    if not producer_can_act(user=user, producer=booth.producer):
        raise ClientError("forbidden", _("You may not do that on this socket."))
    text = _clean_text(text)
    existing = Announcement.objects.filter(booth=booth, client_id=client_id).select_related("booth").first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            locked = Booth.objects.select_for_update().get(pk=booth.pk)
            announcement = Announcement.objects.create(
                booth=locked, author=user, author_name=(user.get_full_name() or user.get_username())[:MAX_NAME],
                client_id=client_id, text=text, prev_id=locked.last_announcement_id)
            Booth.objects.filter(pk=locked.pk).update(last_announcement_id=announcement.id)
            broadcast(groups.booth_group(locked.pk), {"type": "booth.announcement",
                                                      "announcement": announcement_payload(announcement)})
    except IntegrityError:
        return Announcement.objects.select_related("booth").get(booth=booth, client_id=client_id), False
    return announcement, True


def announcements_after(*, booth: Booth, after: int, limit: int = 200) -> list[dict]:
    """The booth's announcements after `after` (what a visitor who missed some asks for), oldest first."""
    from booths.models import Announcement

    rows = Announcement.objects.filter(booth=booth, id__gt=after).select_related("booth").order_by("id")[:limit]
    return [announcement_payload(row) for row in rows]


# Orders -------------------------------------------------------------------------------
# Stock is taken with one conditional UPDATE per product, in product-id order, inside the
# transaction that creates the order: two buyers can never both get the last jar, two
# orders sharing products cannot deadlock, and an order with several lines is all or nothing.

MAX_LINES = 20  # products in one order
MAX_QUANTITY = 99  # of one product in one order: OCOP batches are small
LOW_STOCK = 3  # the console warns when a product has this many or fewer left
TRANSITIONS = {
    Order.Status.PLACED: {Order.Status.CONFIRMED, Order.Status.CANCELLED},
    Order.Status.CONFIRMED: {Order.Status.SHIPPED, Order.Status.CANCELLED},
    Order.Status.SHIPPED: {Order.Status.DELIVERED},
    Order.Status.DELIVERED: set(),
    Order.Status.CANCELLED: set(),
}
VISITOR_MAY = {Order.Status.CANCELLED}  # a visitor may only cancel, and only before it is confirmed
VISITOR_MAY_CANCEL_FROM = (Order.Status.PLACED,)
MAX_REASON = 200  # characters of a cancel reason or a tracking note
FIELD_NAMES = {"name": _l("name"), "phone": _l("phone"), "address": _l("delivery address"), "payment": _l("payment")}
ACTIVE = (Order.Status.PLACED, Order.Status.CONFIRMED, Order.Status.SHIPPED, Order.Status.DELIVERED)


def order_payload(order: Order) -> dict:
    """An order as its visitor and its producer see it."""
    producer = order.booth.producer
    return {
        "number": order.number, "id": order.id, "booth": order.booth.slug, "status": order.status,
        "status_label": order.get_status_display(), "total_vnd": order.total_vnd, "payment": order.payment,
        "name": order.name, "phone": order.phone, "address": order.address, "note": order.note,
        "tracking_note": order.tracking_note, "cancel_reason": order.cancel_reason,
        "created": order.created_at.isoformat(),
        "lines": [{"product": line.product.slug, "name": line.name, "unit": line.unit, "quantity": line.quantity,
                   "unit_price_vnd": line.unit_price_vnd, "total_vnd": line.total_vnd} for line in order.lines.all()],
        "events": [{"from": e.from_status, "to": e.to_status, "actor": e.actor, "reason": e.reason,
                    "at": e.created_at.isoformat()} for e in order.events.all()],
        "bank": ({"bank": producer.bank_name, "account": producer.bank_account_number, "holder": producer.bank_account_name,
                  "reference": order.number} if order.payment == Order.Payment.TRANSFER else None),
    }


def _clean_lines(lines) -> dict[str, int]:
    if not isinstance(lines, list) or not lines:
        raise ClientError("empty_order", _("Choose at least one product."))
    if len(lines) > MAX_LINES:
        raise ClientError("too_many_lines", _("An order may have at most %(count)s products.") % {"count": MAX_LINES})
    wanted: dict[str, int] = {}
    for line in lines:
        product, quantity = (line.get("product"), line.get("quantity")) if isinstance(line, dict) else (None, None)
        if not isinstance(product, str) or not isinstance(quantity, int) or isinstance(quantity, bool):
            raise ClientError("bad_line", _("Each line needs a product and a whole quantity."))
        wanted[product] = wanted.get(product, 0) + quantity
    for product, quantity in wanted.items():
        if not 1 <= quantity <= MAX_QUANTITY:
            raise ClientError("bad_quantity", _("Quantities are whole numbers from 1 to %(most)s.") % {"most": MAX_QUANTITY})
    return wanted


def _clean_contact(contact) -> dict:
    contact = contact if isinstance(contact, dict) else {}
    cleaned = {key: str(contact.get(key) or "").strip() for key in ("name", "phone", "address", "note", "payment")}
    problems = []
    if not cleaned["name"]:
        problems.append("name")
    digits = "".join(ch for ch in cleaned["phone"] if ch.isdigit())
    if not 9 <= len(digits) <= 12:
        problems.append("phone")
    if len(cleaned["address"]) < 5:
        problems.append("address")
    if cleaned["payment"] not in Order.Payment.values:
        problems.append("payment")
    if problems:
        raise ClientError("bad_contact", _("Please check: %(fields)s.") % {"fields": ", ".join(str(FIELD_NAMES[p]) for p in problems)})
    cleaned["phone"] = digits
    for key, limit in (("name", 120), ("address", 500), ("note", 500)):
        cleaned[key] = cleaned[key][:limit]
    return cleaned


def _payload_hash(wanted: dict, contact: dict) -> str:
    canonical = json.dumps({"lines": sorted(wanted.items()), "contact": contact}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _same_key(existing: Order, payload_hash: str) -> Order:
    if existing.payload_hash != payload_hash:
        raise ClientError("key_reused", _("This order key was already used for a different order; start a new order."))
    return existing


def order_quote(*, booth: Booth, lines) -> dict:
    """What an order would cost now: server prices, availability; nothing is reserved."""
    wanted = _clean_lines(lines)
    products = {p.slug: p for p in Product.objects.filter(booth=booth, is_published=True, slug__in=wanted)}
    quoted, total = [], 0
    for slug, quantity in wanted.items():
        product = products.get(slug)
        if product is None:
            raise ClientError("unknown_product", _("A product is not sold in this booth."))
        line_total = product.price_vnd * quantity
        total += line_total
        quoted.append({"product": slug, "quantity": quantity, "unit_price_vnd": product.price_vnd,
                       "total_vnd": line_total, "available": product.stock >= quantity, "stock": product.stock})
    return {"lines": quoted, "total_vnd": total}


def order_place(*, booth: Booth, visitor_id: str, lines, contact, idempotency_key: str) -> tuple[Order, bool]:
    """Place an order: all its lines' stock taken or none; the same key and payload return the same order."""
    if not isinstance(idempotency_key, str) or not 8 <= len(idempotency_key) <= 64:
        raise ClientError("bad_key", _("An order needs a key of 8 to 64 characters."))
    wanted = _clean_lines(lines)
    contact = _clean_contact(contact)
    payload_hash = _payload_hash(wanted, contact)
    existing = Order.objects.filter(visitor_id=visitor_id, idempotency_key=idempotency_key).first()
    if existing:
        return _same_key(existing, payload_hash), False
    try:
        with transaction.atomic():
            order = _order_create(booth=booth, visitor_id=visitor_id, wanted=wanted, contact=contact,
                                  payload_hash=payload_hash, idempotency_key=idempotency_key)
    except IntegrityError:
        # The same key raced in from a double tap: that order was stored first.
        existing = Order.objects.filter(visitor_id=visitor_id, idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return _same_key(existing, payload_hash), False
    return order, True


def _order_create(*, booth, visitor_id, wanted, contact, payload_hash, idempotency_key) -> Order:
    order = Order.objects.create(
        number=f"OCOP-{secrets.token_hex(4).upper()}", booth=booth, visitor_id=visitor_id,
        idempotency_key=idempotency_key, payload_hash=payload_hash, total_vnd=0,
        **{key: contact[key] for key in ("name", "phone", "address", "note", "payment")},
    )
    products = {p.slug: p for p in Product.objects.filter(booth=booth, is_published=True, slug__in=wanted)}
    if len(products) != len(wanted):
        raise ClientError("unknown_product", _("A product is not sold in this booth."))
    total = 0
    for product in sorted(products.values(), key=lambda p: p.pk):  # one lock order for every order
        quantity = wanted[product.slug]
        taken = Product.objects.filter(pk=product.pk, is_published=True, stock__gte=quantity).update(stock=F("stock") - quantity)
        if not taken:
            raise ClientError("sold_out", _("Not enough left of %(name)s: sold out or fewer than %(quantity)s.")
                              % {"name": localized(product, "name"), "quantity": quantity})
        line_total = product.price_vnd * quantity
        total += line_total
        OrderLine.objects.create(order=order, product=product, name=product.name_vi, unit=product.unit_vi,
                                 unit_price_vnd=product.price_vnd, quantity=quantity, total_vnd=line_total)
    order.total_vnd = total
    order.save(update_fields=["total_vnd"])
    OrderEvent.objects.create(order=order, from_status="", to_status=Order.Status.PLACED, actor="visitor")
    _announce_order(order, new=True)
    _announce_stock(products.values())
    return order


def _announce_order(order: Order, new: bool = False) -> None:
    transaction.on_commit(lambda: _send_order(order.pk, new))


def _send_order(order_id: int, new: bool) -> None:
    from realtime.broadcast import send_now

    order = Order.objects.select_related("booth__producer").prefetch_related("lines__product", "events").get(pk=order_id)
    payload = order_payload(order)
    send_now(groups.order_group(order.pk), {"type": "order.status", "order": payload})
    send_now(groups.producer_group(order.booth.producer_id), {"type": "order.status", "order": payload, "new": new})


def _announce_stock(products) -> None:
    ids = [p.pk for p in products]

    def send():
        from realtime.broadcast import send_now

        for product in Product.objects.filter(pk__in=ids).select_related("booth"):
            event = {"type": "product.stock", "product": product.slug, "stock": product.stock,
                     "sold_out": product.stock == 0, "low": product.stock <= LOW_STOCK}
            send_now(groups.booth_group(product.booth_id), event)
            send_now(groups.producer_group(product.booth.producer_id), event)

    transaction.on_commit(send)


def order_transition(*, order: Order, to: str, actor: str, user=None, reason: str = "", tracking_note: str = "") -> Order:
    """Move an order along placed → confirmed → shipped → delivered, or cancel it (restoring stock once)."""
    if to not in Order.Status.values:
        raise ClientError("bad_status", _("No such order status."))
    if actor == "producer" and not producer_can_act(user=user, producer=order.booth.producer):
        raise ClientError("not_found", _("No such order."))
    if actor == "visitor" and to not in VISITOR_MAY:
        raise ClientError("forbidden", _("Only the producer can do that."))
    reason = (reason or "").strip()[:200]
    if to == Order.Status.CANCELLED and actor == "producer" and not reason:
        raise ClientError("reason_needed", _("Say why the order is cancelled: the buyer will read it."))
    with transaction.atomic():
        current = Order.objects.select_for_update().get(pk=order.pk)
        if actor == "visitor" and current.status != Order.Status.PLACED:
            raise ClientError("illegal_transition", _("Once confirmed, only the producer can cancel: write to them in the booth."))
        if to not in TRANSITIONS[current.status]:
            raise ClientError("illegal_transition", _("An order that is %(now)s cannot become %(next)s.") % {
                "now": current.get_status_display().lower(), "next": Order.Status(to).label.lower()})
        changes = {"status": to}
        if to == Order.Status.CANCELLED:
            changes["cancel_reason"] = reason
        if to == Order.Status.SHIPPED and tracking_note:
            changes["tracking_note"] = tracking_note.strip()[:200]
        # Conditional on the status we read: of two racing transitions only one wins.
        if not Order.objects.filter(pk=current.pk, status=current.status).update(**changes):
            raise ClientError("conflict", _("The order changed meanwhile; look again."))
        OrderEvent.objects.create(order=current, from_status=current.status, to_status=to, actor=actor,
                                  user=user if actor == "producer" else None, reason=reason or tracking_note)
        if to == Order.Status.CANCELLED:
            lines = list(current.lines.select_related("product").order_by("product_id"))
            for line in lines:
                Product.objects.filter(pk=line.product_id).update(stock=F("stock") + line.quantity)
            _announce_stock([line.product for line in lines])
        _announce_order(current)
    order.refresh_from_db()
    return order


def product_set_stock(*, product: Product, user, stock: int) -> Product:
    """The producer counts their shelf: set a product's stock (tells every open booth page)."""
    if not isinstance(stock, int) or isinstance(stock, bool) or not 0 <= stock <= 1_000_000:
        raise ClientError("bad_field", _("Stock is a whole number from 0."))
    if not producer_can_act(user=user, producer=product.booth.producer):
        raise ClientError("not_found", _("No such product."))
    with transaction.atomic():
        Product.objects.filter(pk=product.pk).update(stock=stock)
        _announce_stock([product])
    product.refresh_from_db()
    return product
