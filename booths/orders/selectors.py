"""Reads of orders: a visitor's own (by browser or claimed by number and phone), a producer's, their stock list."""

from django.db.models import Q

from booths.models import Product
from booths.orders.models import Order, Payment
from booths.orders.services import CLAIMED_ORDERS_KEY, LOW_STOCK


def orders_claimed(*, session) -> list[str]:
    """Numbers of the orders this browser found by number and phone (so it may follow them)."""
    return list(session.get(CLAIMED_ORDERS_KEY, []))


def orders_of_visitor(*, visitor_id: str, claimed=()) -> list[Order]:
    """A visitor's orders: placed from this browser, or found by number and phone (claimed)."""
    return list(Order.objects.with_details().filter(Q(visitor_id=visitor_id) | Q(number__in=list(claimed)))
                .order_by("-id")[:100])


def order_for_visitor(*, number: str, visitor_id: str, claimed=()) -> Order | None:
    """One of the visitor's orders, or None: nobody sees someone else's order."""
    return (Order.objects.with_details()
            .filter(Q(visitor_id=visitor_id) | Q(number__in=list(claimed)), number=number).first())


def order_find(*, number: str, phone: str) -> Order | None:
    """The order with this number whose phone matches (digits only), or None."""
    digits = "".join(ch for ch in (phone or "") if ch.isdigit())
    if not digits:
        return None
    return Order.objects.with_details().filter(number=(number or "").strip().upper(), phone=digits).first()


def order_for_producer(*, number: str, producer_ids) -> Order | None:
    """An order of one of these producers' booths, or None."""
    return Order.objects.with_details().filter(number=number, booth__producer_id__in=producer_ids).first()


def producer_orders(*, producer_ids, limit: int = 50) -> list[Order]:
    """These producers' recent orders, newest first."""
    return list(Order.objects.with_details().filter(booth__producer_id__in=producer_ids).order_by("-id")[:limit])


def producer_product(*, slug: str, producer_ids) -> Product | None:
    """A product of one of these producers' booths (whatever its state), or None."""
    return (Product.objects.select_related("booth__producer")
            .filter(slug=slug, booth__producer_id__in=producer_ids).first())


def producer_products(*, producer_ids) -> list[dict]:
    """These producers' products with stock, for the console's stock list."""
    return [{"slug": p.slug, "name": p.name_vi, "stock": p.stock, "low": p.stock <= LOW_STOCK, "booth": p.booth.slug}
            for p in Product.objects.filter(booth__producer_id__in=producer_ids).select_related("booth")
            .order_by("booth_id", "order", "id")]


def order_by_number(number: str) -> Order | None:
    """An order by its number with its details, whoever asks (callers check who may see it)."""
    return Order.objects.with_details().filter(number=number).first()


def producer_payment(*, payment_id: int, producer_ids) -> Payment | None:
    """A payment recorded for one of these producers (matched to their order, or to their account), or None."""
    return Payment.objects.select_related("producer").filter(pk=payment_id, producer_id__in=producer_ids).first()
