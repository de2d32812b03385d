"""Writes of producers, booths and products; who may act for a producer is decided here."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from booths.models import Booth, Conversation, Message, Producer, Product
from fair.errors import ClientError
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
        raise ClientError("empty", "A message needs some text.")
    if len(text) > MAX_TEXT:
        raise ClientError("too_long", f"A message may have at most {MAX_TEXT} characters.")
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
