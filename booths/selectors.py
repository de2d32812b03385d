"""Reads of booths and products, always through the one visibility rule in fair.selectors."""

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from booths.models import Booth, Hotspot, Product, TourStep
from fair.selectors import booth_visible_q


def booth_get(*, slug: str, user) -> Booth:
    """A booth this person may see, with its producer and hall, or 404."""
    booth = (
        Booth.objects.select_related("producer", "hall", "hall__fair")
        .filter(booth_visible_q(user=user), slug=slug)
        .first()
    )
    if booth is None:
        raise Http404("No such booth.")
    return booth


def booth_products(*, booth: Booth) -> QuerySet[Product]:
    """The products a booth shows, with their images."""
    return booth.products.filter(is_published=True).prefetch_related("images").order_by("order", "id")


def booth_tour_steps(*, booth: Booth) -> list[TourStep]:
    """The steps of a booth's production-process tour, in order, with hotspots."""
    return list(
        TourStep.objects.filter(tour__booth=booth)
        .exclude(panorama="")  # a step the producer has not given its panorama yet is not shown
        .prefetch_related(Prefetch("hotspots", queryset=Hotspot.objects.order_by("yaw")))
        .order_by("order")
    )


def product_get(*, slug: str, user) -> Product:
    """A shown product of a visible booth, with images, diary and spin frames, or 404."""
    product = (
        Product.objects.select_related("booth", "booth__producer", "booth__hall", "booth__hall__fair")
        .prefetch_related("images", "diary", "spin_frames")
        .filter(is_published=True)
        .filter(**{"booth__in": Booth.objects.filter(booth_visible_q(user=user))})
        .filter(slug=slug)
        .first()
    )
    if product is None:
        raise Http404("No such product.")
    return product


def booth_tour_data(*, steps: list[TourStep]) -> list[dict]:
    """What the 360° tour viewer shows: each step's texts, panoramas (phone and full size) and hotspots."""
    from booths.media import PANORAMA_WIDTHS, rendition_url
    from fair.text import localized

    return [{
        "title": localized(step, "title"),
        "narration": localized(step, "narration"),
        "panorama": step.panorama.url,
        "panorama_small": rendition_url(step.panorama, PANORAMA_WIDTHS[0]),
        "hotspots": [{"yaw": h.yaw, "pitch": h.pitch, "label": localized(h, "label"), "text": localized(h, "text")}
                     for h in step.hotspots.all()],
    } for step in steps]


def product_spin_frames(*, product: Product) -> list[str]:
    """URLs of a product's 360° spin photos, in order."""
    return [frame.image.url for frame in product.spin_frames.all()]


# Chat ---------------------------------------------------------------------------------

def conversation_messages(*, conversation, after: int = 0, limit: int = 500) -> list:
    """A conversation's messages after a server id, oldest first."""
    from booths.models import Message

    return list(Message.objects.filter(conversation=conversation, id__gt=after).order_by("id")[:limit])


def producer_messages_after(*, producer_ids, after: int, limit: int = 500) -> list:
    """Every message in these producers' conversations after a server id, oldest first (a console resuming)."""
    from booths.models import Message

    return list(Message.objects.filter(conversation__booth__producer_id__in=producer_ids, id__gt=after)
                .order_by("id")[:limit])


def producer_conversations(*, producer_ids, limit: int = 100) -> list[dict]:
    """The conversations of these producers' booths, newest first, with unread counts and a preview."""
    from django.db.models import Count, F, OuterRef, Q, Subquery

    from booths.models import Conversation, Message

    last_text = Message.objects.filter(conversation=OuterRef("pk")).order_by("-id").values("text")[:1]
    rows = (Conversation.objects.filter(booth__producer_id__in=producer_ids, last_message_id__gt=0)
            .select_related("booth")
            .annotate(unread=Count("messages", filter=Q(messages__sender="visitor", messages__id__gt=F("producer_read_id"))),
                      preview=Subquery(last_text))
            .order_by("-last_message_id")[:limit])
    return [{"id": c.pk, "booth": c.booth.slug, "booth_title": c.booth.title_vi, "visitor": c.visitor_name or "",
             "last_message_id": c.last_message_id, "unread": c.unread, "preview": (c.preview or "")[:120],
             "visitor_read_id": c.visitor_read_id}
            for c in rows]


def producers_of(*, user) -> list[int]:
    """Ids of the producers this person staffs (organizers staff none by default)."""
    from booths.models import Producer

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    return list(Producer.objects.filter(staff=user).values_list("id", flat=True))


# Orders -------------------------------------------------------------------------------

def _orders():
    from booths.models import Order

    return Order.objects.select_related("booth__producer").prefetch_related("lines__product", "events")


def orders_of_visitor(*, visitor_id: str, claimed=()) -> list:
    """A visitor's orders: placed from this browser, or found by number and phone (claimed)."""
    from django.db.models import Q

    return list(_orders().filter(Q(visitor_id=visitor_id) | Q(number__in=list(claimed))).order_by("-id")[:100])


def order_for_visitor(*, number: str, visitor_id: str, claimed=()):
    """One of the visitor's orders, or None: nobody sees someone else's order."""
    from django.db.models import Q

    return _orders().filter(Q(visitor_id=visitor_id) | Q(number__in=list(claimed)), number=number).first()


def order_find(*, number: str, phone: str):
    """The order with this number whose phone matches (digits only), or None."""
    digits = "".join(ch for ch in (phone or "") if ch.isdigit())
    if not digits:
        return None
    return _orders().filter(number=(number or "").strip().upper(), phone=digits).first()


def order_for_producer(*, number: str, producer_ids):
    """An order of one of these producers' booths, or None."""
    return _orders().filter(number=number, booth__producer_id__in=producer_ids).first()


def producer_orders(*, producer_ids, limit: int = 50) -> list:
    """These producers' recent orders, newest first."""
    return list(_orders().filter(booth__producer_id__in=producer_ids).order_by("-id")[:limit])


def producer_products(*, producer_ids) -> list[dict]:
    """These producers' products with stock, for the console's stock list."""
    from booths.models import Product
    from booths.services import LOW_STOCK

    return [{"slug": p.slug, "name": p.name_vi, "stock": p.stock, "low": p.stock <= LOW_STOCK, "booth": p.booth.slug}
            for p in Product.objects.filter(booth__producer_id__in=producer_ids).select_related("booth").order_by("booth_id", "order", "id")]
