"""Writes of orders: checkout, stock taken and given back, the status machine, the producer's stock count.

Stock is taken with one conditional UPDATE per product, in product-id order, inside the
transaction that creates the order: two buyers can never both get the last jar, two
orders sharing products cannot deadlock, and an order with several lines is all or nothing.
Every change is announced through fair.events.broadcast after the transaction commits.
"""

import hashlib
import json
import secrets
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from booths.models import Booth, Product
from booths.orders.models import Order, OrderEvent, OrderLine
from booths.orders.payments import vietqr
from booths.services import producer_can_act
from fair import groups
from fair.errors import ClientError
from fair.events import after_commit_payload, broadcast
from fair.text import localized

MAX_LINES = 20  # products in one order
MAX_QUANTITY = 99  # of one product in one order: OCOP batches are small
LOW_STOCK = 3  # the console warns when a product has this many or fewer left
TRANSITIONS = {
    Order.Status.PLACED: {Order.Status.CONFIRMED, Order.Status.CANCELLED},  # cash on delivery starts here
    Order.Status.AWAITING_PAYMENT: {Order.Status.PAID, Order.Status.CANCELLED},  # a bank transfer starts here
    Order.Status.PAID: {Order.Status.CONFIRMED, Order.Status.CANCELLED},
    Order.Status.CONFIRMED: {Order.Status.SHIPPED, Order.Status.CANCELLED},
    Order.Status.SHIPPED: {Order.Status.DELIVERED},
    Order.Status.DELIVERED: set(),
    Order.Status.CANCELLED: set(),
}
VISITOR_MAY = {Order.Status.CANCELLED}  # a visitor may only cancel, and only before it is confirmed
VISITOR_MAY_CANCEL_FROM = (Order.Status.PLACED, Order.Status.AWAITING_PAYMENT)
PAID_ONLY_BY_PAYMENT = {Order.Status.PAID}  # an order becomes paid only through booths.orders.payments.services
MAX_REASON = 200  # characters of a cancel reason or a tracking note
CONTACT_LIMITS = {"name": 120, "address": 500, "note": 500}  # characters kept of each part of the buyer's contact
MAX_PHONE = 20  # characters of a phone number as typed (9 to 12 digits, with spaces or dots)
PHONE_DIGITS = (9, 12)  # a Vietnamese mobile or landline number, with or without the country code
MIN_ADDRESS = 5  # characters of a delivery address: a street and a place
FIELD_NAMES = {"name": _l("name"), "phone": _l("phone"), "address": _l("delivery address"), "payment": _l("payment")}
CLAIMED_ORDERS_KEY = "claimed_orders"  # session: numbers of orders this browser found by number and phone
CLAIMED_ORDERS_KEPT = 50  # the most recent ones are kept


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
        "bank": _bank_payload(order, producer) if order.payment == Order.Payment.TRANSFER else None,
        "pay_by": order.pay_by.isoformat() if order.pay_by else None,
        "payments": [{"id": p.id, "amount_vnd": p.amount_vnd, "outcome": p.outcome, "outcome_label": p.get_outcome_display(),
                      "needs_producer": p.needs_producer, "resolution": p.resolution, "received": p.received_at.isoformat()}
                     for p in order.payments.all()],
    }


def _bank_payload(order: Order, producer) -> dict:
    """Where and how a transfer order is paid: the account, the exact amount, the note, and the VietQR text."""
    bank = vietqr.bank_by_bin(producer.bank_bin) if producer.bank_bin else None
    usable = vietqr.transfer_problem(producer) is None
    return {"bank": bank.short_name if bank else producer.bank_name, "bin": producer.bank_bin,
            "account": vietqr.account_digits(producer.bank_account_number), "holder": producer.bank_account_name,
            "reference": vietqr.transfer_note(order), "amount_vnd": order.total_vnd,
            "qr": vietqr.order_payload(order) if usable else ""}


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


def phone_digits(phone: str) -> str:
    """The digits of a phone number as typed (spaces, dots and dashes dropped)."""
    return "".join(ch for ch in (phone or "") if ch.isdigit())


def contact_problems(contact: dict) -> list[str]:
    """Which parts of a buyer's contact are missing or wrong: "name", "phone", "address", "payment" (the checkout
    form says them at their fields; order_place refuses the order with them)."""
    problems = []
    if not str(contact.get("name") or "").strip():
        problems.append("name")
    if not PHONE_DIGITS[0] <= len(phone_digits(str(contact.get("phone") or ""))) <= PHONE_DIGITS[1]:
        problems.append("phone")
    if len(str(contact.get("address") or "").strip()) < MIN_ADDRESS:
        problems.append("address")
    if str(contact.get("payment") or "").strip() not in Order.Payment.values:
        problems.append("payment")
    return problems


def _clean_contact(contact) -> dict:
    contact = contact if isinstance(contact, dict) else {}
    cleaned = {key: str(contact.get(key) or "").strip() for key in ("name", "phone", "address", "note", "payment")}
    problems = contact_problems(cleaned)
    if problems:
        raise ClientError("bad_contact", _("Please check: %(fields)s.") % {"fields": ", ".join(str(FIELD_NAMES[p]) for p in problems)})
    cleaned["phone"] = phone_digits(cleaned["phone"])
    for key, limit in CONTACT_LIMITS.items():
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
    if contact["payment"] == Order.Payment.TRANSFER:
        problem = vietqr.transfer_problem(booth.producer)
        if problem and not Order.objects.filter(visitor_id=visitor_id, idempotency_key=idempotency_key).exists():
            raise ClientError("transfer_unavailable", problem)
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
                                 name_en=product.name_en, unit_en=product.unit_en,
                                 unit_price_vnd=product.price_vnd, quantity=quantity, total_vnd=line_total)
    order.total_vnd = total
    first = Order.Status.PLACED
    if order.payment == Order.Payment.TRANSFER:
        # Paid by transfer: it waits for the money, and gives its stock back if none comes in time.
        first = order.status = Order.Status.AWAITING_PAYMENT
        order.pay_by = timezone.now() + timedelta(hours=booth.producer.payment_window_hours)
        transaction.on_commit(lambda: _schedule_expiry(order))
    order.save(update_fields=["total_vnd", "status", "pay_by"])
    OrderEvent.objects.create(order=order, from_status="", to_status=first, actor="visitor")
    announce_order(order, new=True)
    _announce_stock(products.values())
    return order


