"""Writes of chat and announcements.

The database is the mailbox: a message or an announcement is stored once per client id before
anyone is told, numbered after the one before it (`prev_id`, so clients see a gap and resume),
and the doorbell (fair.events.broadcast) rings only after the transaction commits.
"""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from booths.conversations.models import Announcement, Conversation, Message, Mute
from booths.models import Booth
from booths.services import producer_can_act
from fair import groups
from fair.errors import ClientError
from fair.events import broadcast

MAX_TEXT = 2000  # characters of one chat message or announcement: a long paragraph, not a document
MAX_NAME = 60  # characters of a visitor's or a producer's name shown beside their messages


def message_payload(message: Message) -> dict:
    """A message as clients see it."""
    return {
        "id": message.id, "prev_id": message.prev_id, "conversation": message.conversation_id,
        "sender": message.sender, "author": message.author_name, "text": message.text,
        "client_id": message.client_id, "created": message.created_at.isoformat(),
    }


def announcement_payload(announcement: Announcement) -> dict:
    """An announcement as visitors see it."""
    return {"id": announcement.id, "prev_id": announcement.prev_id, "booth": announcement.booth.slug,
            "author": announcement.author_name, "text": announcement.text, "client_id": announcement.client_id,
            "created": announcement.created_at.isoformat()}


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ClientError("empty", _("A message needs some text."))
    if len(text) > MAX_TEXT:
        raise ClientError("too_long", _("A message may have at most %(count)s characters.") % {"count": MAX_TEXT})
    return text


def _chain_append(*, model, parent, parent_field: str, counter: str, client_id: str, fields: dict, announce):
    """Store one item (a chat message, an announcement) once per (parent, client id), numbered after the parent's
    last one, and announce it after commit. Returns (item, created): a resend returns the stored item."""
    stored = model.objects.select_related(parent_field)
    existing = stored.filter(**{parent_field: parent}, client_id=client_id).first()
    if existing:
        # A resend: its sender never got the answer, so the doorbell may not have rung either (the process that
        # stored it died between the commit and the ring). It rings again; clients show each id once.
        announce(getattr(existing, parent_field), existing)
        return existing, False
    parents = type(parent).objects
    try:
        with transaction.atomic():
            # Lock the parent: its items are numbered one at a time, so prev_id always names the one just before.
            locked = parents.select_for_update().get(pk=parent.pk)
            item = model.objects.create(**{parent_field: locked}, client_id=client_id,
                                        prev_id=getattr(locked, counter), **fields)
            parents.filter(pk=locked.pk).update(**{counter: item.id})
            announce(locked, item)
    except IntegrityError:
        # The same client id raced in from another connection: that one was stored first.
        return stored.get(**{parent_field: parent}, client_id=client_id), False
    return item, True


@transaction.atomic
def conversation_for_visitor(*, booth: Booth, visitor_id: str, visitor_name: str = "") -> Conversation:
    """The visitor's conversation with this booth, started on first use; a new name replaces the old."""
    conversation, _created = Conversation.objects.get_or_create(booth=booth, visitor_id=visitor_id)
    name = (visitor_name or "").strip()[:MAX_NAME]
    if name and name != conversation.visitor_name:
        conversation.visitor_name = name
        conversation.save(update_fields=["visitor_name"])
    return conversation


def mute_active(*, booth: Booth, visitor_id: str) -> Mute | None:
    """The mute that stops this visitor writing in this booth now (its own, or the whole fair's), longest first."""
    where = Q(scope=Mute.Scope.BOOTH, booth=booth)
    if booth.hall_id:
        where |= Q(scope=Mute.Scope.FAIR, fair__halls__id=booth.hall_id)  # the booth's fair, without loading its hall
    return (Mute.objects.filter(where, visitor_id=visitor_id, lifted_at__isnull=True, until__gt=timezone.now())
            .order_by("-until").first())


def muted_error(mute: Mute, client_id: str = "") -> ClientError:
    """What a muted visitor is told, in their language: until when, why, and that this message was not sent."""
    until = timezone.localtime(mute.until)
    where = _("in this booth") if mute.scope == Mute.Scope.BOOTH else _("anywhere in this fair")
    text = _("The fair's moderators have paused your messages %(where)s until %(until)s (reason: %(reason)s). "
             "Your message was not sent; you can copy it from the box.") % {
        "where": where, "until": until.strftime("%H:%M %d/%m/%Y"), "reason": mute.reason}
    return ClientError("muted", text, client_id=client_id, until=until.isoformat())


def message_send(*, conversation: Conversation, sender: str, client_id: str, text: str, author=None,
                 author_name: str = "") -> tuple[Message, bool]:
    """Store a message once per (conversation, client_id) and ring the doorbells after commit.

    Returns (message, created): a resend with a known client id returns the stored message. A muted visitor's
    message is refused (`muted`, with its client id) and not stored, whatever the transport.
    """
    if sender == Message.Sender.VISITOR:
        mute = mute_active(booth=conversation.booth, visitor_id=conversation.visitor_id)  # one query when not muted
        if mute is not None:
            stored = Message.objects.filter(conversation=conversation, client_id=client_id).first()
            if stored is not None:
                return stored, False  # sent before the mute: a resend is still only acknowledged
            raise muted_error(mute, client_id)
    def announce(locked: Conversation, message: Message) -> None:
        event = {"type": "chat.message", "message": message_payload(message)}
        broadcast(groups.conversation_group(locked.pk), event)
        broadcast(groups.producer_group(locked.booth.producer_id), {
            **event, "booth": locked.booth.slug, "booth_title": locked.booth.title_vi, "visitor": locked.visitor_name})

    return _chain_append(
        model=Message, parent=conversation, parent_field="conversation", counter="last_message_id",
        client_id=client_id, announce=announce,
        fields={"sender": sender, "author": author, "text": _clean_text(text), "author_name": (author_name or "")[:MAX_NAME]})


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


def announcement_send(*, booth: Booth, user, client_id: str, text: str) -> tuple[Announcement, bool]:
    """Store a producer's announcement once per (booth, client_id), then ring every visitor's socket in the booth.

    Returns (announcement, created); a resend with a known client id returns the stored one.
    """
    if not producer_can_act(user=user, producer=booth.producer):
        raise ClientError("forbidden", _("You may not do that on this socket."))

    def announce(locked: Booth, announcement: Announcement) -> None:
        broadcast(groups.booth_group(locked.pk), {"type": "booth.announcement",
                                                  "announcement": announcement_payload(announcement)})

    return _chain_append(
        model=Announcement, parent=booth, parent_field="booth", counter="last_announcement_id",
        client_id=client_id, announce=announce,
        fields={"author": user, "author_name": (user.get_full_name() or user.get_username())[:MAX_NAME],
                "text": _clean_text(text)})