def _schedule_expiry(order: Order) -> None:
    from booths.orders.payments.services import order_expire  # the task calls back into this module

    order_expire.using(run_after=order.pay_by).enqueue(order.pk)


def announce_order(order: Order, new: bool = False) -> None:
    """After commit: the order as it now is, to whoever follows it and to its producer's consoles."""
    payload = after_commit_payload(lambda: order_payload(Order.objects.with_details().get(pk=order.pk)))
    broadcast(groups.order_group(order.pk), lambda: {"type": "order.status", "order": payload()})
    broadcast(groups.producer_group(order.booth.producer_id),
              lambda: {"type": "order.status", "order": payload(), "new": new})


def stock_event(product: Product) -> dict:
    """A product's stock as every open booth page and console shows it."""
    return {"type": "product.stock", "product": product.slug, "stock": product.stock,
            "sold_out": product.stock == 0, "low": product.stock <= LOW_STOCK}


def _announce_stock(products) -> None:
    """After commit: each product's stock as committed, to its booth's visitors and its producer's consoles."""
    places = Product.objects.filter(pk__in=[p.pk for p in products]).values_list("pk", "booth_id", "booth__producer_id")
    for product_id, booth_id, producer_id in places:
        current = after_commit_payload(lambda product_id=product_id: stock_event(Product.objects.get(pk=product_id)))
        broadcast(groups.booth_group(booth_id), current)
        broadcast(groups.producer_group(producer_id), current)


def order_transition(*, order: Order, to: str, actor: str, user=None, reason: str = "", tracking_note: str = "") -> Order:
    """Move an order along its steps (placed → confirmed, or awaiting payment → paid → confirmed; then shipped →
    delivered), or cancel it (restoring stock once). Paid comes only from a payment (booths.orders.payments)."""
    if to not in Order.Status.values:
        raise ClientError("bad_status", _("No such order status."))
    if actor == "producer" and not producer_can_act(user=user, producer=order.booth.producer):
        raise ClientError("not_found", _("No such order."))
    if actor == "visitor" and to not in VISITOR_MAY:
        raise ClientError("forbidden", _("Only the producer can do that."))
    if to in PAID_ONLY_BY_PAYMENT:
        raise ClientError("payment_needed", _("An order becomes paid when its payment is recorded: use “Payment received”."))
    reason = (reason or "").strip()[:MAX_REASON]
    if to == Order.Status.CANCELLED and actor == "producer" and not reason:
        raise ClientError("reason_needed", _("Say why the order is cancelled: the buyer will read it."))
    with transaction.atomic():
        current = Order.objects.select_for_update().get(pk=order.pk)
        if actor == "visitor" and current.status not in VISITOR_MAY_CANCEL_FROM:
            raise ClientError("illegal_transition", _("Once confirmed, only the producer can cancel: write to them in the booth."))
        transition_locked(current, to=to, actor=actor, user=user, reason=reason, tracking_note=tracking_note,
                          booth=order.booth)
    order.refresh_from_db()
    return order


def transition_locked(current: Order, *, to: str, actor: str, user=None, reason: str = "", tracking_note: str = "",
                      booth=None) -> None:
    """One step of the status machine on an order row locked by the caller's transaction (select_for_update):
    the conditional update, its event, stock given back on cancel, the announcement after commit."""
    if to not in TRANSITIONS[current.status]:
        raise ClientError("illegal_transition", _("An order that is %(now)s cannot become %(next)s.") % {
            "now": current.get_status_display().lower(), "next": Order.Status(to).label.lower()})
    changes = {"status": to}
    if to == Order.Status.CANCELLED:
        changes["cancel_reason"] = reason
    if to == Order.Status.SHIPPED and tracking_note:
        changes["tracking_note"] = tracking_note.strip()[:MAX_REASON]
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
    if booth is not None:
        current.booth = booth  # the caller's booth: no query for the producer's group
    announce_order(current)
    current.status = to


def product_set_stock(*, product: Product, user, stock: int) -> Product:
    """The producer counts their shelf: set a product's stock (tells every open booth page)."""
    if not isinstance(stock, int) or isinstance(stock, bool) or not 0 <= stock <= 1_000_000:
        raise ClientError("bad_field", _("Stock is a whole number from 0."))
    if not producer_can_act(user=user, producer=product.booth.producer):
        raise ClientError("not_found", _("No such product."))
    with transaction.atomic():
        Product.objects.filter(pk=product.pk).update(stock=stock)
        _announce_stock([product])


def order_claim(*, session, order: Order) -> None:
    """This browser found the order by its number and phone: it may now see and follow it."""
    claimed = list(session.get(CLAIMED_ORDERS_KEY, []))
    if order.number not in claimed:
        session[CLAIMED_ORDERS_KEY] = (claimed + [order.number])[-CLAIMED_ORDERS_KEPT:]
